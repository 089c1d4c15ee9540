import { z } from 'zod';
import { Seq } from './fields';
import { GroupPreview, Member } from './groups';

/**
 * What the widget panel asks first, in one answer that is never a refusal: the group as a
 * visitor sees it (null when there is no such group), and, when the caller's session is a
 * member, their membership and the group's latest event number; or whether their request to
 * join is waiting. A first visit or a wrong group id is then a state, not an error.
 */
export const Visit = z.object({
  group: GroupPreview.nullable(),
  member: Member.nullable(),
  /** The group's latest event number, for members (how far the panel has to catch up). */
  seq: Seq.nullable(),
  waiting: z.boolean(),
});
export type Visit = z.infer<typeof Visit>;
