import type { NookDB } from '../db';
import type { HubStatus, JoinRequestItem, MemberItem, Membership, MessageItem, Role, ThreadItem } from '../hosted-types';
import type { MessageRow, ThreadRow } from './rows';

/** Reads for views. Each touches only the database, so a liveQuery re-runs it on change. */

const ROLE_ORDER: Record<Role, number> = { owner: 0, moderator: 1, member: 2 };

export async function getMembership(db: NookDB, groupId: string): Promise<Membership | null> {
  return (await db.memberships.get(groupId)) ?? null;
}

export async function listMembers(db: NookDB, groupId: string): Promise<MemberItem[]> {
  const m = await db.memberships.get(groupId);
  const rows = await db.members.where('groupId').equals(groupId).filter((r) => r.active).toArray();
  return rows
    .map((r) => ({ id: r.id, name: r.name, role: r.role, intro: r.intro, joinedAt: r.joinedAt, self: r.id === m?.memberId }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));
}

const toThreadItem = (t: ThreadRow): ThreadItem => ({
  id: t.id,
  groupId: t.groupId,
  title: t.title,
  anchor: t.anchor,
  createdAt: t.createdAt,
  lastMessageAt: t.lastMessageAt,
  messageCount: t.messageCount,
  unread: t.unread,
});

/** The general discussion is the earliest thread without title or page. */
export const isGeneral = (t: Pick<ThreadRow, 'title' | 'anchorUrl'>) => t.title === null && t.anchorUrl === '';

export async function generalThread(db: NookDB, groupId: string): Promise<ThreadRow | undefined> {
  const all = await db.threads.where('groupId').equals(groupId).toArray();
  return all.filter(isGeneral).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))[0];
}

export async function listThreads(db: NookDB, groupId: string): Promise<ThreadItem[]> {
  const all = await db.threads.where('groupId').equals(groupId).toArray();
  const general = all.filter(isGeneral).sort((a, b) => a.createdAt - b.createdAt)[0];
  const rest = all.filter((t) => t !== general).sort((a, b) => (b.lastMessageAt ?? b.createdAt) - (a.lastMessageAt ?? a.createdAt));
  return (general ? [general, ...rest] : rest).map(toThreadItem);
}

export async function getThread(db: NookDB, id: string): Promise<ThreadItem | null> {
  const t = await db.threads.get(id);
  return t ? toThreadItem(t) : null;
}

function toMessageItem(r: MessageRow, me: string | undefined, names: Map<string, string>): MessageItem {
  const reactions = Object.entries(r.reactions)
    .filter(([, who]) => who.length > 0)
    .map(([emoji, who]) => ({ emoji, count: who.length, mine: me !== undefined && who.includes(me) }));
  return {
    id: r.id,
    threadId: r.threadId,
    groupId: r.groupId,
    authorId: r.authorId,
    authorName: names.get(r.authorId) ?? '',
    body: r.deletedAt ? '' : r.body,
    createdAt: r.createdAt,
    editedAt: r.editedAt,
    deleted: r.deletedAt !== null,
    reactions,
    mentionsMe: me !== undefined && r.mentions.includes(me),
    mine: r.authorId === me,
    delivery: r.delivery,
    error: r.error,
  };
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
  const names = new Map(members.map((x) => [x.id, x.name]));
  return rows.reverse().map((r) => toMessageItem(r, m?.memberId, names));
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
