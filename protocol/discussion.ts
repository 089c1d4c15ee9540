import { z } from 'zod';
import { PageContext } from './context';
import { HttpUrl, Id, QueryInt, Seq, Time, line, text } from './fields';
import { EVENTS_PAGE_MAX, MAX_EMOJI, MAX_MESSAGE, MAX_TITLE } from './limits';

export const Thread = z.object({
  id: Id,
  groupId: Id,
  title: z.string().nullable(),
  anchor: PageContext.nullable(),
  authorId: Id,
  createdAt: Time,
  lastMessageAt: Time.nullable(),
  messageCount: z.number().int(),
});
export type Thread = z.infer<typeof Thread>;

/** Emoji (or a short code like `:+1:`): no spaces, no control characters. */
export const Emoji = z
  .string()
  .min(1)
  .max(MAX_EMOJI)
  .regex(/^[^\s\p{Cc}]+$/u, 'not an emoji');

export const Message = z.object({
  id: Id,
  groupId: Id,
  threadId: Id,
  authorId: Id,
  /** Markdown; empty once deleted. */
  body: z.string(),
  /** Members named with `@name` in the body. */
  mentions: z.array(Id),
  /** emoji -> ids of the members who reacted with it. */
  reactions: z.record(z.string(), z.array(Id)),
  /** The event number that posted it: messages of a thread in order. */
  seq: Seq,
  createdAt: Time,
  editedAt: Time.nullable(),
  deletedAt: Time.nullable(),
  deletedBy: Id.nullable(),
  /**
   * Only on a message imported from a group archive (hub/store/archives.ts): its author's
   * name there. They are not a member here, and `authorId` names nobody on this hub.
   */
  authorName: z.string().optional(),
});
export type Message = z.infer<typeof Message>;

export const CreateThreadBody = z.strictObject({
  id: Id,
  title: line(MAX_TITLE).nullable().default(null),
  anchor: PageContext.nullable().default(null),
});

export const ThreadView = z.object({
  thread: Thread,
  /** false when a thread for the same anchor existed already; `thread` is that one. */
  created: z.boolean(),
});

export const ThreadQuery = z.strictObject({ anchor: HttpUrl.optional() });
export const ThreadList = z.object({ threads: z.array(Thread) });

const Body = text(MAX_MESSAGE, 1).refine((s) => s.trim().length > 0, 'empty message');

export const PostMessageBody = z.strictObject({ id: Id, body: Body });
export const EditMessageBody = z.strictObject({ body: Body });
export const ReactBody = z.strictObject({ emoji: Emoji, on: z.boolean() });

export const MessageView = z.object({ message: Message });

export const MessagesQuery = z.strictObject({
  after: QueryInt.optional(),
  limit: QueryInt.pipe(z.number().int().min(1).max(EVENTS_PAGE_MAX)).optional(),
});
export const MessageList = z.object({ messages: z.array(Message), more: z.boolean() });
