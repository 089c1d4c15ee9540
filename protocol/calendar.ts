import { parseDate } from '@internationalized/date';
import { z } from 'zod';
import { FIRST_DAYS } from './rules/dates';

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


export * from './rules/dates';

/** The first day of the week, where the locale alone would not say (a member's own choice). */
export const FirstDay = z.enum(FIRST_DAYS);
export type FirstDay = z.infer<typeof FirstDay>;
