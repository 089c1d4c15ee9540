import { z } from 'zod';
import { Message, Thread } from './discussion';
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
