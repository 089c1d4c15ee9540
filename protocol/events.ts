import { z } from 'zod';
import { Message, Thread } from './discussion';
import { FeedbackRequest } from './feedback';
import { CheckIn, Goal } from './goals';
import { Intro } from './intros';
import { Availability, Meeting } from './meetings';
import { Poll } from './polls';
import { Id, QueryInt, Seq, Time } from './fields';
import { GroupInfo, Member, Role } from './groups';
import { EVENTS_PAGE_MAX } from './limits';

const event = <K extends string, D extends z.ZodType>(kind: K, data: D) =>
  z.object({
    groupId: Id,
    seq: Seq,
    at: Time,
    /** Who made the change; null when the hub did. */
    by: Id.nullable(),
    kind: z.literal(kind),
    data,
  });

/**
 * Every change in a group, numbered by the group's sequence. A client that applies
 * events in order from 1 holds exactly what the hub holds.
 */
export const GroupEvent = z.discriminatedUnion('kind', [
  event('group.created', GroupInfo),
  event('group.updated', GroupInfo),
  event('member.joined', Member),
  event('member.updated', Member),
  event('member.role', z.object({ memberId: Id, role: Role })),
  event('member.left', z.object({ memberId: Id })),
  event('member.removed', z.object({ memberId: Id })),
  event('thread.created', Thread),
  event('message.posted', Message),
  event('message.edited', z.object({ id: Id, threadId: Id, body: z.string(), mentions: z.array(Id), editedAt: Time })),
  event('message.deleted', z.object({ id: Id, threadId: Id, deletedAt: Time, deletedBy: Id })),
  event('reaction', z.object({ messageId: Id, threadId: Id, emoji: z.string(), memberId: Id, on: z.boolean() })),
  // Micro-community features (issue #16). Free text (intros, check-in notes) is put back from
  // its table when served, like a message's body (hub/store/events.ts).
  /** A member's first intro: the group's welcome to them. */
  event('intro.posted', Intro),
  event('intro.updated', Intro),
  event('goal.created', Goal),
  event('checkin.created', CheckIn),
  event('checkin.cheered', z.object({ checkInId: Id, goalId: Id, memberId: Id, on: z.boolean() })),
  event('meeting.proposed', Meeting),
  event('meeting.answered', z.object({ meetingId: Id, memberId: Id, answers: z.array(Availability) })),
  event('meeting.confirmed', z.object({ meetingId: Id, time: z.number().int(), sequence: z.number().int() })),
  event('poll.created', Poll),
  /** Tallies after a vote; the voter and their choices only for a poll that is not anonymous. */
  event(
    'poll.voted',
    z.object({ pollId: Id, tallies: z.array(z.number().int()), voters: z.number().int(), memberId: Id.nullable(), choices: z.array(z.number().int()).nullable() }),
  ),
  event('poll.closed', z.object({ pollId: Id, closedAt: Time })),
  /** Answers stay with the asker: the group learns only how many there are. */
  event('feedback.requested', FeedbackRequest),
  event('feedback.answered', z.object({ feedbackId: Id, answers: z.number().int() })),
  event('feedback.closed', z.object({ feedbackId: Id, closedAt: Time })),
  // Moderation (issue #17): what every member must see live. A mute's reason is not here: only
  // its target (and the moderators) read it (protocol/moderation.ts).
  event('member.muted', z.object({ memberId: Id, until: Time })),
  event('member.unmuted', z.object({ memberId: Id })),
  event('group.slowmode', z.object({ seconds: z.number().int() })),
]);
export type GroupEvent = z.infer<typeof GroupEvent>;
export type EventKind = GroupEvent['kind'];
export type EventData<K extends EventKind> = Extract<GroupEvent, { kind: K }>['data'];

export const EventsQuery = z.strictObject({
  after: QueryInt.optional(),
  limit: QueryInt.pipe(z.number().int().min(1).max(EVENTS_PAGE_MAX)).optional(),
});

export const EventPage = z.object({
  events: z.array(GroupEvent),
  /** The group's latest number: more to fetch while the last event's seq is below it. */
  head: Seq,
  more: z.boolean(),
});
export type EventPage = z.infer<typeof EventPage>;
