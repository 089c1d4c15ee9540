import { UserError, type Role } from '../../protocol';
import type { GroupRow, MembershipRow } from './rows';
import type { Queryable, Tx } from './store';

export async function findGroup(q: Queryable, groupId: string): Promise<GroupRow> {
  const group = await q.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [groupId]);
  if (!group) throw new UserError('group_not_found', 'No such group.');
  return group;
}

export async function lockGroup(tx: Tx, groupId: string): Promise<GroupRow> {
  const group = await tx.lockGroup<GroupRow>(groupId);
  if (!group) throw new UserError('group_not_found', 'No such group.');
  return group;
}

export const membership = (q: Queryable, groupId: string, memberId: string) =>
  q.one<MembershipRow>('SELECT * FROM memberships WHERE group_id = ? AND member_id = ?', [groupId, memberId]);

/** A member's standing in one group, and the group's head, as one statement saw them together. */
export interface Standing {
  status: MembershipRow['status'];
  head: number;
}

/**
 * The member's standing in many groups in one read (a live `sub` may name hundreds). One
 * statement, so a removal is either seen in `status` or still ahead of `head`, never lost
 * between two reads. Groups the member never joined are absent.
 */
export async function standings(q: Queryable, memberId: string, groupIds: readonly string[]): Promise<Map<string, Standing>> {
  if (groupIds.length === 0) return new Map();
  const rows = await q.all<{ group_id: string; status: MembershipRow['status']; seq: number }>(
    `SELECT m.group_id, m.status, g.seq FROM memberships m JOIN groups g ON g.id = m.group_id
     WHERE m.member_id = ? AND m.group_id IN (${groupIds.map(() => '?').join(', ')})`,
    [memberId, ...groupIds],
  );
  return new Map(rows.map((r) => [r.group_id, { status: r.status, head: Number(r.seq) }]));
}

export async function activeCount(q: Queryable, groupId: string): Promise<number> {
  const row = await q.one<{ n: number }>(
    "SELECT COUNT(*) AS n FROM memberships WHERE group_id = ? AND status = 'active'",
    [groupId],
  );
  return Number(row?.n ?? 0);
}

/**
 * The caller as an active member of the group, with one of `roles` when given. Writes call
 * it again inside their transaction (after locking the group), so a removal that commits
 * first wins over a write already on its way.
 */
export async function requireMember(
  q: Queryable,
  groupId: string,
  memberId: string,
  roles?: readonly Role[],
): Promise<MembershipRow> {
  return checkMember(await membership(q, groupId, memberId), roles);
}

/** The check requireMember makes, on a membership row already read (or its absence). */
export function checkMember(me: MembershipRow | undefined, roles?: readonly Role[]): MembershipRow {
  if (!me || me.status !== 'active') throw new UserError('not_member', 'You are not a member of this group.');
  if (roles && !roles.includes(me.role)) {
    throw new UserError('forbidden', `Only ${roles.join(' or ')} may do this.`);
  }
  return me;
}

/** Locks the group and checks the caller: the start of every write to a group. */
export async function enter(tx: Tx, groupId: string, memberId: string, roles?: readonly Role[]) {
  const group = await lockGroup(tx, groupId);
  const me = await requireMember(tx, groupId, memberId, roles);
  return { group, me };
}

/**
 * Whether the caller manages the group through its community: an owner or moderator of the
 * community the group itself names. Only that one: the join goes through the group's own
 * community_id, so a moderator of another community, or of a sibling group, finds nothing.
 */
export async function managesThroughCommunity(q: Queryable, groupId: string, memberId: string): Promise<boolean> {
  const row = await q.one<{ role: Role }>(
    `SELECT cm.role FROM groups g JOIN community_members cm ON cm.community_id = g.community_id AND cm.member_id = ?
     WHERE g.id = ?`,
    [memberId, groupId],
  );
  return row?.role === 'owner' || row?.role === 'moderator';
}

/**
 * Who may take a management action on a group: its members with one of `roles`, or the owners
 * and moderators of its community (`viaCommunity`), who need no membership in it (`me` is
 * theirs when they have one). Anyone else meets the group's own refusal.
 */
export interface Manager {
  me: MembershipRow | undefined;
  viaCommunity: boolean;
}

export async function requireManager(q: Queryable, groupId: string, memberId: string, roles: readonly Role[]): Promise<Manager> {
  const row = await membership(q, groupId, memberId);
  const me = row?.status === 'active' ? row : undefined;
  if (me && roles.includes(me.role)) return { me, viaCommunity: false };
  if (await managesThroughCommunity(q, groupId, memberId)) return { me, viaCommunity: true };
  checkMember(row, roles);
  throw new UserError('forbidden', `Only ${roles.join(' or ')} may do this.`);
}

/** enter() for the actions a group's community managers take on it too (invites, requests, roles, removals). */
export async function enterAsManager(tx: Tx, groupId: string, memberId: string, roles: readonly Role[]) {
  const group = await lockGroup(tx, groupId);
  return { group, ...(await requireManager(tx, groupId, memberId, roles)) };
}
