import { z } from 'zod';
import { Id, Seq } from './fields';

/**
 * How far a member has read a thread: the number of the last event they saw there. The hub
 * keeps one per member and thread and tells the member's other devices, so reading on one
 * clears the count on all of them. Private: no other member learns it.
 */
export const ReadPosition = z.object({ groupId: Id, threadId: Id, seq: Seq });
export type ReadPosition = z.infer<typeof ReadPosition>;

/** Only forward: a device that read less (it was offline) does not undo what another read. */
export const ReadBody = z.strictObject({ seq: Seq });
export const ReadView = z.object({ read: ReadPosition });
export const ReadList = z.object({ reads: z.array(ReadPosition) });
