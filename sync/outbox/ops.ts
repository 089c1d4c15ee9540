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
  | { op: 'reaction'; messageId: string; emoji: string; on: boolean };

export type OutboxRow = OutboxOp & {
  /** Auto-increment: the outbox is sent in the order it was written. */
  n?: number;
  hub: string;
  groupId: string;
  createdAt: number;
  attempts: number;
};
