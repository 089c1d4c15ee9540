import type { Cadence } from '../../protocol/goals';
import type { Availability, CandidateTime } from '../../protocol/meetings';
import type { FirstDay } from '../../protocol/rules/dates';
import type { PageContext } from '../../sites/types';

/**
 * The writes the outbox carries, one member of the union per operation (each registered in
 * sync/outbox/registry.ts), and the queued row around one.
 */
export type OutboxOp =
  | { op: 'thread.create'; threadId: string; title: string | null; anchor: PageContext | null }
  | { op: 'message.post'; threadId: string; messageId: string; body: string }
  | { op: 'message.edit'; messageId: string; body: string }
  | { op: 'message.delete'; messageId: string }
  | { op: 'reaction'; messageId: string; emoji: string; on: boolean }
  | { op: 'read'; threadId: string; seq: number }
  | { op: 'intro.set'; text: string; interests: string[]; timeZone: string; skipped: boolean }
  | { op: 'goal.create'; goalId: string; title: string; cadence: Cadence; endDate: string | null }
  | { op: 'checkin'; goalId: string; checkInId: string; at: number; timeZone: string; note: string; locale?: string; firstDay?: FirstDay }
  | { op: 'cheer'; checkInId: string; on: boolean }
  | { op: 'meeting.propose'; meetingId: string; title: string; times: CandidateTime[] }
  | { op: 'meeting.answer'; meetingId: string; answers: Availability[] }
  | { op: 'meeting.confirm'; meetingId: string; time: number }
  | { op: 'poll.create'; pollId: string; question: string; options: string[]; multiple: boolean; anonymous: boolean; closesAt: number | null }
  | { op: 'poll.vote'; pollId: string; voteId: string; choices: number[] }
  | { op: 'poll.close'; pollId: string }
  | { op: 'feedback.ask'; feedbackId: string; question: string; rating: boolean; text: boolean; closesAt: number | null }
  | { op: 'feedback.answer'; feedbackId: string; rating: number | null; text: string }
  | { op: 'feedback.close'; feedbackId: string };

export type OutboxRow = OutboxOp & {
  /** Auto-increment: the outbox is sent in the order it was written. */
  n?: number;
  hub: string;
  groupId: string;
  createdAt: number;
  attempts: number;
};
