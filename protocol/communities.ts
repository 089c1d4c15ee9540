import { z } from 'zod';
import { TimeZone } from './calendar';
import { Id, InviteCode, Name, PageOrigin, Session, Time, line, text } from './fields';
import { Group, GroupPreview, JoinRequest, Member, Role } from './groups';
import {
  COHORT_DEFAULT_SIZE,
  INVITE_DEFAULT_TTL_S,
  INVITE_MAX_TTL_S,
  INVITE_MAX_USES,
  MAX_ABOUT,
  MAX_INTEREST,
  MAX_INTERESTS,
  MAX_MEMBER_LIMIT,
  MAX_REQUEST_MESSAGE,
  MAX_TOPIC,
  MIN_MEMBER_LIMIT,
  DEFAULT_MEMBER_LIMIT,
} from './limits';

/**
 * Communities (issue #17, parts 5 and 6): a creator's audience or a course, holding micro-groups
 * (hosted groups with a community id, each within MAX_MEMBER_LIMIT members). A community's
 * owner and moderators manage all its groups; its members see them and ask to join one. Roles
 * are the groups' own three, with the same meaning one level up.
 */
export const Community = z.object({
  id: Id,
  name: z.string(),
  about: z.string(),
  createdAt: Time,
  /** The member who owns it now (its creator, until they hand it over). */
  owner: Id,
});
export type Community = z.infer<typeof Community>;

export const Interests = z.array(line(MAX_INTEREST, 1)).max(MAX_INTERESTS);

/** A member of a community, with what cohorts are made from: interests and time zone. */
export const CommunityMember = z.object({
  id: Id,
  name: z.string(),
  interests: z.array(z.string()),
  timeZone: z.string(),
  role: Role,
  joinedAt: Time,
});
export type CommunityMember = z.infer<typeof CommunityMember>;

export const CommunityView = z.object({ community: Community, me: CommunityMember, memberCount: z.number().int() });
export type CommunityView = z.infer<typeof CommunityView>;

export const CommunityList = z.object({ communities: z.array(CommunityView) });
export const CommunityMemberList = z.object({ members: z.array(CommunityMember) });
export const CommunityMemberView = z.object({ member: CommunityMember });

/** Who someone is in a community, as they say when joining (and as a roster says for them). */
const Profile = {
  name: Name,
  interests: Interests.default([]),
  timeZone: TimeZone,
};

export const CreateCommunityBody = z.strictObject({
  /** Made by the client so a retried create is the same create. */
  id: Id.optional(),
  name: Name,
  about: line(MAX_ABOUT).default(''),
  owner: z.strictObject(Profile),
});

export const SetCommunityRoleBody = z.strictObject({
  /** `owner` hands the community over: the current owner becomes a moderator. */
  role: Role,
});

export const CommunityInvite = z.object({
  id: Id,
  code: InviteCode,
  /** `<hub>/community-invites/<code>`: what a manager shares. */
  url: z.string(),
  communityId: Id,
  createdBy: Id,
  createdAt: Time,
  expiresAt: Time.nullable(),
  maxUses: z.number().int().nullable(),
  uses: z.number().int(),
  revokedAt: Time.nullable(),
  /** A personal invite made for one roster entry (by applying cohorts), and the group it leads into. */
  rosterId: Id.nullable(),
  groupId: Id.nullable(),
});
export type CommunityInvite = z.infer<typeof CommunityInvite>;

export const CreateCommunityInviteBody = z.strictObject({
  id: Id.optional(),
  expiresInSeconds: z.number().int().min(60).max(INVITE_MAX_TTL_S).default(INVITE_DEFAULT_TTL_S),
  maxUses: z.number().int().min(1).max(INVITE_MAX_USES).nullable().default(null),
});

export const CommunityInviteView = z.object({ invite: CommunityInvite });
export const CommunityInviteList = z.object({ invites: z.array(CommunityInvite) });

export const CommunityPreview = z.object({
  community: z.object({ id: Id, name: z.string(), about: z.string(), memberCount: z.number().int() }),
  expiresAt: Time.nullable(),
  /** A personal invite suggests what the roster said about its holder; they may change it. */
  suggested: z.object({ name: z.string(), interests: z.array(z.string()), timeZone: z.string() }).nullable(),
  /** The group a personal invite leads into too. */
  group: GroupPreview.nullable(),
});

export const JoinCommunityBody = z.strictObject({
  ...Profile,
  session: Session.default('token'),
  site: PageOrigin.optional(),
});

export const JoinedCommunity = z.object({
  community: Community,
  me: CommunityMember,
  /** The group a personal invite let them into, as its member. */
  group: z.object({ group: Group, member: Member }).nullable(),
  token: z.string().optional(),
});

/** One of a community's groups, as its members see it. `mine`: the caller is an active member. */
export const CommunityGroup = GroupPreview.extend({ mine: z.boolean(), requested: z.boolean() });
export const CommunityGroupList = z.object({ groups: z.array(CommunityGroup) });

const MemberLimit = z.number().int().min(MIN_MEMBER_LIMIT).max(MAX_MEMBER_LIMIT);

export const CreateCommunityGroupBody = z.strictObject({
  id: Id.optional(),
  name: Name,
  topic: line(MAX_TOPIC).default(''),
  memberLimit: MemberLimit.default(DEFAULT_MEMBER_LIMIT),
  /** Members of the community ask to join; a manager approves. */
  allowRequests: z.boolean().default(true),
});

export const CommunityJoinRequestBody = z.strictObject({ message: text(MAX_REQUEST_MESSAGE).default('') });
export const CommunityRequestCreated = z.object({ request: JoinRequest });

/** A pending join request to one of the community's groups, as its owner and moderators see it. */
export const CommunityRequest = JoinRequest.extend({ groupName: z.string() });
export type CommunityRequest = z.infer<typeof CommunityRequest>;
export const CommunityRequestList = z.object({ requests: z.array(CommunityRequest) });

/**
 * Leaving a community: the member stays in the groups of it they joined, no longer sees its
 * other groups, and their pending requests to its groups are withdrawn (those groups' ids).
 */
export const LeftCommunity = z.object({ withdrawn: z.array(Id) });

/** Someone the owner means to bring in, who has no identity on the hub yet. */
export const RosterEntry = z.object({
  id: Id,
  name: z.string(),
  interests: z.array(z.string()),
  timeZone: z.string(),
  createdAt: Time,
  /** Set once they joined the community (with their personal invite). */
  memberId: Id.nullable(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

export const ImportRosterBody = z.strictObject({
  /**
   * `name,interests,time zone` with a header row; interests separated by `;`. UTF-8, with or
   * without a BOM, at most ROSTER_MAX_ROWS rows and ROSTER_MAX_BYTES (checked by the hub, which
   * names the lines at fault). Every row is checked before any is kept: one bad row imports nothing.
   */
  csv: z.string(),
});
export const RosterList = z.object({ entries: z.array(RosterEntry) });
export const RosterImported = z.object({ imported: z.number().int(), entries: z.array(RosterEntry) });

/** Someone a cohort proposal places: a community member, or a roster entry. */
export const Participant = z.object({
  id: Id,
  kind: z.enum(['member', 'roster']),
  name: z.string(),
  interests: z.array(z.string()),
  timeZone: z.string(),
});
export type Participant = z.infer<typeof Participant>;

export const ScoredCohort = z.object({
  members: z.array(Id),
  sharedInterests: z.array(z.string()),
  spreadHours: z.number(),
  score: z.number(),
});

export const CohortQualityView = z.object({
  meanSharedInterests: z.number(),
  medianSpreadHours: z.number(),
  worstSpreadHours: z.number(),
  score: z.number(),
});

export const CohortProposalView = z.object({
  id: Id,
  communityId: Id,
  size: z.number().int(),
  seed: z.number().int(),
  method: z.string(),
  createdAt: Time,
  participants: z.array(Participant),
  cohorts: z.array(ScoredCohort),
  quality: CohortQualityView,
  appliedAt: Time.nullable(),
});
export type CohortProposalView = z.infer<typeof CohortProposalView>;

export const ProposeCohortsBody = z.strictObject({
  /** Members per cohort at most; the owner of each new group comes on top. */
  size: z.number().int().min(2).max(MAX_MEMBER_LIMIT - 1).default(COHORT_DEFAULT_SIZE),
  /** The same seed over the same people gives the same proposal. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});

export const EditCohortsBody = z.strictObject({
  /** Every participant of the proposal, each once: the owner's moves. */
  cohorts: z.array(z.array(Id).max(MAX_MEMBER_LIMIT - 1)).min(1),
});

export const ProposalAnswer = z.object({ proposal: CohortProposalView });

export const CohortInvite = z.object({ rosterId: Id, name: z.string(), cohort: z.number().int(), groupId: Id, url: z.string() });

export const CohortsApplied = z.object({
  proposal: CohortProposalView,
  groups: z.array(z.object({ id: Id, name: z.string(), members: z.number().int() })),
  /** A personal single-use link for each roster entry, for the owner to send. */
  invites: z.array(CohortInvite),
});
