import { fromAbsolute, parseDate, startOfWeek, toCalendarDate, type CalendarDate, type DayOfWeek } from '@internationalized/date';
import { z } from 'zod';

/**
 * Calendar fields and arithmetic shared by goals and meetings. Dates are wall-clock dates in
 * someone's zone, computed with @internationalized/date, never by dividing milliseconds: a
 * day is not always 24 hours (DST), and the hub's own zone is nobody's.
 */

const isZone = (name: string) => {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone name (`Europe/Lisbon`, `UTC`), as the member's browser reports it. */
export const TimeZone = z.string().max(64).refine(isZone, 'not an IANA time zone');

const isDate = (s: string) => {
  try {
    return parseDate(s).toString() === s;
  } catch {
    return false;
  }
};

/** A wall-clock date, `YYYY-MM-DD`. */
export const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine(isDate, 'not a date');

export const FIRST_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const satisfies readonly DayOfWeek[];
/** The first day of the week, where the locale alone would not say (a member's own choice). */
export const FirstDay = z.enum(FIRST_DAYS);
export type FirstDay = z.infer<typeof FirstDay>;

/** How a member's week starts: their locale's rule, or a first day they chose. */
export interface WeekRule {
  locale?: string;
  firstDay?: FirstDay;
}

/** The date at `instant` in `zone`. */
export const localDateAt = (instant: number, zone: string): string => toCalendarDate(fromAbsolute(instant, zone)).toString();

/** Minutes since local midnight at `instant` in `zone`. */
export function localMinutesAt(instant: number, zone: string): number {
  const z = fromAbsolute(instant, zone);
  return z.hour * 60 + z.minute;
}

const safeLocale = (locale: string | undefined) => {
  try {
    return Intl.getCanonicalLocales(locale ?? 'en-GB')[0] ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
};

/** The first date of the week holding `date`, by the member's rule. */
export const weekStartOf = (date: string | CalendarDate, rule: WeekRule = {}): string =>
  startOfWeek(typeof date === 'string' ? parseDate(date) : date, safeLocale(rule.locale), rule.firstDay).toString();

/** `date` moved by whole days (wall-clock, so DST does not enter into it). */
export const addDays = (date: string, days: number): string => parseDate(date).add({ days }).toString();
