import { z } from 'zod';
import { LocalDate } from './calendar';
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

export * from './rules/meetings';
