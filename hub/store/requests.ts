import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { UserError, type CreateRequestBody } from '../../protocol';
import { activeCount, enterAsManager, lockGroup, membership } from './access';
import { write, type StoreContext } from './write';
import { admit } from './groups';
import { inCommunity } from './community-access';
import { createMember } from './identity';
import { toMember, toRequest, type RequestRow } from './rows';
import type { Queryable } from './store';

/**
 * A denied request stands this long: asking again within it answers the same denial, so
 * a listed group's owners are not asked by the same member over and over.
 */
export const DENIAL_STANDS_MS = 7 * 24 * 3600_000;

/**
 * Asks to join; a member with a pending request, or one denied within DENIAL_STANDS_MS,
 * gets that request back. A full group takes no request: nobody could approve it.
 */
export async function createRequest(
  s: StoreContext,
  memberId: string | null,
  groupId: string,
  body: z.output<typeof CreateRequestBody>,
) {
  const made = await askToJoin(s, memberId, groupId, body);
  await tellDeciders(s, [groupId]);
  return made;
}

/**
 * Whoever decides on these groups' join requests hears that they changed, on their open
 * devices: the groups' owners and moderators (a live `requests` frame), and for a community's
 * group its owner and moderators too (a `community` frame), who manage all its groups.
 */
export async function tellDeciders(s: StoreContext, groupIds: readonly string[]): Promise<void> {
  if (groupIds.length === 0) return;
  const marks = groupIds.map(() => '?').join(', ');
  if (s.onMember) {
    const deciders = await s.db.all<{ member_id: string }>(
      `SELECT DISTINCT member_id FROM memberships WHERE group_id IN (${marks}) AND status = 'active' AND role IN ('owner', 'moderator')`,
      [...groupIds],
    );
    for (const d of deciders) s.onMember(d.member_id, 'requests');
  }
  if (s.onCommunity) {
    const communities = await s.db.all<{ community_id: string }>(
      `SELECT DISTINCT community_id FROM groups WHERE id IN (${marks}) AND community_id IS NOT NULL`,
      [...groupIds],
    );
    for (const c of communities) s.onCommunity(c.community_id, 'requests');
  }
}

function askToJoin(s: StoreContext, memberId: string | null, groupId: string, body: z.output<typeof CreateRequestBody>) {
  return write(s, async ({ tx, now }) => {
    const group = await lockGroup(tx, groupId);
    if (group.allow_requests !== 1) throw new UserError('requests_closed', 'This group joins by invitation only.');
    // A community's groups take requests from its members only (hub/store/communities.ts).
    if (group.community_id !== null && !(memberId && (await inCommunity(tx, group.community_id, memberId)))) {
      throw new UserError('not_community_member', "This group is for its community's members: join the community first.");
    }
    if (memberId) {
      const current = await membership(tx, groupId, memberId);
      if (current?.status === 'active') throw new UserError('already_member', 'You are a member of this group already.');
      const standing = await tx.one<RequestRow>(
        `SELECT * FROM join_requests WHERE group_id = ? AND member_id = ?
         AND (status = 'pending' OR (status = 'denied' AND decided_at > ?)) ORDER BY created_at DESC LIMIT 1`,
        [groupId, memberId, now - DENIAL_STANDS_MS],
      );
      if (standing) return { request: toRequest(standing), token: undefined };
    }
    if ((await activeCount(tx, groupId)) >= group.member_limit) {
      throw new UserError('group_full', 'This group is full.', { limit: group.member_limit });
    }
    const identity = memberId ? null : await createMember(tx, now, body);
    const row: RequestRow = {
      id: randomUUID(),
      group_id: groupId,
      member_id: memberId ?? identity!.memberId,
      name: body.name,
      message: body.message,
      intro: body.intro,
      status: 'pending',
      created_at: now,
      decided_at: null,
      decided_by: null,
    };
    await tx.run(
      `INSERT INTO join_requests (id, group_id, member_id, name, message, intro, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
      [row.id, groupId, row.member_id, row.name, row.message, row.intro, now],
    );
    return { request: toRequest(row), token: identity?.token };
  });
}

export async function listRequests(q: Queryable, groupId: string) {
  const rows = await q.all<RequestRow>(
    "SELECT * FROM join_requests WHERE group_id = ? AND status = 'pending' ORDER BY created_at, id",
    [groupId],
  );
  return { requests: rows.map(toRequest) };
}

/** Approving admits the requester within the member limit; deciding twice the same way is one decision. */
export async function decideRequest(
  s: StoreContext,
  callerId: string,
  groupId: string,
  requestId: string,
  decision: 'approve' | 'deny',
) {
  const decided = await decide(s, callerId, groupId, requestId, decision);
  // The other deciders' lists lose it (a community's managers among them); nothing is news there.
  await tellDeciders(s, [groupId]);
  return decided;
}

function decide(s: StoreContext, callerId: string, groupId: string, requestId: string, decision: 'approve' | 'deny') {
  return write(s, async (w) => {
    const { tx, now } = w;
    const { group } = await enterAsManager(tx, groupId, callerId, ['owner', 'moderator']);
    const request = await tx.one<RequestRow>('SELECT * FROM join_requests WHERE id = ? AND group_id = ?', [
      requestId,
      groupId,
    ]);
    if (!request) throw new UserError('request_not_found', 'No such join request.');
    const status = decision === 'approve' ? 'approved' : 'denied';
    if (request.status !== 'pending') {
      if (request.status !== status) throw new UserError('request_decided', 'This request was decided already.');
      const current = await membership(tx, groupId, request.member_id);
      return { request: toRequest(request), member: current?.status === 'active' ? toMember(current) : null };
    }
    const member = status === 'approved' ? toMember(await admit(w, group, request.member_id, request.name, request.intro)) : null;
    await tx.run('UPDATE join_requests SET status = ?, decided_at = ?, decided_by = ? WHERE id = ?', [
      status,
      now,
      callerId,
      requestId,
    ]);
    return { request: toRequest({ ...request, status, decided_at: now, decided_by: callerId }), member };
  });
}
