import type { MemberItem, MessageItem, ThreadItem } from '../../sync/types';

/** Test data for the discussion views (not shipped: only tests import it). */
export const GROUP = 'g1';
export const T_GENERAL = 't-general';

export function thread(patch: Partial<ThreadItem> = {}): ThreadItem {
  return { id: T_GENERAL, groupId: GROUP, title: null, anchor: null, createdAt: 1_000, lastMessageAt: null, messageCount: 0, unread: 0, ...patch };
}

let n = 0;
export function message(patch: Partial<MessageItem> = {}): MessageItem {
  n += 1;
  return {
    id: `m${n}`,
    threadId: T_GENERAL,
    groupId: GROUP,
    authorId: 'u-ann',
    authorName: 'Ann Lee',
    body: `message ${n}`,
    createdAt: Date.now() - 5 * 60_000,
    editedAt: null,
    deleted: false,
    reactions: [],
    mentionsMe: false,
    mine: false,
    delivery: 'sent',
    error: null,
    ...patch,
  };
}

export function member(patch: Partial<MemberItem> & { id: string; name: string }): MemberItem {
  return { role: 'member', intro: '', joinedAt: 1_000, self: false, ...patch };
}

export const MEMBERS: MemberItem[] = [
  member({ id: 'u-me', name: 'Me Myself', self: true, role: 'owner' }),
  member({ id: 'u-ann', name: 'Ann Lee' }),
  member({ id: 'u-anand', name: 'Anand', role: 'moderator' }),
  member({ id: 'u-bob', name: 'Bob' }),
];
