import { UserError, type Role } from '../../protocol';
import type { Queryable } from './store';

export interface CommunityRow {
  id: string;
  name: string;
  about: string;
  owner: string;
  created_at: number;
}

export interface CommunityMemberRow {
  community_id: string;
  member_id: string;
  name: string;
  /** JSON array of strings. */
  interests: string;
  time_zone: string;
  role: Role;
  joined_at: number;
}

export async function findCommunity(q: Queryable, communityId: string): Promise<CommunityRow> {
  const row = await q.one<CommunityRow>('SELECT * FROM communities WHERE id = ?', [communityId]);
  if (!row) throw new UserError('community_not_found', 'No such community.');
  return row;
}

export const communityMember = (q: Queryable, communityId: string, memberId: string) =>
  q.one<CommunityMemberRow>('SELECT * FROM community_members WHERE community_id = ? AND member_id = ?', [communityId, memberId]);

export async function inCommunity(q: Queryable, communityId: string, memberId: string): Promise<boolean> {
  return (await communityMember(q, communityId, memberId)) !== undefined;
}

/** The community's owner and moderators: they manage it and all its groups. */
export const MANAGERS: readonly Role[] = ['owner', 'moderator'];

/**
 * The caller as a member of the community, with one of `roles` when given. Someone outside it
 * learns that it exists (as with groups) and nothing else.
 */
export async function requireInCommunity(q: Queryable, communityId: string, memberId: string, roles?: readonly Role[]) {
  const community = await findCommunity(q, communityId);
  const me = await communityMember(q, communityId, memberId);
  if (!me) throw new UserError('not_community_member', 'You are not a member of this community.');
  if (roles && !roles.includes(me.role)) {
    throw new UserError('community_forbidden', `Only the community's ${roles.join(' or ')} may do this.`);
  }
  return { community, me };
}
