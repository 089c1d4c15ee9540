import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  MAX_MEMBER_LIMIT,
  MAX_NAME,
  DEFAULT_MEMBER_LIMIT,
  UserError,
  type Role,
} from '../../protocol';
import type {
  CommunityInvite,
  CommunityMember,
  CreateCommunityBody,
  CreateCommunityGroupBody,
  CreateCommunityInviteBody,
  JoinCommunityBody,
  RosterEntry,
} from '../../protocol/communities';
import { activeCount, findGroup, lockGroup, membership } from './access';
import { communityMember, findCommunity, MANAGERS, requireInCommunity, type CommunityMemberRow, type CommunityRow } from './community-access';
import { storedGroup } from './events';
import { admit, groupView } from './groups';
import { createMember } from './identity';
import { parseRoster } from './roster-csv';
import { tellDeciders } from './requests';
import { toGroupInfo, toRequest, type GroupRow, type RequestRow } from './rows';
import type { Queryable, Tx } from './store';
import { write, type StoreContext, type Write } from './write';

export interface InviteRow {
  id: string;
  code: string;
  community_id: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  max_uses: number | null;
  uses: number;
  revoked_at: number | null;
  roster_id: string | null;
  group_id: string | null;
}

export interface RosterRow {
  id: string;
  community_id: string;
  name: string;
  interests: string;
  time_zone: string;
  created_at: number;
  /** Its line in the file it came from: the roster keeps the file's order. */
  line: number;
  member_id: string | null;
}

const n = (v: number | null) => (v === null ? null : Number(v));

export const toCommunity = (r: CommunityRow) => ({ id: r.id, name: r.name, about: r.about, createdAt: Number(r.created_at), owner: r.owner });

export const toCommunityMember = (r: CommunityMemberRow): CommunityMember => ({
  id: r.member_id,
  name: r.name,
  interests: JSON.parse(r.interests) as string[],
  timeZone: r.time_zone,
  role: r.role,
  joinedAt: Number(r.joined_at),
});

const toRosterEntry = (r: RosterRow): RosterEntry => ({
  id: r.id,
  name: r.name,
  interests: JSON.parse(r.interests) as string[],
  timeZone: r.time_zone,
  createdAt: Number(r.created_at),
  memberId: r.member_id,
});

const toCommunityInvite = (r: InviteRow, baseUrl: string): CommunityInvite => ({
  id: r.id,
  code: r.code,
  url: `${baseUrl}/community-invites/${r.code}`,
  communityId: r.community_id,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  expiresAt: n(r.expires_at),
  maxUses: n(r.max_uses),
  uses: Number(r.uses),
  revokedAt: n(r.revoked_at),
  rosterId: r.roster_id,
  groupId: r.group_id,
});

async function memberCount(q: Queryable, communityId: string) {
  const row = await q.one<{ n: number }>('SELECT COUNT(*) AS n FROM community_members WHERE community_id = ?', [communityId]);
  return Number(row?.n ?? 0);
}

async function communityView(q: Queryable, community: CommunityRow, me: CommunityMemberRow) {
  return { community: toCommunity(community), me: toCommunityMember(me), memberCount: await memberCount(q, community.id) };
}

/** Makes a community with the caller as its owner; the same id again by its owner answers the same community. */
export async function createCommunity(s: StoreContext, memberId: string, body: z.output<typeof CreateCommunityBody>) {
  const made = await makeCommunity(s, memberId, body);
  // The owner's open sockets are seated in it: they hear its join requests from now on.
  s.onMember?.(memberId, 'communities');
  return made;
}

function makeCommunity(s: StoreContext, memberId: string, body: z.output<typeof CreateCommunityBody>) {
  return write(s, async ({ tx, now }) => {
    const id = body.id ?? randomUUID();
    const inserted = await tx.run(
      'INSERT INTO communities (id, name, about, owner, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [id, body.name, body.about, memberId, now],
    );
    if (inserted === 0) {
      const mine = await communityMember(tx, id, memberId);
      if (!mine || mine.role !== 'owner') throw new UserError('id_taken', 'A community with this id exists.');
      return communityView(tx, await findCommunity(tx, id), mine);
    }
    await tx.run(
      `INSERT INTO community_members (community_id, member_id, name, interests, time_zone, role, joined_at)
       VALUES (?, ?, ?, ?, ?, 'owner', ?)`,
      [id, memberId, body.owner.name, JSON.stringify(body.owner.interests), body.owner.timeZone, now],
    );
    return communityView(tx, await findCommunity(tx, id), (await communityMember(tx, id, memberId))!);
  });
}

export async function listMyCommunities(q: Queryable, memberId: string) {
  const rows = await q.all<CommunityMemberRow & { c_name: string; about: string; owner: string; created_at: number }>(
    `SELECT cm.*, c.name AS c_name, c.about, c.owner, c.created_at FROM community_members cm
     JOIN communities c ON c.id = cm.community_id WHERE cm.member_id = ? ORDER BY c.created_at, c.id`,
    [memberId],
  );
  const communities = [];
  for (const r of rows) {
    const community = { id: r.community_id, name: r.c_name, about: r.about, owner: r.owner, created_at: r.created_at };
    communities.push(await communityView(q, community, r));
  }
  return { communities };
}

export async function getCommunity(q: Queryable, communityId: string, memberId: string) {
  const { community, me } = await requireInCommunity(q, communityId, memberId);
  return communityView(q, community, me);
}

export async function listCommunityMembers(q: Queryable, communityId: string, memberId: string) {
  await requireInCommunity(q, communityId, memberId, MANAGERS);
  const rows = await q.all<CommunityMemberRow>(
    // Owners, then moderators, then members, each by when they joined: a tie (the same millisecond) is not left to random ids.
    `SELECT * FROM community_members WHERE community_id = ?
     ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, joined_at, member_id`,
    [communityId],
  );
  return { members: rows.map(toCommunityMember) };
}

/** The owner sets roles; `owner` hands the community over and makes the former owner a moderator. */
export async function setCommunityRole(s: StoreContext, callerId: string, communityId: string, targetId: string, role: Role) {
  const answer = await setRole(s, callerId, communityId, targetId, role);
  // Their devices hear it: the community's view (and whether they hear its join requests) follows the role.
  s.onMember?.(targetId, 'communities');
  if (role === 'owner') s.onMember?.(callerId, 'communities');
  return answer;
}

function setRole(s: StoreContext, callerId: string, communityId: string, targetId: string, role: Role) {
  return write(s, async ({ tx }) => {
    await requireInCommunity(tx, communityId, callerId, ['owner']);
    if (targetId === callerId) {
      throw new UserError('community_forbidden', 'The owner keeps their role until they hand the community to someone else.');
    }
    const target = await communityMember(tx, communityId, targetId);
    if (!target) throw new UserError('member_not_found', 'No such member in this community.');
    if (target.role === role) return { member: toCommunityMember(target) };
    const setRole = (id: string, r: Role) =>
      tx.run('UPDATE community_members SET role = ? WHERE community_id = ? AND member_id = ?', [r, communityId, id]);
    await setRole(targetId, role);
    if (role === 'owner') {
      await setRole(callerId, 'moderator');
      await tx.run('UPDATE communities SET owner = ? WHERE id = ?', [targetId, communityId]);
    }
    return { member: toCommunityMember({ ...target, role }) };
  });
}

export async function insertInvite(
  tx: Tx,
  row: Omit<InviteRow, 'code' | 'uses' | 'revoked_at'>,
): Promise<void> {
  await tx.run(
    `INSERT INTO community_invites (id, code, community_id, created_by, created_at, expires_at, max_uses, uses, roster_id, group_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [row.id, randomBytes(12).toString('base64url'), row.community_id, row.created_by, row.created_at, row.expires_at, row.max_uses, row.roster_id, row.group_id],
  );
}

export function createCommunityInvite(
  s: StoreContext,
  memberId: string,
  communityId: string,
  body: z.output<typeof CreateCommunityInviteBody>,
  baseUrl: string,
) {
  return write(s, async ({ tx, now }) => {
    await requireInCommunity(tx, communityId, memberId, MANAGERS);
    const id = body.id ?? randomUUID();
    await insertInvite(tx, {
      id,
      community_id: communityId,
      created_by: memberId,
      created_at: now,
      expires_at: now + body.expiresInSeconds * 1000,
      max_uses: body.maxUses,
      roster_id: null,
      group_id: null,
    });
    const row = (await tx.one<InviteRow>('SELECT * FROM community_invites WHERE id = ?', [id]))!;
    if (row.community_id !== communityId) throw new UserError('id_taken', 'An invite with this id exists.');
    return { invite: toCommunityInvite(row, baseUrl) };
  });
}

export async function listCommunityInvites(q: Queryable, communityId: string, memberId: string, baseUrl: string) {
  await requireInCommunity(q, communityId, memberId, MANAGERS);
  const rows = await q.all<InviteRow>('SELECT * FROM community_invites WHERE community_id = ? ORDER BY created_at, id', [communityId]);
  return { invites: rows.map((r) => toCommunityInvite(r, baseUrl)) };
}

export function revokeCommunityInvite(s: StoreContext, memberId: string, communityId: string, inviteId: string, baseUrl: string) {
  return write(s, async ({ tx, now }) => {
    await requireInCommunity(tx, communityId, memberId, MANAGERS);
    const row = await tx.one<InviteRow>('SELECT * FROM community_invites WHERE id = ? AND community_id = ?', [inviteId, communityId]);
    if (!row) throw new UserError('invite_not_found', 'No such invite.');
    if (row.revoked_at !== null) return { invite: toCommunityInvite(row, baseUrl) };
    await tx.run('UPDATE community_invites SET revoked_at = ? WHERE id = ?', [now, inviteId]);
    return { invite: toCommunityInvite({ ...row, revoked_at: now }, baseUrl) };
  });
}

function usable(invite: InviteRow | undefined, now: number): InviteRow {
  if (!invite) throw new UserError('invite_not_found', 'This invite does not exist.');
  if (invite.revoked_at !== null) throw new UserError('invite_revoked', 'This invite was revoked.');
  if (invite.expires_at !== null && Number(invite.expires_at) <= now) throw new UserError('invite_expired', 'This invite has expired.');
  if (invite.max_uses !== null && Number(invite.uses) >= Number(invite.max_uses)) {
    throw new UserError('invite_used_up', 'This invite has been used as often as it may be.');
  }
  return invite;
}

const byCode = (q: Queryable, code: string) => q.one<InviteRow>('SELECT * FROM community_invites WHERE code = ?', [code]);

export async function previewCommunityInvite(q: Queryable, code: string, now: number) {
  const invite = usable(await byCode(q, code), now);
  const community = await findCommunity(q, invite.community_id);
  const roster = invite.roster_id ? await q.one<RosterRow>('SELECT * FROM community_roster WHERE id = ?', [invite.roster_id]) : undefined;
  let group = null;
  if (invite.group_id) {
    const g = await findGroup(q, invite.group_id);
    group = {
      id: g.id,
      name: g.name,
      topic: g.topic,
      memberCount: await activeCount(q, g.id),
      memberLimit: g.member_limit,
      allowRequests: g.allow_requests === 1,
    };
  }
  return {
    community: { id: community.id, name: community.name, about: community.about, memberCount: await memberCount(q, community.id) },
    expiresAt: n(invite.expires_at),
    suggested: roster ? { name: roster.name, interests: JSON.parse(roster.interests) as string[], timeZone: roster.time_zone } : null,
    group,
  };
}

/**
 * Joins a community with an invite, saying one's name, interests and time zone. A personal
 * invite (made for a roster entry by applying cohorts) links the entry to the new member and
 * lets them into their cohort's group too, within its member limit; a refusal there refuses
 * the whole join. Someone already in the community uses nothing and changes nothing.
 */
export async function joinCommunity(s: StoreContext, memberId: string | null, code: string, body: z.output<typeof JoinCommunityBody>) {
  const joined = await join(s, memberId, code, body);
  // The member's other devices (an identity they had already) list the community too.
  s.onMember?.(joined.me.id, 'communities');
  return joined;
}

function join(s: StoreContext, memberId: string | null, code: string, body: z.output<typeof JoinCommunityBody>) {
  return write(s, async (w) => {
    const { tx, now } = w;
    const first = await byCode(tx, code);
    if (!first) throw new UserError('invite_not_found', 'This invite does not exist.');
    const community = await findCommunity(tx, first.community_id);
    if (memberId) {
      const current = await communityMember(tx, community.id, memberId);
      if (current) return { community: toCommunity(community), me: toCommunityMember(current), group: null, token: undefined };
    }
    const taken = await tx.run(
      `UPDATE community_invites SET uses = uses + 1 WHERE id = ? AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > ?) AND (max_uses IS NULL OR uses < max_uses)`,
      [first.id, now],
    );
    if (taken === 0) usable(await byCode(tx, code), now);
    const identity = memberId ? null : await createMember(tx, now, body);
    const me = memberId ?? identity!.memberId;
    await tx.run(
      `INSERT INTO community_members (community_id, member_id, name, interests, time_zone, role, joined_at)
       VALUES (?, ?, ?, ?, ?, 'member', ?)`,
      [community.id, me, body.name, JSON.stringify(body.interests), body.timeZone, now],
    );
    if (first.roster_id) {
      await tx.run('UPDATE community_roster SET member_id = ? WHERE id = ? AND member_id IS NULL', [me, first.roster_id]);
    }
    let group = null;
    if (first.group_id) {
      const g = await lockGroup(tx, first.group_id);
      if ((await membership(tx, g.id, me))?.status === 'removed') {
        throw new UserError('removed', 'You were removed from this group; ask to join instead.');
      }
      const joined = await admit(w, g, me, body.name, '');
      group = await groupView(tx, (await findGroup(tx, g.id))!, joined);
    }
    const mine = (await communityMember(tx, community.id, me))!;
    return { community: toCommunity(community), me: toCommunityMember(mine), group, token: identity?.token };
  });
}

/** The community's groups with their sizes, for its members; whether the caller is in each, or has asked. */
export async function listCommunityGroups(q: Queryable, communityId: string, memberId: string) {
  await requireInCommunity(q, communityId, memberId);
  const rows = await q.all<GroupRow & { members: number; mine: string | null; asked: number }>(
    `SELECT g.*,
       (SELECT COUNT(*) FROM memberships m WHERE m.group_id = g.id AND m.status = 'active') AS members,
       (SELECT m.status FROM memberships m WHERE m.group_id = g.id AND m.member_id = ?) AS mine,
       (SELECT COUNT(*) FROM join_requests r WHERE r.group_id = g.id AND r.member_id = ? AND r.status = 'pending') AS asked
     FROM groups g WHERE g.community_id = ? ORDER BY g.created_at, g.id`,
    [memberId, memberId, communityId],
  );
  return {
    groups: rows.map((g) => ({
      id: g.id,
      name: g.name,
      topic: g.topic,
      memberCount: Number(g.members),
      memberLimit: g.member_limit,
      allowRequests: g.allow_requests === 1,
      mine: g.mine === 'active',
      requested: Number(g.asked) > 0,
    })),
  };
}

/** Makes a group inside the community, owned by its maker. */
export async function makeGroup(
  w: Write,
  community: CommunityRow,
  maker: CommunityMemberRow,
  g: { id: string; name: string; topic: string; memberLimit: number; allowRequests: boolean },
) {
  await w.tx.run(
    `INSERT INTO groups (id, name, topic, member_limit, allow_requests, created_by, created_at, seq, community_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`,
    [g.id, g.name, g.topic, g.memberLimit, g.allowRequests ? 1 : 0, maker.member_id, w.now, community.id],
  );
  const row = (await w.tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [g.id]))!;
  await w.emit(g.id, 'group.created', maker.member_id, storedGroup(toGroupInfo(row)));
  return { row, owner: await admit(w, row, maker.member_id, maker.name, '', 'owner') };
}

export async function createCommunityGroup(
  s: StoreContext,
  memberId: string,
  communityId: string,
  body: z.output<typeof CreateCommunityGroupBody>,
) {
  const made = await makeCommunityGroup(s, memberId, communityId, body);
  // Its members' views of the community list it at once.
  s.onCommunity?.(communityId, 'groups');
  return made;
}

function makeCommunityGroup(s: StoreContext, memberId: string, communityId: string, body: z.output<typeof CreateCommunityGroupBody>) {
  return write(s, async (w) => {
    const { community, me } = await requireInCommunity(w.tx, communityId, memberId, MANAGERS);
    const id = body.id ?? randomUUID();
    const existing = await w.tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [id]);
    if (existing) {
      const mine = await membership(w.tx, id, memberId);
      if (existing.community_id !== communityId || existing.created_by !== memberId || mine?.status !== 'active') {
        throw new UserError('id_taken', 'A group with this id exists.');
      }
      return groupView(w.tx, existing, mine);
    }
    await makeGroup(w, community, me, { ...body, id });
    const fresh = (await w.tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [id]))!;
    return groupView(w.tx, fresh, (await membership(w.tx, id, memberId))!);
  });
}

/**
 * A member leaves the community (themselves only; its owner hands it over first). They stay in
 * the groups of it they joined, no longer see its other groups, and their pending requests to
 * its groups are withdrawn; its invites, their own among them, keep working (as leaving a group
 * revokes nothing). Answers the groups whose requests were withdrawn.
 */
export async function leaveCommunity(s: StoreContext, callerId: string, communityId: string, targetId: string) {
  const left = await write(s, async ({ tx }) => {
    const { me } = await requireInCommunity(tx, communityId, callerId);
    if (targetId !== callerId) throw new UserError('community_forbidden', 'Only a member can take themselves out of a community.');
    if (me.role === 'owner') {
      throw new UserError('community_owner_stays', 'The owner cannot leave the community: make another member its owner first.');
    }
    const pending = await tx.all<{ id: string; group_id: string }>(
      `SELECT r.id, r.group_id FROM join_requests r JOIN groups g ON g.id = r.group_id
       WHERE g.community_id = ? AND r.member_id = ? AND r.status = 'pending' ORDER BY r.created_at, r.id`,
      [communityId, callerId],
    );
    for (const r of pending) await tx.run('DELETE FROM join_requests WHERE id = ?', [r.id]);
    await tx.run('DELETE FROM community_members WHERE community_id = ? AND member_id = ?', [communityId, callerId]);
    return { withdrawn: [...new Set(pending.map((r) => r.group_id))] };
  });
  // Their other devices drop the community; whoever decided on the withdrawn requests sees them go.
  s.onMember?.(callerId, 'communities');
  await tellDeciders(s, left.withdrawn);
  return left;
}

/** The pending join requests to all the community's groups, oldest first (its owner and moderators). */
export async function listCommunityRequests(q: Queryable, communityId: string, memberId: string) {
  await requireInCommunity(q, communityId, memberId, MANAGERS);
  const rows = await q.all<RequestRow & { group_name: string }>(
    `SELECT r.*, g.name AS group_name FROM join_requests r JOIN groups g ON g.id = r.group_id
     WHERE g.community_id = ? AND r.status = 'pending' ORDER BY r.created_at, r.id`,
    [communityId],
  );
  return { requests: rows.map((r) => ({ ...toRequest(r), groupName: r.group_name })) };
}

/** Imports a roster: every row is checked first, and one bad row imports nothing. */
export function importRoster(s: StoreContext, memberId: string, communityId: string, csv: string) {
  return write(s, async ({ tx, now }) => {
    await requireInCommunity(tx, communityId, memberId, MANAGERS);
    const lines = parseRoster(csv);
    const entries: RosterEntry[] = [];
    for (const l of lines) {
      const row: RosterRow = {
        id: randomUUID(),
        community_id: communityId,
        name: l.name,
        interests: JSON.stringify(l.interests),
        time_zone: l.timeZone,
        created_at: now,
        line: l.line,
        member_id: null,
      };
      await tx.run(
        'INSERT INTO community_roster (id, community_id, name, interests, time_zone, created_at, line) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [row.id, communityId, row.name, row.interests, row.time_zone, now, l.line],
      );
      entries.push(toRosterEntry(row));
    }
    return { imported: entries.length, entries };
  });
}

export async function listRoster(q: Queryable, communityId: string, memberId: string) {
  await requireInCommunity(q, communityId, memberId, MANAGERS);
  const rows = await q.all<RosterRow>('SELECT * FROM community_roster WHERE community_id = ? ORDER BY created_at, line', [communityId]);
  return { entries: rows.map(toRosterEntry) };
}

/** A cohort group's name: "<community> · Cohort N", the community's name shortened to fit. */
export function cohortGroupName(community: string, index: number): string {
  const tail = ` · Cohort ${index + 1}`;
  const room = MAX_NAME - tail.length;
  // By code points, so a name is never cut inside a surrogate pair.
  if (community.length <= room) return community + tail;
  const chars = Array.from(community);
  while (chars.join('').length > room - 1) chars.pop();
  return `${chars.join('').trimEnd()}…${tail}`;
}

/** A cohort's group holds its members and the owner who made it, within the hub's cap. */
export const cohortGroupLimit = (members: number) => Math.min(MAX_MEMBER_LIMIT, Math.max(DEFAULT_MEMBER_LIMIT, members + 1));
