import type { CandidateTime, Meeting } from '../meetings';
import { localMinutesAt } from './dates';

const DAY_STARTS = 7 * 60;
const NIGHT_STARTS = 22 * 60;

/** Whether a time falls at night (before 07:00 or after 22:00) where a member is. All-day times never do. */
export function atNight(t: CandidateTime, zone: string): boolean {
  if (t.kind === 'day') return false;
  const m = localMinutesAt(t.start, zone);
  return m < DAY_STARTS || m > NIGHT_STARTS;
}

export interface TimeScore {
  index: number;
  yes: number;
  maybe: number;
  night: number;
}

/** Each candidate's answers, and how many of the members (by zone) it falls at night for. */
export function scoreTimes(m: Pick<Meeting, 'times' | 'answers'>, zones: readonly string[]): TimeScore[] {
  return m.times.map((t, index) => {
    const given = Object.values(m.answers).map((a) => a[index]);
    return {
      index,
      yes: given.filter((a) => a === 'yes').length,
      maybe: given.filter((a) => a === 'maybe').length,
      night: zones.filter((z) => atNight(t, z)).length,
    };
  });
}

/** The best time: most yes plus if-need-be, then most yes, then fewest at night, then the earliest proposed. */
export function bestTime(m: Pick<Meeting, 'times' | 'answers'>, zones: readonly string[]): number | null {
  const scores = scoreTimes(m, zones);
  scores.sort((a, b) => b.yes + b.maybe - (a.yes + a.maybe) || b.yes - a.yes || a.night - b.night || a.index - b.index);
  return scores[0]?.index ?? null;
}
