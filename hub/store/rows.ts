import type { GroupInfo, Group, Member, Role, Invite, JoinRequest, Thread, Message, PageContext } from '../../protocol';

export interface GroupRow {
  id: string;
  name: string;
  topic: string;
  member_limit: number;
  allow_requests: number;
  created_by: string;
  created_at: number;
  seq: number;
  /** The community the group belongs to, or null. */
  community_id: string | null;
}

export interface MembershipRow {
  group_id: string;
  member_id: string;
  name: string;
  intro: string;
  role: Role;
  status: 'active' | 'left' | 'removed';
  joined_at: number;
  left_at: number | null;
  /** The invite they last joined with; null when they came in another way (or before it was kept). */
  invite_id: string | null;
}

export interface InviteRow {
  id: string;
  code: string;
  group_id: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  max_uses: number | null;
  uses: number;
  revoked_at: number | null;
}

export interface RequestRow {
  id: string;
  group_id: string;
  member_id: string;
  name: string;
  message: string;
  intro: string;
  status: JoinRequest['status'];
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
}

export interface ThreadRow {
  id: string;
  group_id: string;
  title: string | null;
  anchor: string | null;
  anchor_url: string | null;
  author_id: string;
  created_at: number;
  last_message_at: number | null;
  message_count: number;
}

export interface MessageRow {
  id: string;
  group_id: string;
  thread_id: string;
  author_id: string;
  body: string;
  mentions: string;
  seq: number;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  deleted_by: string | null;
  /** Set only on messages imported from an archive (hub/store/archives.ts). */
  author_name?: string | null;
}

export const toGroupInfo = (r: GroupRow): GroupInfo => ({
  id: r.id,
  name: r.name,
  topic: r.topic,
  memberLimit: r.member_limit,
  allowRequests: r.allow_requests === 1,
  createdBy: r.created_by,
  createdAt: r.created_at,
  ...(r.community_id ? { communityId: r.community_id } : {}),
});

export const toGroup = (r: GroupRow, memberCount: number): Group => ({ ...toGroupInfo(r), memberCount, seq: r.seq });

export const toMember = (r: Omit<MembershipRow, 'invite_id'>): Member => ({
  id: r.member_id,
  name: r.name,
  role: r.role,
  intro: r.intro,
  joinedAt: r.joined_at,
});

export const toInvite = (r: InviteRow, baseUrl: string): Invite => ({
  id: r.id,
  code: r.code,
  url: `${baseUrl}/join/${r.code}`,
  groupId: r.group_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  maxUses: r.max_uses,
  uses: r.uses,
  revokedAt: r.revoked_at,
});

export const toRequest = (r: RequestRow): JoinRequest => ({
  id: r.id,
  groupId: r.group_id,
  memberId: r.member_id,
  name: r.name,
  message: r.message,
  status: r.status,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
});

export const toThread = (r: ThreadRow): Thread => ({
  id: r.id,
  groupId: r.group_id,
  title: r.title,
  anchor: r.anchor === null ? null : (JSON.parse(r.anchor) as PageContext),
  authorId: r.author_id,
  createdAt: r.created_at,
  lastMessageAt: r.last_message_at,
  messageCount: r.message_count,
});

export const toMessage = (r: MessageRow, reactions: Record<string, string[]> = {}): Message => ({
  id: r.id,
  groupId: r.group_id,
  threadId: r.thread_id,
  authorId: r.author_id,
  body: r.body,
  mentions: JSON.parse(r.mentions) as string[],
  reactions,
  seq: r.seq,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
  deletedBy: r.deleted_by,
  ...(r.author_name == null ? {} : { authorName: r.author_name }),
});
