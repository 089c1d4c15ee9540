import { parseDate } from '@internationalized/date';
import { locale } from '../../i18n/index';

/**
 * Wall-clock dates (`YYYY-MM-DD`) in the viewer's language. A date has no zone: it is
 * formatted as that date, at noon UTC in UTC, so no offset can move it to a neighbour.
 *
 * A board shows the same seven dates hundreds of times, and an Intl.DateTimeFormat costs far
 * more to make than to use: formatters and labels are kept per language.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const labels = new Map<string, string>();

export function formatLocalDate(date: string, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const lang = locale.value;
  const style = JSON.stringify(opts);
  const key = `${lang}|${style}|${date}`;
  let label = labels.get(key);
  if (label === undefined) {
    let f = formatters.get(`${lang}|${style}`);
    if (!f) {
      f = new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' });
      formatters.set(`${lang}|${style}`, f);
    }
    label = f.format(parseDate(date).toDate('UTC').getTime() + 12 * 3_600_000);
    // Dates move on; the cache need not keep every one ever shown.
    if (labels.size > 2000) labels.clear();
    labels.set(key, label);
  }
  return label;
}

const SHORT: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric' };
const LONG: Intl.DateTimeFormatOptions = { weekday: 'long', month: 'long', day: 'numeric' };
/** "Mon 9", as a board's column says a day. */
export const dayShort = (date: string) => formatLocalDate(date, SHORT);
/** "Monday, March 9", as a screen reader hears it. */
export const dayLong = (date: string) => formatLocalDate(date, LONG);
