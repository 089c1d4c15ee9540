import { parseDate } from '@internationalized/date';
import { formatDate } from '../../i18n/index';

/**
 * A wall-clock date (`YYYY-MM-DD`) in the viewer's language. A date has no zone: it is
 * formatted as that date, at noon UTC in UTC, so no offset can move it to a neighbour.
 */
export function formatLocalDate(date: string, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return formatDate(parseDate(date).toDate('UTC').getTime() + 12 * 3_600_000, { ...opts, timeZone: 'UTC' });
}

/** "Mon 9", as a board's column says a day. */
export const dayShort = (date: string) => formatLocalDate(date, { weekday: 'short', day: 'numeric' });
/** "Monday, March 9", as a screen reader hears it. */
export const dayLong = (date: string) => formatLocalDate(date, { weekday: 'long', month: 'long', day: 'numeric' });
