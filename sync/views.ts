import type { Membership, MemberItem, MessageItem, Role, ThreadItem } from './types';
import type { MemberRow, MembershipRow, MessageRow, ThreadRow } from './rows';
import type { GroupInfoRow } from './store';

/**
 * Rows in, view items out: the pure halves of the reads, shared by the background's Dexie
 * queries (storage/hosted/queries.ts) and the widget panel's memory store.
 */

const ROLE_ORDER: Record<Role, number> = { owner: 0, moderator: 1, member: 2 };

/** Active members, owners first, then by name. */
export function toMemberItems(rows: MemberRow[], me: string | undefined): MemberItem[] {
  return rows
    .filter((r) => r.active)
    .map((r) => ({ id: r.id, name: r.name, role: r.role, intro: r.intro, joinedAt: r.joinedAt, self: r.id === me, mutedUntil: r.mutedUntil ?? null }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));
}

/** A membership still in force, with what the group's events say about posting in it (the slow mode). */
export function toMembershipView(m: MembershipRow | undefined, group: Pick<GroupInfoRow, 'slowModeSeconds'> | undefined): Membership | null {
  return m && m.endedAt === null ? { ...m, slowModeSeconds: group?.slowModeSeconds ?? 0 } : null;
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

/** The general discussion first, then the most recently active. */
export function orderThreads(all: ThreadRow[]): ThreadItem[] {
  const general = pickGeneral(all);
  const rest = all.filter((t) => t !== general).sort((a, b) => (b.lastMessageAt ?? b.createdAt) - (a.lastMessageAt ?? a.createdAt));
  return (general ? [general, ...rest] : rest).map(toThreadItem);
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
    authorName: names.get(r.authorId) ?? r.importedAuthor ?? '',
    ...(r.importedAuthor !== undefined && !names.has(r.authorId) ? { imported: true } : {}),
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
