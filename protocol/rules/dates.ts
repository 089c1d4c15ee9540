import { fromAbsolute, parseDate, startOfWeek, toCalendarDate, type CalendarDate, type DayOfWeek } from '@internationalized/date';

/**
 * Calendar arithmetic shared by goals and meetings, on the hub and in the clients (zod-free,
 * so the widget's panel can load it with a section). Dates are wall-clock dates in someone's
 * zone, computed with @internationalized/date, never by dividing milliseconds: a day is not
 * always 24 hours (DST), and the hub's own zone is nobody's.
 */

export const FIRST_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const satisfies readonly DayOfWeek[];
export type FirstDay = (typeof FIRST_DAYS)[number];

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
