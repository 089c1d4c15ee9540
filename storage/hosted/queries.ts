import { Dexie } from 'dexie';
import type { NookDB } from '../db';
import type { HubStatus, JoinRequestItem, MemberItem, Membership, MessageItem, RecordItem, RecordKind, ThreadItem } from '../../sync/types';
import { orderThreads, toMemberItems, toMessageItems, toThreadItem } from '../../sync/views';

/** Reads for views. Each touches only the database, so a liveQuery re-runs it on change. */

export async function getMembership(db: NookDB, groupId: string): Promise<Membership | null> {
  return (await db.memberships.get(groupId)) ?? null;
}

export async function listMembers(db: NookDB, groupId: string): Promise<MemberItem[]> {
  const m = await db.memberships.get(groupId);
  return toMemberItems(await db.members.where('groupId').equals(groupId).toArray(), m?.memberId);
}

export async function listThreads(db: NookDB, groupId: string): Promise<ThreadItem[]> {
  return orderThreads(await db.threads.where('groupId').equals(groupId).toArray());
}

export async function getThread(db: NookDB, id: string): Promise<ThreadItem | null> {
  const t = await db.threads.get(id);
  return t ? toThreadItem(t) : null;
}

/** The newest `limit` messages of a thread, oldest first, pending ones last. */
export async function listMessages(db: NookDB, threadId: string, limit = 200): Promise<MessageItem[]> {
  const thread = await db.threads.get(threadId);
  if (!thread) return [];
  const [m, rows, members] = await Promise.all([
    db.memberships.get(thread.groupId),
    db.messages.where('[threadId+seq]').between([threadId, -Infinity], [threadId, Infinity]).reverse().limit(limit).toArray(),
    db.members.where('groupId').equals(thread.groupId).toArray(),
  ]);
  return toMessageItems(rows.reverse(), m?.memberId, members);
}

/** A group's records of one kind (intros, goals, check-ins, meetings, polls, feedback). */
export function listRecords(db: NookDB, groupId: string, kind: RecordKind): Promise<RecordItem[]> {
  return db.records.where('[groupId+kind+id]').between([groupId, kind, Dexie.minKey], [groupId, kind, Dexie.maxKey]).toArray();
}

export async function listRequests(db: NookDB, groupId: string): Promise<JoinRequestItem[]> {
  const rows = await db.joinRequests.where('groupId').equals(groupId).sortBy('createdAt');
  return rows.map(({ id, name, message, createdAt }) => ({ id, name, message, createdAt }));
}

export async function hubStatuses(db: NookDB): Promise<HubStatus[]> {
  const [rows, outbox] = await Promise.all([db.hubStatus.toArray(), db.outbox.toArray()]);
  return rows.map((s) => ({ ...s, pending: outbox.filter((o) => o.hub === s.hub).length }));
}

export async function unreadTotal(db: NookDB): Promise<number> {
  let total = 0;
  const ended = new Set((await db.memberships.toArray()).filter((m) => m.endedAt !== null).map((m) => m.groupId));
  await db.threads.each((t) => {
    if (!ended.has(t.groupId)) total += t.unread;
  });
  return total;
}
