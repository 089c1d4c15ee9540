import { z } from 'zod';
import { Id, InviteCode, Name, PageOrigin, Seq, Session, Time, line, text } from './fields';
import {
  DEFAULT_MEMBER_LIMIT,
  INVITE_DEFAULT_TTL_S,
  INVITE_MAX_TTL_S,
  INVITE_MAX_USES,
  MAX_INTRO,
  MAX_MEMBER_LIMIT,
  MAX_REQUEST_MESSAGE,
  MAX_TOPIC,
  MIN_MEMBER_LIMIT,
} from './limits';

export const Role = z.enum(['owner', 'moderator', 'member']);
export type Role = z.infer<typeof Role>;

const MemberLimit = z.number().int().min(MIN_MEMBER_LIMIT).max(MAX_MEMBER_LIMIT);
const Topic = line(MAX_TOPIC);
const Intro = text(MAX_INTRO);

/** What every event about the group itself carries. */
export const GroupInfo = z.object({
  id: Id,
  name: z.string(),
  topic: z.string(),
  memberLimit: z.number().int(),
  allowRequests: z.boolean(),
  createdBy: Id,
  createdAt: Time,
  /** The community the group belongs to (protocol/communities.ts); absent for a group of its own. */
  communityId: Id.optional(),
});
export type GroupInfo = z.infer<typeof GroupInfo>;

export const Group = GroupInfo.extend({
  memberCount: z.number().int(),
  /** The group's latest event number. */
  seq: Seq,
});
export type Group = z.infer<typeof Group>;

/** A member as their group sees them. `id` is the member's id on this hub. */
export const Member = z.object({
  id: Id,
  name: z.string(),
  role: Role,
  intro: z.string(),
  joinedAt: Time,
});
export type Member = z.infer<typeof Member>;

/** What someone holding an invite (or the group's id, for requests) may see before joining. */
export const GroupPreview = z.object({
  id: Id,
  name: z.string(),
  topic: z.string(),
  memberCount: z.number().int(),
  memberLimit: z.number().int(),
  allowRequests: z.boolean(),
});
export type GroupPreview = z.infer<typeof GroupPreview>;

export const CreateGroupBody = z.strictObject({
  /** Made by the client so a retried create is the same create. */
  id: Id.optional(),
  name: Name,
  topic: Topic.default(''),
  memberLimit: MemberLimit.default(DEFAULT_MEMBER_LIMIT),
  allowRequests: z.boolean().default(false),
  ownerName: Name,
  ownerIntro: Intro.default(''),
  session: Session.default('token'),
  site: PageOrigin.optional(),
});

export const UpdateGroupBody = z
  .strictObject({
    name: Name.optional(),
    topic: Topic.optional(),
    memberLimit: MemberLimit.optional(),
    allowRequests: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

/** The answer to creating, joining, or being let into a group. `token` only when a new identity was made and asked for in the body. */
export const Joined = z.object({
  group: Group,
  member: Member,
  token: z.string().optional(),
});
export type Joined = z.infer<typeof Joined>;

export const GroupView = z.object({ group: Group, member: Member });
export type GroupView = z.infer<typeof GroupView>;

export const MemberList = z.object({ members: z.array(Member) });

export const SetRoleBody = z.strictObject({
  /** `owner` hands the group over: the current owner becomes a moderator. */
  role: Role,
});

export const UpdateSelfBody = z
  .strictObject({ name: Name.optional(), intro: Intro.optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const MemberView = z.object({ member: Member });

export const Invite = z.object({
  id: Id,
  code: InviteCode,
  /** `<hub>/join/<code>`: what a member shares. */
  url: z.string(),
  groupId: Id,
  createdBy: Id,
  createdAt: Time,
  expiresAt: Time.nullable(),
  maxUses: z.number().int().nullable(),
  uses: z.number().int(),
  revokedAt: Time.nullable(),
});
export type Invite = z.infer<typeof Invite>;

export const CreateInviteBody = z.strictObject({
  id: Id.optional(),
  expiresInSeconds: z.number().int().min(60).max(INVITE_MAX_TTL_S).default(INVITE_DEFAULT_TTL_S),
  /** null: no use limit. */
  maxUses: z.number().int().min(1).max(INVITE_MAX_USES).nullable().default(null),
});

export const InviteView = z.object({ invite: Invite });
export const InviteList = z.object({ invites: z.array(Invite) });

export const Departure = z.object({
  memberId: Id,
  status: z.enum(['left', 'removed']),
  /**
   * Removal revokes the links the member could come back through as someone new (the one
   * they joined with, those they made): the ones that still worked, now revoked. Empty on leaving.
   */
  revokedInvites: z.array(Invite),
});

export const InvitePreview = z.object({
  group: GroupPreview,
  expiresAt: Time.nullable(),
});

export const JoinBody = z.strictObject({
  name: Name,
  intro: Intro.default(''),
  session: Session.default('token'),
  site: PageOrigin.optional(),
});

export const RequestStatus = z.enum(['pending', 'approved', 'denied']);

export const JoinRequest = z.object({
  id: Id,
  groupId: Id,
  memberId: Id,
  name: z.string(),
  message: z.string(),
  status: RequestStatus,
  createdAt: Time,
  decidedAt: Time.nullable(),
  decidedBy: Id.nullable(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const CreateRequestBody = z.strictObject({
  name: Name,
  message: text(MAX_REQUEST_MESSAGE).default(''),
  intro: Intro.default(''),
  session: Session.default('token'),
  site: PageOrigin.optional(),
});

export const RequestCreated = z.object({
  request: JoinRequest,
  token: z.string().optional(),
});

export const DecideRequestBody = z.strictObject({ decision: z.enum(['approve', 'deny']) });

export const RequestDecided = z.object({
  request: JoinRequest,
  member: Member.nullable(),
});

export const RequestList = z.object({ requests: z.array(JoinRequest) });
