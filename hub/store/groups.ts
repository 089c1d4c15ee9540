import type { z } from 'zod';
import { UserError, type CreateGroupBody, type Role, type UpdateGroupBody, type UpdateSelfBody } from '../../protocol';
import { activeCount, checkMember, enter, enterAsManager, findGroup, lockGroup, managesThroughCommunity, membership, requireMember } from './access';
import { write, type StoreContext, type Write } from './write';
import { createMember } from './identity';
import { storedGroup, storedMember } from './events';
import { toGroup, toGroupInfo, toInvite, toMember, type GroupRow, type InviteRow, type MembershipRow } from './rows';
import type { Queryable } from './store';
import { eraseTextOf } from './member-text';
import { logAction } from './moderation-rules';

export async function groupView(q: Queryable, group: GroupRow, me: MembershipRow) {
  return { group: toGroup(group, await activeCount(q, group.id)), member: toMember(me) };
}

/** Creates the group with the caller (or a new identity) as owner; a repeated id by its owner answers the same group. */
export function createGroup(s: StoreContext, memberId: string | null, body: z.output<typeof CreateGroupBody>, id: string) {
  return write(s, async (w) => {
    const { tx, now } = w;
    const existing = await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [id]);
    if (existing) return sameCreate(w, existing, memberId);
    const identity = memberId ? null : await createMember(tx, now, body);
    const owner = memberId ?? identity!.memberId;
    const inserted = await tx.one<{ id: string }>(
      `INSERT INTO groups (id, name, topic, member_limit, allow_requests, created_by, created_at, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, body.name, body.topic, body.memberLimit, body.allowRequests ? 1 : 0, owner, now],
    );
    if (!inserted) {
      // Another request made this id between our read and our insert.
      const raced = await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [id]);
      return sameCreate(w, raced!, memberId);
    }
    const group = (await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [id]))!;
    await w.emit(id, 'group.created', owner, storedGroup(toGroupInfo(group)));
    const me = await admit(w, group, owner, body.ownerName, body.ownerIntro, 'owner');
    const fresh = (await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [id]))!;
    return { ...(await groupView(tx, fresh, me)), token: identity?.token };
  });
}

async function sameCreate(w: Write, group: GroupRow, memberId: string | null) {
  if (!memberId || group.created_by !== memberId) throw new UserError('id_taken', 'A group with this id exists.');
  const me = await requireMember(w.tx, group.id, memberId);
  return { ...(await groupView(w.tx, group, me)), token: undefined };
}

/**
 * Makes someone an active member, within the member limit. Called with the group row
 * locked, so concurrent joins count one after another. Returns the membership unchanged
 * when they are one already.
 */
export async function admit(
  w: Write,
  group: GroupRow,
  memberId: string,
  name: string,
  intro: string,
  role: Role = 'member',
): Promise<MembershipRow> {
  const { tx, now } = w;
  const current = await membership(tx, group.id, memberId);
  if (current?.status === 'active') return current;
  if ((await activeCount(tx, group.id)) >= group.member_limit) {
    throw new UserError('group_full', 'This group is full.', { limit: group.member_limit });
  }
  if (current) {
    await tx.run(
      "UPDATE memberships SET name = ?, intro = ?, role = ?, status = 'active', joined_at = ?, left_at = NULL WHERE group_id = ? AND member_id = ?",
      [name, intro, role, now, group.id, memberId],
    );
  } else {
    await tx.run(
      "INSERT INTO memberships (group_id, member_id, name, intro, role, status, joined_at) VALUES (?, ?, ?, ?, ?, 'active', ?)",
      [group.id, memberId, name, intro, role, now],
    );
  }
  const me = (await membership(tx, group.id, memberId))!;
  await w.emit(group.id, 'member.joined', memberId, storedMember(toMember(me)));
  return me;
}

export function updateGroup(s: StoreContext, memberId: string, groupId: string, patch: z.output<typeof UpdateGroupBody>) {
  return write(s, async (w) => {
    const { tx } = w;
    const { group, me } = await enter(tx, groupId, memberId, ['owner']);
    const next = {
      name: patch.name ?? group.name,
      topic: patch.topic ?? group.topic,
      member_limit: patch.memberLimit ?? group.member_limit,
      allow_requests: patch.allowRequests === undefined ? group.allow_requests : patch.allowRequests ? 1 : 0,
    };
    const unchanged =
      next.name === group.name &&
      next.topic === group.topic &&
      next.member_limit === group.member_limit &&
      next.allow_requests === group.allow_requests;
    if (unchanged) return groupView(tx, group, me);
    const count = await activeCount(tx, groupId);
    if (next.member_limit < count) {
      throw new UserError('limit_below_members', 'The group has more members than that.', { members: count });
    }
    await tx.run('UPDATE groups SET name = ?, topic = ?, member_limit = ?, allow_requests = ? WHERE id = ?', [
      next.name,
      next.topic,
      next.member_limit,
      next.allow_requests,
      groupId,
    ]);
    const read = async () => (await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [groupId]))!;
    await w.emit(groupId, 'group.updated', memberId, storedGroup(toGroupInfo(await read())));
    return groupView(tx, await read(), me);
  });
}

export async function listMembers(q: Queryable, groupId: string) {
  const rows = await q.all<MembershipRow>(
    "SELECT * FROM memberships WHERE group_id = ? AND status = 'active' ORDER BY joined_at, member_id",
    [groupId],
  );
  return { members: rows.map(toMember) };
}

export async function previewGroup(q: Queryable, groupId: string) {
  const g = await findGroup(q, groupId);
  return {
    id: g.id,
    name: g.name,
    topic: g.topic,
    memberCount: await activeCount(q, groupId),
    memberLimit: g.member_limit,
    allowRequests: g.allow_requests === 1,
  };
}

export function updateSelf(s: StoreContext, memberId: string, groupId: string, patch: z.output<typeof UpdateSelfBody>) {
  return write(s, async (w) => {
    const { me } = await enter(w.tx, groupId, memberId);
    const name = patch.name ?? me.name;
    const intro = patch.intro ?? me.intro;
    if (name === me.name && intro === me.intro) return { member: toMember(me) };
    await w.tx.run('UPDATE memberships SET name = ?, intro = ? WHERE group_id = ? AND member_id = ?', [
      name,
      intro,
      groupId,
      memberId,
    ]);
    const member = toMember({ ...me, name, intro });
    await w.emit(groupId, 'member.updated', memberId, storedMember(member));
    return { member };
  });
}

async function activeTarget(w: Write, groupId: string, targetId: string) {
  const target = await membership(w.tx, groupId, targetId);
  if (!target || target.status !== 'active') throw new UserError('member_not_found', 'No such member in this group.');
  return target;
}

const setRoleRow = (w: Write, groupId: string, memberId: string, role: Role) =>
  w.tx.run('UPDATE memberships SET role = ? WHERE group_id = ? AND member_id = ?', [role, groupId, memberId]);

export function setRole(s: StoreContext, callerId: string, groupId: string, targetId: string, role: Role) {
  return write(s, async (w) => {
    const { viaCommunity } = await enterAsManager(w.tx, groupId, callerId, ['owner']);
    if (targetId === callerId && !viaCommunity) {
      throw new UserError('forbidden', 'The owner keeps their role until they hand the group to someone else.');
    }
    const target = await activeTarget(w, groupId, targetId);
    // A community's managers set every role in its groups but ownership, which the owner hands over.
    if (viaCommunity && (role === 'owner' || target.role === 'owner')) {
      throw new UserError('forbidden', "Only the group's owner hands the group over.");
    }
    if (target.role === role) return { member: toMember(target) };
    await setRoleRow(w, groupId, targetId, role);
    await w.emit(groupId, 'member.role', callerId, { memberId: targetId, role });
    if (role === 'owner') {
      await setRoleRow(w, groupId, callerId, 'moderator');
      await w.emit(groupId, 'member.role', callerId, { memberId: callerId, role: 'moderator' });
    }
    return { member: toMember({ ...target, role }) };
  });
}

/**
 * The invites a removed member could use to come back as someone new: the one they joined
 * with, and those they made (as a moderator). Only links that still work are revoked, and
 * answered, so the remover learns which links stopped working.
 */
async function revokeInvitesOf(w: Write, target: MembershipRow, baseUrl: string) {
  const usable = `group_id = ? AND revoked_at IS NULL AND (id = ? OR created_by = ?)
    AND (expires_at IS NULL OR expires_at > ?) AND (max_uses IS NULL OR uses < max_uses)`;
  const params = [target.group_id, target.invite_id ?? '', target.member_id, w.now];
  const rows = await w.tx.all<InviteRow>(`SELECT * FROM invites WHERE ${usable} ORDER BY created_at, id`, params);
  if (rows.length > 0) await w.tx.run(`UPDATE invites SET revoked_at = ? WHERE ${usable}`, [w.now, ...params]);
  return rows.map((r) => toInvite({ ...r, revoked_at: w.now }, baseUrl));
}

/**
 * Leaving (your own id) or removing someone. Their token stops working for the group at
 * commit, and the invites they could come back through stop working with it.
 */
export function removeMember(s: StoreContext, callerId: string, groupId: string, targetId: string, baseUrl: string) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await lockGroup(tx, groupId);
    const mine = await membership(tx, groupId, callerId);
    if (targetId === callerId) {
      const me = checkMember(mine);
      if (me.role === 'owner' && (await activeCount(tx, groupId)) > 1) {
        throw new UserError('owner_must_transfer', 'Hand the group to another member before leaving.');
      }
      await tx.run("UPDATE memberships SET status = 'left', left_at = ? WHERE group_id = ? AND member_id = ?", [
        now,
        groupId,
        callerId,
      ]);
      await eraseTextOf(tx, groupId, callerId);
      await w.emit(groupId, 'member.left', callerId, { memberId: callerId });
      return { memberId: callerId, status: 'left' as const, revokedInvites: [] };
    }
    // The owners and moderators of the group's community remove anyone but the group's owner.
    const me = mine?.status === 'active' ? mine : undefined;
    const viaCommunity = () => managesThroughCommunity(tx, groupId, callerId);
    if (!me && !(await viaCommunity())) checkMember(mine);
    const target = await membership(tx, groupId, targetId);
    if (target?.status === 'removed') return { memberId: targetId, status: 'removed' as const, revokedInvites: [] };
    if (!target || target.status !== 'active') throw new UserError('member_not_found', 'No such member in this group.');
    const allowed =
      me?.role === 'owner' || (me?.role === 'moderator' && target.role === 'member') || (target.role !== 'owner' && (await viaCommunity()));
    if (!allowed) throw new UserError('forbidden', 'You may not remove this member.');
    await tx.run("UPDATE memberships SET status = 'removed', left_at = ? WHERE group_id = ? AND member_id = ?", [
      now,
      groupId,
      targetId,
    ]);
    const revokedInvites = await revokeInvitesOf(w, target, baseUrl);
    await eraseTextOf(tx, groupId, targetId);
    await w.emit(groupId, 'member.removed', callerId, { memberId: targetId });
    await logAction(w, groupId, callerId, 'member.removed', { memberId: targetId });
    return { memberId: targetId, status: 'removed' as const, revokedInvites };
  });
}
