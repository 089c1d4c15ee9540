import type { z } from 'zod';
import type { Role } from '../protocol/groups';
import type {
  CohortProposalView,
  CohortsApplied,
  CommunityGroup,
  CommunityInvite,
  CommunityMember,
  CommunityPreview,
  CommunityRequest,
  CommunityView,
  JoinedCommunity,
  RosterEntry,
} from '../protocol/communities';
import { unwrap, unwrapText, type HubClient } from './client';

/**
 * Communities and cohorts as the views ask for them (issue #17, parts 5 and 6), for the
 * extension's background and the creator console alike, each with its own authenticated
 * client. None of it is a group event: it is asked of the hub each time.
 */

/** A community, with the hub it lives on (the views hold communities of several hubs). */
export type CommunityItem = CommunityView & { hub: string };
export type CommunityGroupItem = z.infer<typeof CommunityGroup>;
export type CommunityPreviewItem = z.infer<typeof CommunityPreview> & { hub: string; code: string };
export type CohortsAppliedItem = z.infer<typeof CohortsApplied>;
/** A pending join request to one of a community's groups, with the group's name (its managers see these). */
export type CommunityRequestItem = CommunityRequest;
/** A new group inside a community: what its owner or a moderator says of it. */
export interface CommunityGroupDraft {
  name: string;
  topic: string;
  memberLimit: number;
}
export type { CohortProposalView, CommunityInvite, CommunityMember, RosterEntry };

/** Who someone is in a community: what cohorts are made from. */
export interface CommunityProfile {
  name: string;
  interests: string[];
  timeZone: string;
}

/** `<hub>/community-invites/<code>`: where to join and with what; null for anything else. */
export function parseCommunityLink(input: string): { hub: string; code: string } | null {
  try {
    const url = new URL(input.trim());
    const m = /^(.*)\/community-invites\/([A-Za-z0-9_-]{8,64})\/?$/.exec(url.pathname);
    if (!m || !/^https?:$/.test(url.protocol)) return null;
    return { hub: `${url.origin}${m[1]}`, code: m[2]! };
  } catch {
    return null;
  }
}

/** The calls of one member (the client's token) on one hub. */
export function communityCalls(client: HubClient) {
  const c = client.communities[':communityId'];
  const cohort = c.cohorts[':proposalId'];
  return {
    mine: async (): Promise<CommunityView[]> => (await unwrap(client.communities.$get())).communities,
    create: (body: { id: string; name: string; about: string; owner: CommunityProfile }): Promise<CommunityView> =>
      unwrap(client.communities.$post({ json: body })),
    groups: async (communityId: string): Promise<CommunityGroupItem[]> => (await unwrap(c.groups.$get({ param: { communityId } }))).groups,
    /** Makes a group inside the community, owned by the caller (its owner and moderators); the id makes a retry the same group. */
    createGroup: (communityId: string, draft: CommunityGroupDraft & { id: string }) =>
      unwrap(c.groups.$post({ param: { communityId }, json: { id: draft.id, name: draft.name, topic: draft.topic, memberLimit: draft.memberLimit } })),
    /** Leaves the community (the member's own id); answers the groups whose pending requests were withdrawn. */
    leave: async (communityId: string, memberId: string): Promise<string[]> =>
      (await unwrap(c.members[':memberId'].$delete({ param: { communityId, memberId } }))).withdrawn,
    requests: async (communityId: string): Promise<CommunityRequestItem[]> => (await unwrap(c.requests.$get({ param: { communityId } }))).requests,
    /** A community's manager decides a request to one of its groups, through the group's own operation. */
    decide: async (groupId: string, requestId: string, decision: 'approve' | 'deny') => {
      await unwrap(client.groups[':groupId'].requests[':requestId'].$post({ param: { groupId, requestId }, json: { decision } }));
    },
    ask: async (communityId: string, groupId: string, message: string) =>
      (await unwrap(c.groups[':groupId'].requests.$post({ param: { communityId, groupId }, json: { message } }))).request,
    members: async (communityId: string): Promise<CommunityMember[]> => (await unwrap(c.members.$get({ param: { communityId } }))).members,
    setRole: async (communityId: string, memberId: string, role: Role): Promise<CommunityMember> =>
      (await unwrap(c.members[':memberId'].role.$put({ param: { communityId, memberId }, json: { role } }))).member,
    invite: async (communityId: string): Promise<CommunityInvite> =>
      (await unwrap(c.invites.$post({ param: { communityId }, json: { id: crypto.randomUUID() } }))).invite,
    importRoster: (communityId: string, csv: string) => unwrap(c.roster.$post({ param: { communityId }, json: { csv } })),
    roster: async (communityId: string): Promise<RosterEntry[]> => (await unwrap(c.roster.$get({ param: { communityId } }))).entries,
    propose: async (communityId: string, size: number): Promise<CohortProposalView> =>
      (await unwrap(c.cohorts.$post({ param: { communityId }, json: { size } }))).proposal,
    edit: async (communityId: string, proposalId: string, cohorts: string[][]): Promise<CohortProposalView> =>
      (await unwrap(cohort.$put({ param: { communityId, proposalId }, json: { cohorts } }))).proposal,
    apply: (communityId: string, proposalId: string): Promise<CohortsAppliedItem> => unwrap(cohort.apply.$post({ param: { communityId, proposalId } })),
    invitesCsv: (communityId: string, proposalId: string) => unwrapText(cohort['invites.csv'].$get({ param: { communityId, proposalId } })),
  };
}

/** What an invite leads to; asked without a token (anyone holding the link may look). */
export const previewCommunityInvite = (client: HubClient, code: string) =>
  unwrap(client['community-invites'][':communityCode'].$get({ param: { communityCode: code } }));

/** Joins with an invite as the client's member (a new one, answered with its token, when it has none). */
export const joinCommunity = (client: HubClient, code: string, profile: CommunityProfile): Promise<z.infer<typeof JoinedCommunity>> =>
  unwrap(client['community-invites'][':communityCode'].$post({ param: { communityCode: code }, json: { ...profile, session: 'token' } }));
