import type { ReadPosition } from '../protocol/reads';
import { PENDING_SEQ_BASE } from './rows';
import type { LocalTables } from './store';

/**
 * Unread counts from read positions the hub keeps per member: a thread's unread messages are
 * the others' messages past the position. Shared by both sides; `memberId` is this device's
 * member on the hub (the same in all its groups there).
 */
export async function applyReadPositions(t: LocalTables, reads: readonly ReadPosition[], memberId: string): Promise<number> {
  let changed = 0;
  for (const r of reads) {
    const thread = await t.threads.get(r.threadId);
    if (!thread || thread.groupId !== r.groupId || (thread.readSeq ?? 0) >= r.seq) continue;
    const messages = await t.messages.where('threadId', r.threadId);
    const unread = messages.filter((m) => m.fromEvent && m.seq > r.seq && m.authorId !== memberId && m.deletedAt === null).length;
    await t.threads.update(r.threadId, { readSeq: r.seq, unread });
    changed++;
  }
  return changed;
}

/** The number of the last message of the thread this device holds from the hub (0 for none). */
export async function lastHeld(t: LocalTables, threadId: string): Promise<number> {
  let seq = 0;
  for (const m of await t.messages.where('threadId', threadId)) if (m.seq < PENDING_SEQ_BASE && m.seq > seq) seq = m.seq;
  return seq;
}
