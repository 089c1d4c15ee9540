import { randomInt, randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { UserError } from '../../protocol';
import { proposeCohorts, scoreCohorts } from '../../protocol/cohorts/split';
import type { CohortProposalView, Participant, ProposeCohortsBody } from '../../protocol/communities';
import { communityMember, requireInCommunity, type CommunityMemberRow } from './community-access';
import { cohortGroupLimit, cohortGroupName, insertInvite, makeGroup, type RosterRow } from './communities';
import { admit } from './groups';
import type { Queryable } from './store';
import { write } from './write';
import type { StoreContext } from './write';

/** Personal links made by applying cohorts work this long: a course's start can be weeks away. */
export const COHORT_INVITE_TTL_MS = 30 * 24 * 3600_000;

interface ProposalRow {
  id: string;
  community_id: string;
  created_by: string;
  size: number;
  seed: number;
  method: string;
  /** JSON Participant[]: who was placed, as they were when proposed. */
  participants: string;
  /** JSON string[][]: the assignment, the owner's moves included. */
  cohorts: string;
  created_at: number;
  applied_at: number | null;
  /** JSON Applied, once applied. */
  applied: string | null;
}

interface Applied {
  groups: { id: string; name: string; members: number }[];
  invites: { rosterId: string; name: string; cohort: number; groupId: string; inviteId: string }[];
}

const OWNER = ['owner'] as const;

/**
 * Who a proposal places: the community's members (not its owner and moderators, who run the
 * groups) and roster entries, each only while they are in none of the community's groups (a
 * roster entry counts as placed once a personal link into a group was made for it).
 */
async function participantsOf(q: Queryable, communityId: string): Promise<Participant[]> {
  const members = await q.all<CommunityMemberRow>(
    `SELECT cm.* FROM community_members cm WHERE cm.community_id = ? AND cm.role = 'member'
     AND NOT EXISTS (SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id
       WHERE g.community_id = cm.community_id AND m.member_id = cm.member_id AND m.status = 'active')
     ORDER BY cm.joined_at, cm.member_id`,
    [communityId],
  );
  const roster = await q.all<RosterRow>(
    `SELECT r.* FROM community_roster r WHERE r.community_id = ? AND r.member_id IS NULL
     AND NOT EXISTS (SELECT 1 FROM community_invites i WHERE i.roster_id = r.id AND i.revoked_at IS NULL)
     ORDER BY r.created_at, r.line`,
    [communityId],
  );
  return [
    ...members.map((m) => ({ id: m.member_id, kind: 'member' as const, name: m.name, interests: JSON.parse(m.interests) as string[], timeZone: m.time_zone })),
    ...roster.map((r) => ({ id: r.id, kind: 'roster' as const, name: r.name, interests: JSON.parse(r.interests) as string[], timeZone: r.time_zone })),
  ];
}

/** A proposal as the owner sees it, scored afresh from its assignment (one scoring for the hub and the views). */
function toView(r: ProposalRow): CohortProposalView {
  const participants = JSON.parse(r.participants) as Participant[];
  const scored = scoreCohorts(JSON.parse(r.cohorts) as string[][], participants, Number(r.created_at));
  return {
    id: r.id,
    communityId: r.community_id,
    size: Number(r.size),
    seed: Number(r.seed),
    method: r.method,
    createdAt: Number(r.created_at),
    participants,
    cohorts: scored.cohorts,
    quality: scored.quality,
    appliedAt: r.applied_at === null ? null : Number(r.applied_at),
  };
}

async function proposalIn(q: Queryable, communityId: string, id: string): Promise<ProposalRow> {
  const row = await q.one<ProposalRow>('SELECT * FROM cohort_proposals WHERE id = ? AND community_id = ?', [id, communityId]);
  if (!row) throw new UserError('proposal_not_found', 'No such cohort proposal.');
  return row;
}

/** Splits everyone not yet in a group into cohorts (protocol/cohorts/split.ts) and keeps the proposal. */
export function proposeCohortsFor(s: StoreContext, memberId: string, communityId: string, body: z.output<typeof ProposeCohortsBody>) {
  return write(s, async ({ tx, now }) => {
    await requireInCommunity(tx, communityId, memberId, OWNER);
    const participants = await participantsOf(tx, communityId);
    if (participants.length === 0) {
      throw new UserError('cohorts_invalid', 'Everyone in the community is in a group already: there is nobody to place.');
    }
    const seed = body.seed ?? randomInt(0, 2 ** 31 - 1);
    const proposal = proposeCohorts(participants, { size: body.size, seed, at: now });
    const row: ProposalRow = {
      id: randomUUID(),
      community_id: communityId,
      created_by: memberId,
      size: body.size,
      seed,
      method: proposal.method,
      participants: JSON.stringify(participants),
      cohorts: JSON.stringify(proposal.cohorts.map((c) => c.members)),
      created_at: now,
      applied_at: null,
      applied: null,
    };
    await tx.run(
      `INSERT INTO cohort_proposals (id, community_id, created_by, size, seed, method, participants, cohorts, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.id, communityId, memberId, row.size, seed, row.method, row.participants, row.cohorts, now],
    );
    return { proposal: toView(row) };
  });
}

export async function getProposal(q: Queryable, memberId: string, communityId: string, id: string) {
  await requireInCommunity(q, communityId, memberId, OWNER);
  return { proposal: toView(await proposalIn(q, communityId, id)) };
}

/** The owner's moves: the same people, each in one cohort; empty cohorts are dropped. */
export function editProposal(s: StoreContext, memberId: string, communityId: string, id: string, cohorts: string[][]) {
  return write(s, async ({ tx }) => {
    await requireInCommunity(tx, communityId, memberId, OWNER);
    const row = await proposalIn(tx, communityId, id);
    if (row.applied_at !== null) throw new UserError('proposal_applied', 'This proposal was applied already; its groups are made.');
    const expected = new Set((JSON.parse(row.participants) as Participant[]).map((p) => p.id));
    const seen = new Set<string>();
    for (const cohort of cohorts) {
      for (const p of cohort) {
        if (!expected.has(p)) throw new UserError('cohorts_invalid', `${p} is not someone this proposal places.`);
        if (seen.has(p)) throw new UserError('cohorts_invalid', `${p} is in more than one cohort.`);
        seen.add(p);
      }
    }
    if (seen.size !== expected.size) {
      throw new UserError('cohorts_invalid', `Every person must be in a cohort: ${expected.size - seen.size} are missing.`);
    }
    const kept = JSON.stringify(cohorts.filter((c) => c.length > 0));
    const changed = await tx.run('UPDATE cohort_proposals SET cohorts = ? WHERE id = ? AND applied_at IS NULL', [kept, id]);
    if (changed === 0) throw new UserError('proposal_applied', 'This proposal was applied already; its groups are made.');
    return { proposal: toView({ ...row, cohorts: kept }) };
  });
}

async function appliedAnswer(q: Queryable, row: ProposalRow, baseUrl: string) {
  const applied = JSON.parse(row.applied!) as Applied;
  const codes = new Map<string, string>();
  for (const i of applied.invites) {
    const found = await q.one<{ code: string }>('SELECT code FROM community_invites WHERE id = ?', [i.inviteId]);
    codes.set(i.inviteId, found!.code);
  }
  return {
    proposal: toView(row),
    groups: applied.groups,
    invites: applied.invites.map((i) => ({
      rosterId: i.rosterId,
      name: i.name,
      cohort: i.cohort,
      groupId: i.groupId,
      url: `${baseUrl}/community-invites/${codes.get(i.inviteId)}`,
    })),
  };
}

/**
 * Makes one group per cohort inside the community, owned by the owner who applies: members with
 * an identity here join it at once (member.joined, as an approved request does); each roster
 * entry gets a personal single-use link into the community and their group. Applying again
 * answers what the first time made and makes nothing: the proposal is marked applied in the
 * same statement that checks it was not (so two at once make the groups once).
 */
export async function applyProposal(s: StoreContext, memberId: string, communityId: string, id: string, baseUrl: string) {
  const applied = await apply(s, memberId, communityId, id, baseUrl);
  // The groups it made are in the community's list for its members at once.
  s.onCommunity?.(communityId, 'groups');
  return applied;
}

function apply(s: StoreContext, memberId: string, communityId: string, id: string, baseUrl: string) {
  return write(s, async (w) => {
    const { tx, now } = w;
    const { community, me } = await requireInCommunity(tx, communityId, memberId, OWNER);
    const claimed = await tx.one<ProposalRow>(
      'UPDATE cohort_proposals SET applied_at = ? WHERE id = ? AND community_id = ? AND applied_at IS NULL RETURNING *',
      [now, id, communityId],
    );
    if (!claimed) {
      const row = await proposalIn(tx, communityId, id);
      return appliedAnswer(tx, row, baseUrl);
    }
    const participants = new Map((JSON.parse(claimed.participants) as Participant[]).map((p) => [p.id, p]));
    const applied: Applied = { groups: [], invites: [] };
    const cohorts = JSON.parse(claimed.cohorts) as string[][];
    for (const [index, cohort] of cohorts.entries()) {
      const name = cohortGroupName(community.name, index);
      const { row: group } = await makeGroup(w, community, me, {
        id: randomUUID(),
        name,
        topic: '',
        memberLimit: cohortGroupLimit(cohort.length),
        allowRequests: false,
      });
      for (const pid of cohort) {
        const p = participants.get(pid)!;
        if (p.kind === 'member') {
          // Someone who left the community since the proposal is not placed.
          const cm = await communityMember(tx, communityId, p.id);
          if (cm) await admit(w, group, p.id, cm.name, '');
          continue;
        }
        const entry = await tx.one<RosterRow>('SELECT * FROM community_roster WHERE id = ?', [p.id]);
        if (!entry) continue;
        if (entry.member_id) {
          const cm = await communityMember(tx, communityId, entry.member_id);
          if (cm) await admit(w, group, entry.member_id, cm.name, '');
          continue;
        }
        const inviteId = randomUUID();
        await insertInvite(tx, {
          id: inviteId,
          community_id: communityId,
          created_by: memberId,
          created_at: now,
          expires_at: now + COHORT_INVITE_TTL_MS,
          max_uses: 1,
          roster_id: entry.id,
          group_id: group.id,
        });
        applied.invites.push({ rosterId: entry.id, name: entry.name, cohort: index + 1, groupId: group.id, inviteId });
      }
      const count = await tx.one<{ n: number }>("SELECT COUNT(*) AS n FROM memberships WHERE group_id = ? AND status = 'active'", [group.id]);
      applied.groups.push({ id: group.id, name, members: Number(count?.n ?? 0) });
    }
    const kept = JSON.stringify(applied);
    await tx.run('UPDATE cohort_proposals SET applied = ? WHERE id = ?', [kept, id]);
    return appliedAnswer(tx, { ...claimed, applied: kept }, baseUrl);
  });
}

/**
 * The personal links as CSV for the owner's mail merge: UTF-8 with a BOM, and cells a
 * spreadsheet would run as a formula escaped (as the feedback export, hub/store/feedback.ts).
 */
export async function cohortInvitesCsv(q: Queryable, memberId: string, communityId: string, id: string, baseUrl: string) {
  await requireInCommunity(q, communityId, memberId, OWNER);
  const row = await proposalIn(q, communityId, id);
  if (row.applied === null) throw new UserError('cohorts_invalid', 'Apply the proposal first: its links are made then.');
  const answer = await appliedAnswer(q, row, baseUrl);
  const names = new Map(answer.groups.map((g) => [g.id, g.name]));
  const rows = answer.invites.map((i) => [i.name, names.get(i.groupId) ?? '', i.url]);
  return stringify([['name', 'group', 'link'], ...rows], { bom: true, escape_formulas: true, record_delimiter: 'windows' });
}
