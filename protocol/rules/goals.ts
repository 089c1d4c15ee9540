import type { Cadence } from '../goals';
import { addDays, weekStartOf, type WeekRule } from './dates';

/** The period a check-in of this cadence counts for: its date, or its week's first date. */
export const periodOf = (cadence: Cadence, localDate: string, rule: WeekRule = {}) =>
  cadence === 'daily' ? localDate : weekStartOf(localDate, rule);

/**
 * Consecutive days (daily) or weeks (weekly) with a check-in, counted in the member's own
 * calendar: each check-in by the date where it was made. A period not yet over does not
 * break it: today without a check-in still shows the streak up to yesterday. Pure, so the
 * client shows what the hub would.
 */
export function streak(checkIns: readonly { localDate: string }[], cadence: Cadence, today: string, rule: WeekRule = {}): number {
  const periods = new Set(checkIns.map((c) => periodOf(cadence, c.localDate, rule)));
  const step = cadence === 'daily' ? 1 : 7;
  let at = periodOf(cadence, today, rule);
  if (!periods.has(at)) at = addDays(at, -step);
  let n = 0;
  while (periods.has(at)) {
    n++;
    at = addDays(at, -step);
  }
  return n;
}
