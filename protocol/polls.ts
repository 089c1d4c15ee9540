import { z } from 'zod';
import { Id, Time, line } from './fields';
import { MAX_POLL_OPTION, MAX_POLL_OPTIONS, MAX_QUESTION } from './limits';

/**
 * A poll. In an anonymous one the hub keeps who voted (one vote each) and the tallies, and
 * nothing that ties a member to a choice; so an anonymous vote is final: changing it would
 * need the old choice, which is nowhere.
 */
export const Poll = z.object({
  id: Id,
  groupId: Id,
  createdBy: Id,
  question: z.string(),
  options: z.array(z.string()),
  multiple: z.boolean(),
  anonymous: z.boolean(),
  closesAt: Time.nullable(),
  closedAt: Time.nullable(),
  createdAt: Time,
  /** Votes per option, in the order of `options`. */
  tallies: z.array(z.number().int()),
  voters: z.number().int(),
  /** Who chose what; empty for an anonymous poll. */
  votes: z.record(z.string(), z.array(z.number().int())),
});
export type Poll = z.infer<typeof Poll>;

export const CreatePollBody = z
  .strictObject({
    id: Id,
    question: line(MAX_QUESTION, 1),
    options: z.array(line(MAX_POLL_OPTION, 1)).min(2).max(MAX_POLL_OPTIONS),
    multiple: z.boolean().default(false),
    anonymous: z.boolean().default(false),
    closesAt: Time.nullable().default(null),
  })
  .refine((b) => new Set(b.options).size === b.options.length, 'options must differ');

export const VoteBody = z.strictObject({
  /** Made by the client: the same vote sent again is the same vote (an anonymous one is final). */
  id: Id,
  /** Indexes into the poll's options: exactly one unless the poll is multiple choice. */
  choices: z.array(z.number().int().nonnegative()).min(1).max(MAX_POLL_OPTIONS),
});

/** `voted`: whether the caller has voted (the one thing an anonymous poll tells them of their vote). */
export const PollView = z.object({ poll: Poll, voted: z.boolean() });
export const PollList = z.object({ polls: z.array(PollView) });

export * from './rules/polls';
