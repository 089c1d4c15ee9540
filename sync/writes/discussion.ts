import { UserError } from '../../protocol/errors';
import type { PageContext } from '../../sites/types';
import type { MessageRow, ThreadRow } from '../rows';
import { checkMessageBody, newThreadRow, pendingMessageRow, toggleReaction } from '../local';
import { pickGeneral } from '../views';
import { enqueue } from '../outbox/registry';
import { lastHeld } from '../reads';
import type { LocalTables } from '../store';

/**
 * The member's writes to a group's discussion, once for both sides: the optimistic row and
 * its outbox entry, in the caller's transaction (SyncStore.write). The caller then flushes
 * the outbox (HubSync.flush).
 */

/** Who writes where, and when: a member of an active membership. */
export interface Writer {
  hub: string;
  groupId: string;
  memberId: string;
  now: number;
  /** A new id for a thread or message: the client makes it, so a resend is the same write. */
  id(): string;
}

const queue = (w: Writer) => ({ hub: w.hub, groupId: w.groupId, createdAt: w.now });

/** The group's thread for this page (one per page per group), or its general discussion; made when missing. */
export async function openThread(t: LocalTables, w: Writer, context: PageContext | null): Promise<ThreadRow> {
  const all = await t.threads.where('groupId', w.groupId);
  const found = context ? all.find((x) => x.anchorUrl === context.url) : pickGeneral(all);
  if (found) return found;
  const row = newThreadRow(w.id(), w.groupId, w.memberId, context?.title ?? null, context, w.now);
  await t.threads.put(row);
  await enqueue(t, { op: 'thread.create', ...queue(w), threadId: row.id, title: row.title, anchor: row.anchor });
  return row;
}

export async function postMessage(t: LocalTables, w: Writer, threadId: string, body: string): Promise<MessageRow> {
  checkMessageBody(body);
  const row = pendingMessageRow(w.id(), w.groupId, threadId, w.memberId, body, w.now);
  await t.messages.put(row);
  await enqueue(t, { op: 'message.post', ...queue(w), threadId, messageId: row.id, body });
  return row;
}

async function message(t: LocalTables, w: Writer, id: string): Promise<MessageRow> {
  const msg = await t.messages.get(id);
  if (!msg || msg.groupId !== w.groupId) throw new UserError('message_not_found', 'That message is gone.');
  return msg;
}

export async function editMessage(t: LocalTables, w: Writer, id: string, body: string): Promise<void> {
  await message(t, w, id);
  checkMessageBody(body);
  await t.messages.update(id, { body, editedAt: w.now });
  await enqueue(t, { op: 'message.edit', ...queue(w), messageId: id, body });
}

export async function deleteMessage(t: LocalTables, w: Writer, id: string): Promise<void> {
  await message(t, w, id);
  await t.messages.update(id, { body: '', deletedAt: w.now, deletedBy: w.memberId });
  await enqueue(t, { op: 'message.delete', ...queue(w), messageId: id });
}

export async function react(t: LocalTables, w: Writer, id: string, emoji: string, on: boolean): Promise<void> {
  const msg = await message(t, w, id);
  await t.messages.update(id, { reactions: toggleReaction(msg.reactions, emoji, w.memberId, on) });
  await enqueue(t, { op: 'reaction', ...queue(w), messageId: id, emoji, on });
}

/** A message the hub refused goes again, as the same write; any other is left as it is. */
export async function retryMessage(t: LocalTables, w: Writer, id: string): Promise<void> {
  const msg = await message(t, w, id);
  if (msg.delivery !== 'failed') return;
  await t.messages.update(id, { delivery: 'pending', error: null });
  await enqueue(t, { op: 'message.post', ...queue(w), threadId: msg.threadId, messageId: id, body: msg.body });
}

/** A refused message the member lets go: it was never on the hub, so it goes from here alone. */
export async function discardMessage(t: LocalTables, id: string): Promise<void> {
  if ((await t.messages.get(id))?.delivery === 'failed') await t.messages.delete(id);
}

/**
 * The member has seen the thread: no unread here, and the hub moves their read position so
 * their other devices clear it too. One queued position per thread: a newer one replaces it.
 */
export async function markRead(t: LocalTables, w: Writer, threadId: string): Promise<void> {
  const thread = await t.threads.get(threadId);
  if (!thread || thread.groupId !== w.groupId) return;
  const seq = await lastHeld(t, threadId);
  const before = thread.readSeq ?? 0;
  if (thread.unread === 0 && seq <= before) return;
  await t.threads.update(threadId, { unread: 0, readSeq: Math.max(before, seq) });
  if (seq <= before) return;
  // A position still queued is superseded (one being sent meanwhile is answered and removed as usual).
  for (const o of await t.outbox.filter((o) => o.op === 'read' && o.threadId === threadId)) await t.outbox.delete(o.n!);
  await enqueue(t, { op: 'read', ...queue(w), threadId, seq });
}
