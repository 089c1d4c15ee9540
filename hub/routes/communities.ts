import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { GroupView, UserError } from '../../protocol';
import {
  CohortsApplied,
  CommunityGroupList,
  CommunityInviteList,
  CommunityInviteView,
  CommunityJoinRequestBody,
  CommunityList,
  CommunityMemberList,
  CommunityMemberView,
  CommunityPreview,
  CommunityRequestCreated,
  CommunityRequestList,
  CommunityView,
  CreateCommunityBody,
  CreateCommunityGroupBody,
  CreateCommunityInviteBody,
  EditCohortsBody,
  ImportRosterBody,
  JoinCommunityBody,
  JoinedCommunity,
  LeftCommunity,
  ProposalAnswer,
  ProposeCohortsBody,
  RosterImported,
  RosterList,
  SetCommunityRoleBody,
} from '../../protocol/communities';
import { baseUrl, deliverToken, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { findGroup } from '../store/access';
import { applyProposal, cohortInvitesCsv, editProposal, getProposal, proposeCohortsFor } from '../store/cohort-proposals';
import { requireInCommunity } from '../store/community-access';
import {
  createCommunity,
  createCommunityGroup,
  createCommunityInvite,
  getCommunity,
  importRoster,
  joinCommunity,
  leaveCommunity,
  listCommunityGroups,
  listCommunityInvites,
  listCommunityMembers,
  listCommunityRequests,
  listMyCommunities,
  listRoster,
  previewCommunityInvite,
  revokeCommunityInvite,
  setCommunityRole,
} from '../store/communities';
import { createRequest } from '../store/requests';
import { mayCreate } from './groups';

/**
 * A roster upload is bigger than any other body: the app gives it this limit instead of its
 * own (hub/app.ts), room for the CSV (ROSTER_MAX_BYTES of UTF-8) and its JSON escaping.
 */
export const ROSTER_BODY_BYTES = 4 * 1024 * 1024;
export const isRosterUpload = (c: Context) => c.req.method === 'POST' && /^\/communities\/[^/]+\/roster$/.test(c.req.path);

export const rosterBodyLimit = bodyLimit({
  maxSize: ROSTER_BODY_BYTES,
  onError: () => {
    throw new UserError('too_large', `A roster upload is limited to ${ROSTER_BODY_BYTES} bytes.`);
  },
});

const op = operations({
  createCommunity: {
    method: 'post',
    path: '/communities',
    summary: 'Create a community; the caller becomes its owner',
    auth: 'token',
    headers: { 'X-Nook-Create-Token': "The operator's creation token, when the hub runs with NOOK_CREATE=token" },
    body: CreateCommunityBody,
    idempotent: true,
    response: CommunityView,
  },
  listMyCommunities: {
    method: 'get',
    path: '/communities',
    summary: 'The communities the caller belongs to, with their role in each',
    auth: 'token',
    response: CommunityList,
  },
  getCommunity: {
    method: 'get',
    path: '/communities/:communityId',
    summary: 'A community and the caller as its member',
    auth: 'token',
    params: PathParams.community,
    response: CommunityView,
  },
  listCommunityMembers: {
    method: 'get',
    path: '/communities/:communityId/members',
    summary: "The community's members with their interests and time zones (owner and moderators)",
    auth: 'token',
    params: PathParams.community,
    response: CommunityMemberList,
  },
  setCommunityRole: {
    method: 'put',
    path: '/communities/:communityId/members/:memberId/role',
    summary: "Change a member's role in the community (owner only; `owner` hands it over)",
    auth: 'token',
    params: PathParams.communityMember,
    body: SetCommunityRoleBody,
    response: CommunityMemberView,
  },
  leaveCommunity: {
    method: 'delete',
    path: '/communities/:communityId/members/:memberId',
    summary:
      'Leave the community (oneself only; its owner hands it over first): its groups one is in stay, its other groups are no longer seen, pending requests to them are withdrawn',
    auth: 'token',
    params: PathParams.communityMember,
    response: LeftCommunity,
  },
  createCommunityInvite: {
    method: 'post',
    path: '/communities/:communityId/invites',
    summary: 'Make an invite link into the community (owner and moderators)',
    auth: 'token',
    params: PathParams.community,
    body: CreateCommunityInviteBody,
    idempotent: true,
    response: CommunityInviteView,
  },
  listCommunityInvites: {
    method: 'get',
    path: '/communities/:communityId/invites',
    summary: "The community's invites, personal ones included (owner and moderators)",
    auth: 'token',
    params: PathParams.community,
    response: CommunityInviteList,
  },
  revokeCommunityInvite: {
    method: 'delete',
    path: '/communities/:communityId/invites/:inviteId',
    summary: 'Revoke a community invite (owner and moderators)',
    auth: 'token',
    params: PathParams.communityInvite,
    response: CommunityInviteView,
  },
  previewCommunityInvite: {
    method: 'get',
    path: '/community-invites/:communityCode',
    summary: 'The community an invite leads to (and the group, for a personal invite)',
    auth: 'none',
    params: PathParams.communityCode,
    response: CommunityPreview,
  },
  joinCommunity: {
    method: 'post',
    path: '/community-invites/:communityCode',
    summary: 'Join a community with an invite, with name, interests and time zone',
    auth: 'optional',
    params: PathParams.communityCode,
    body: JoinCommunityBody,
    idempotent: true,
    response: JoinedCommunity,
  },
  listCommunityGroups: {
    method: 'get',
    path: '/communities/:communityId/groups',
    summary: "The community's groups with their sizes (its members)",
    auth: 'token',
    params: PathParams.community,
    response: CommunityGroupList,
  },
  createCommunityGroup: {
    method: 'post',
    path: '/communities/:communityId/groups',
    summary: 'Make a group inside the community; the caller owns it (owner and moderators)',
    auth: 'token',
    params: PathParams.community,
    body: CreateCommunityGroupBody,
    idempotent: true,
    response: GroupView,
  },
  askToJoinCommunityGroup: {
    method: 'post',
    path: '/communities/:communityId/groups/:groupId/requests',
    summary: "Ask to join one of the community's groups, as one's community self (its members)",
    auth: 'token',
    params: PathParams.communityGroup,
    body: CommunityJoinRequestBody,
    response: CommunityRequestCreated,
  },
  listCommunityRequests: {
    method: 'get',
    path: '/communities/:communityId/requests',
    summary: "Pending join requests to all the community's groups, with each group's name (owner and moderators)",
    auth: 'token',
    params: PathParams.community,
    response: CommunityRequestList,
  },
  importRoster: {
    method: 'post',
    path: '/communities/:communityId/roster',
    summary: 'Import people who are not on the hub yet from CSV (name, interests, time zone); all or nothing',
    auth: 'token',
    params: PathParams.community,
    body: ImportRosterBody,
    response: RosterImported,
  },
  listRoster: {
    method: 'get',
    path: '/communities/:communityId/roster',
    summary: "The community's roster (owner and moderators)",
    auth: 'token',
    params: PathParams.community,
    response: RosterList,
  },
  proposeCohorts: {
    method: 'post',
    path: '/communities/:communityId/cohorts',
    summary: 'Propose cohorts of everyone not yet in a group, by shared interests and time zones (owner)',
    auth: 'token',
    params: PathParams.community,
    body: ProposeCohortsBody,
    response: ProposalAnswer,
  },
  getCohortProposal: {
    method: 'get',
    path: '/communities/:communityId/cohorts/:proposalId',
    summary: 'A cohort proposal, scored (owner)',
    auth: 'token',
    params: PathParams.proposal,
    response: ProposalAnswer,
  },
  editCohortProposal: {
    method: 'put',
    path: '/communities/:communityId/cohorts/:proposalId',
    summary: "The owner's moves: the whole assignment, rescored",
    auth: 'token',
    params: PathParams.proposal,
    body: EditCohortsBody,
    response: ProposalAnswer,
  },
  applyCohortProposal: {
    method: 'post',
    path: '/communities/:communityId/cohorts/:proposalId/apply',
    summary: 'Make one group per cohort, add members, make personal links for roster entries; again, nothing',
    auth: 'token',
    params: PathParams.proposal,
    response: CohortsApplied,
  },
  cohortInvitesCsv: {
    method: 'get',
    path: '/communities/:communityId/cohorts/:proposalId/invites.csv',
    summary: "An applied proposal's personal links as CSV (UTF-8 with BOM, formulas escaped)",
    auth: 'token',
    params: PathParams.proposal,
    file: 'text/csv',
    response: z.string(),
  },
});

export const communities = new Hono<HubEnv>()
  .on(...route(op.createCommunity, mayCreate), async (c) => c.json(await createCommunity(c.var.hub.store, memberOf(c), c.req.valid('json'))))
  .on(...route(op.listMyCommunities), async (c) => c.json(await listMyCommunities(c.var.hub.db, memberOf(c))))
  .on(...route(op.getCommunity), async (c) => c.json(await getCommunity(c.var.hub.db, c.req.valid('param').communityId, memberOf(c))))
  .on(...route(op.listCommunityMembers), async (c) =>
    c.json(await listCommunityMembers(c.var.hub.db, c.req.valid('param').communityId, memberOf(c))),
  )
  .on(...route(op.setCommunityRole), async (c) => {
    const { communityId, memberId } = c.req.valid('param');
    return c.json(await setCommunityRole(c.var.hub.store, memberOf(c), communityId, memberId, c.req.valid('json').role));
  })
  .on(...route(op.leaveCommunity), async (c) => {
    const { communityId, memberId } = c.req.valid('param');
    return c.json(await leaveCommunity(c.var.hub.store, memberOf(c), communityId, memberId));
  })
  .on(...route(op.createCommunityInvite), async (c) =>
    c.json(await createCommunityInvite(c.var.hub.store, memberOf(c), c.req.valid('param').communityId, c.req.valid('json'), baseUrl(c))),
  )
  .on(...route(op.listCommunityInvites), async (c) =>
    c.json(await listCommunityInvites(c.var.hub.db, c.req.valid('param').communityId, memberOf(c), baseUrl(c))),
  )
  .on(...route(op.revokeCommunityInvite), async (c) => {
    const { communityId, inviteId } = c.req.valid('param');
    return c.json(await revokeCommunityInvite(c.var.hub.store, memberOf(c), communityId, inviteId, baseUrl(c)));
  })
  .on(...route(op.listCommunityGroups), async (c) =>
    c.json(await listCommunityGroups(c.var.hub.db, c.req.valid('param').communityId, memberOf(c))),
  )
  .on(...route(op.createCommunityGroup), async (c) =>
    c.json(await createCommunityGroup(c.var.hub.store, memberOf(c), c.req.valid('param').communityId, c.req.valid('json'))),
  )
  .on(...route(op.askToJoinCommunityGroup), async (c) => {
    const { communityId, groupId } = c.req.valid('param');
    const db = c.var.hub.db;
    const { me } = await requireInCommunity(db, communityId, memberOf(c));
    // Only a group of this community: another's is "no such group" here.
    const group = await findGroup(db, groupId);
    if (group.community_id !== communityId) throw new UserError('group_not_found', 'No such group in this community.');
    const body = { name: me.name, message: c.req.valid('json').message, intro: '', session: 'token' as const };
    const { request } = await createRequest(c.var.hub.store, me.member_id, groupId, body);
    return c.json({ request });
  })
  .on(...route(op.listCommunityRequests), async (c) =>
    c.json(await listCommunityRequests(c.var.hub.db, c.req.valid('param').communityId, memberOf(c))),
  )
  .on(...route(op.importRoster), async (c) =>
    c.json(await importRoster(c.var.hub.store, memberOf(c), c.req.valid('param').communityId, c.req.valid('json').csv)),
  )
  .on(...route(op.listRoster), async (c) => c.json(await listRoster(c.var.hub.db, c.req.valid('param').communityId, memberOf(c))))
  .on(...route(op.proposeCohorts), async (c) =>
    c.json(await proposeCohortsFor(c.var.hub.store, memberOf(c), c.req.valid('param').communityId, c.req.valid('json'))),
  )
  .on(...route(op.getCohortProposal), async (c) => {
    const { communityId, proposalId } = c.req.valid('param');
    return c.json(await getProposal(c.var.hub.db, memberOf(c), communityId, proposalId));
  })
  .on(...route(op.editCohortProposal), async (c) => {
    const { communityId, proposalId } = c.req.valid('param');
    return c.json(await editProposal(c.var.hub.store, memberOf(c), communityId, proposalId, c.req.valid('json').cohorts));
  })
  .on(...route(op.applyCohortProposal), async (c) => {
    const { communityId, proposalId } = c.req.valid('param');
    return c.json(await applyProposal(c.var.hub.store, memberOf(c), communityId, proposalId, baseUrl(c)));
  })
  .on(...route(op.cohortInvitesCsv), async (c) => {
    const { communityId, proposalId } = c.req.valid('param');
    const csv = await cohortInvitesCsv(c.var.hub.db, memberOf(c), communityId, proposalId, baseUrl(c));
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="cohort-links-${proposalId}.csv"`,
    });
  });

/** What `<hub>/community-invites/<code>` leads to. */
export const communityJoin = new Hono<HubEnv>()
  .on(...route(op.previewCommunityInvite), async (c) =>
    c.json(await previewCommunityInvite(c.var.hub.db, c.req.valid('param').communityCode, c.var.hub.clock.now())),
  )
  .on(...route(op.joinCommunity), async (c) => {
    const body = c.req.valid('json');
    const result = await joinCommunity(c.var.hub.store, c.var.memberId, c.req.valid('param').communityCode, body);
    return c.json({ ...result, token: deliverToken(c, result.token, body.session) });
  });
