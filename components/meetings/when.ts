import { fromAbsolute, getLocalTimeZone, parseDate, parseDateTime, toCalendarDateTime, toZoned } from '@internationalized/date';

/**
 * A member's wall-clock input (a datetime-local field, read in their own zone) and the UTC
 * instants the hub keeps, converted with @internationalized/date: the offset of a given
 * local time depends on the date (DST), so it is never added by hand.
 */

/** The browser's zone: where the member is, and where their fields are read. */
export const localZone = (): string => getLocalTimeZone();

/** The instant a `datetime-local` value names in `zone`; null when it is not a date and time. */
export function localInstant(value: string, zone: string): number | null {
  try {
    // A time skipped by DST (02:30 on a spring-forward night) resolves as most calendars do ('compatible': later).
    return toZoned(parseDateTime(value), zone).toDate().getTime();
  } catch {
    return null;
  }
}

/** The `datetime-local` value of `instant` in `zone` (minutes, no seconds). */
export const inputValueAt = (instant: number, zone: string): string => toCalendarDateTime(fromAbsolute(instant, zone)).toString().slice(0, 16);

/** A `date` field's value, or null when it is not one. */
export function dateValue(value: string): string | null {
  try {
    return parseDate(value).toString();
  } catch {
    return null;
  }
}
