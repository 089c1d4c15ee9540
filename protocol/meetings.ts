import { z } from 'zod';
import { LocalDate, localMinutesAt } from './calendar';
import { Id, Time, line } from './fields';
import { MAX_CANDIDATE_TIMES, MAX_MEETING_DAYS, MAX_MEETING_MINUTES, MAX_TITLE } from './limits';

/**
 * A candidate time: an instant with a duration, or whole local days. An all-day option is a
 * date, not midnight UTC, so it is the same day for members in every zone.
 */
export const CandidateTime = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('timed'), start: Time, minutes: z.number().int().min(5).max(MAX_MEETING_MINUTES) }),
  z.strictObject({ kind: z.literal('day'), date: LocalDate, days: z.number().int().min(1).max(MAX_MEETING_DAYS).default(1) }),
]);
export type CandidateTime = z.infer<typeof CandidateTime>;

export const Availability = z.enum(['yes', 'maybe', 'no']);
export type Availability = z.infer<typeof Availability>;

export const Meeting = z.object({
  id: Id,
  groupId: Id,
  organiser: Id,
  title: z.string(),
  times: z.array(CandidateTime),
  /** memberId -> an answer per candidate time, in order. */
  answers: z.record(z.string(), z.array(Availability)),
  /** Index of the confirmed time; null until the organiser confirms. */
  confirmed: z.number().int().nullable(),
  /** The calendar file's SEQUENCE: raised each time a confirmed meeting moves. */
  sequence: z.number().int(),
  createdAt: Time,
});
export type Meeting = z.infer<typeof Meeting>;

export const ProposeMeetingBody = z.strictObject({
  id: Id,
  title: line(MAX_TITLE, 1),
  times: z.array(CandidateTime).min(1).max(MAX_CANDIDATE_TIMES),
});

export const AnswerMeetingBody = z.strictObject({ answers: z.array(Availability).min(1).max(MAX_CANDIDATE_TIMES) });
export const ConfirmMeetingBody = z.strictObject({ time: z.number().int().nonnegative() });

/**
 * A meeting with what the hub makes of its answers: the best time so far, and for each time
 * how many members (by their intro's zone) it falls at night for.
 */
export const MeetingView = z.object({ meeting: Meeting, best: z.number().int().nullable(), night: z.array(z.number().int()) });
export const MeetingList = z.object({ meetings: z.array(MeetingView) });

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
