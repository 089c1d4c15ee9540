import type { NookDB } from '../db';
import type { HubStatus, JoinRequestItem, MemberItem, Membership, MessageItem, Role, ThreadItem } from '../hosted-types';
import type { MemberRow, MessageRow, ThreadRow } from './rows';

/** Reads for views. Each touches only the database, so a liveQuery re-runs it on change. */

const ROLE_ORDER: Record<Role, number> = { owner: 0, moderator: 1, member: 2 };

export async function getMembership(db: NookDB, groupId: string): Promise<Membership | null> {
  return (await db.memberships.get(groupId)) ?? null;
}

/**
 * The pure halves of these reads (rows in, view items out) are exported for the widget's
 * panel, which keeps the same rows in memory.
 */

/** Active members, owners first, then by name. */
export function toMemberItems(rows: MemberRow[], me: string | undefined): MemberItem[] {
  return rows
    .filter((r) => r.active)
    .map((r) => ({ id: r.id, name: r.name, role: r.role, intro: r.intro, joinedAt: r.joinedAt, self: r.id === me }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));
}

export async function listMembers(db: NookDB, groupId: string): Promise<MemberItem[]> {
  const m = await db.memberships.get(groupId);
  return toMemberItems(await db.members.where('groupId').equals(groupId).toArray(), m?.memberId);
}

export const toThreadItem = (t: ThreadRow): ThreadItem => ({
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

export const pickGeneral = (all: ThreadRow[]): ThreadRow | undefined =>
  all.filter(isGeneral).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))[0];

export async function generalThread(db: NookDB, groupId: string): Promise<ThreadRow | undefined> {
  return pickGeneral(await db.threads.where('groupId').equals(groupId).toArray());
}

/** The general discussion first, then the most recently active. */
export function orderThreads(all: ThreadRow[]): ThreadItem[] {
  const general = pickGeneral(all);
  const rest = all.filter((t) => t !== general).sort((a, b) => (b.lastMessageAt ?? b.createdAt) - (a.lastMessageAt ?? a.createdAt));
  return (general ? [general, ...rest] : rest).map(toThreadItem);
}

export async function listThreads(db: NookDB, groupId: string): Promise<ThreadItem[]> {
  return orderThreads(await db.threads.where('groupId').equals(groupId).toArray());
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

/** Messages as the member sees them, with their authors' names (kept for members who left). */
export function toMessageItems(rows: MessageRow[], me: string | undefined, members: MemberRow[]): MessageItem[] {
  const names = new Map(members.map((x) => [x.id, x.name]));
  return rows.map((r) => toMessageItem(r, me, names));
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
