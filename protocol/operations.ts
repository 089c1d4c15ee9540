import { z } from 'zod';
import {
  CreateThreadBody,
  EditMessageBody,
  MessageList,
  MessagesQuery,
  MessageView,
  PostMessageBody,
  ReactBody,
  ThreadList,
  ThreadQuery,
  ThreadView,
} from './discussion';
import { EventPage, EventsQuery } from './events';
import { Id, InviteCode } from './fields';
import {
  CreateGroupBody,
  CreateInviteBody,
  CreateRequestBody,
  DecideRequestBody,
  Departure,
  GroupPreview,
  GroupView,
  InviteList,
  InvitePreview,
  InviteView,
  JoinBody,
  Joined,
  MemberList,
  MemberView,
  RequestCreated,
  RequestDecided,
  RequestList,
  SetRoleBody,
  UpdateGroupBody,
  UpdateSelfBody,
  type Role,
} from './groups';
import { DeviceId, DeviceList, LinkBody, LinkCode, Linked, Me } from './identity';
import { Visit } from './widget';

/**
 * Who may call an operation:
 * - none: anyone; a token is not needed (a bad one is still refused);
 * - optional: anyone; without a token the hub makes a new identity and answers its token;
 * - token: any holder of a valid token;
 * - group: an active member of the path's group, with one of `roles` when given.
 */
export type Access = 'none' | 'optional' | 'token' | 'group';

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** OpenAPI style: `/groups/{groupId}`. */
  path: string;
  summary: string;
  auth: Access;
  roles?: readonly Role[];
  params?: z.ZodObject;
  query?: z.ZodType;
  /** Request headers the operation reads, by name, with what they carry. */
  headers?: Readonly<Record<string, string>>;
  body?: z.ZodType;
  /** Writes named by a client id: repeating the request repeats the answer and changes nothing. */
  idempotent?: boolean;
  /** Status of the success answer (200 unless said). */
  status?: number;
  response: z.ZodType;
}

const P = {
  group: z.strictObject({ groupId: Id }),
  member: z.strictObject({ groupId: Id, memberId: Id }),
  invite: z.strictObject({ groupId: Id, inviteId: Id }),
  request: z.strictObject({ groupId: Id, requestId: Id }),
  thread: z.strictObject({ groupId: Id, threadId: Id }),
  message: z.strictObject({ groupId: Id, messageId: Id }),
  code: z.strictObject({ code: InviteCode }),
  device: z.strictObject({ deviceId: DeviceId }),
};
export const PathParams = P;

const MODS = ['owner', 'moderator'] as const;
const Ok = z.object({ ok: z.literal(true) });

/** Every HTTP operation of the hub: the routes, their validation and `/openapi.json` come from here. */
export const operations = {
  health: { method: 'get', path: '/health', summary: 'Liveness check', auth: 'none', response: Ok },
  openapi: {
    method: 'get',
    path: '/openapi.json',
    summary: 'This API as OpenAPI 3.1',
    auth: 'none',
    response: z.record(z.string(), z.unknown()),
  },
  live: {
    method: 'get',
    path: '/live',
    summary: 'WebSocket upgrade for live events (see protocol/live.ts); a plain GET is refused with 426',
    auth: 'none',
    status: 101,
    response: z.unknown(),
  },

  getMe: { method: 'get', path: '/me', summary: 'The caller and their groups', auth: 'token', response: Me },
  createLinkCode: {
    method: 'post',
    path: '/me/link-codes',
    summary: 'A one-time code that moves this identity to another device (10 minutes)',
    auth: 'token',
    response: LinkCode,
  },
  linkDevice: {
    method: 'post',
    path: '/me/link',
    summary: 'Trade a link code for a new token of the same member',
    auth: 'none',
    body: LinkBody,
    response: Linked,
  },
  listDevices: {
    method: 'get',
    path: '/me/devices',
    summary: "The member's signed-in devices (tokens), with when each was made and last used",
    auth: 'token',
    response: DeviceList,
  },
  signOutDevice: {
    method: 'delete',
    path: '/me/devices/{deviceId}',
    summary: 'Sign a device out (its token stops working); for the asking device, its session cookie is cleared too',
    auth: 'token',
    params: P.device,
    response: DeviceList,
  },
  signOutOtherDevices: {
    method: 'post',
    path: '/me/devices/sign-out-others',
    summary: 'Sign out every device of the member but the asking one',
    auth: 'token',
    response: DeviceList,
  },

  createGroup: {
    method: 'post',
    path: '/groups',
    summary: 'Create a group; the caller becomes its owner',
    auth: 'optional',
    headers: { 'X-Nook-Create-Token': "The operator's creation token, when the hub runs with NOOK_CREATE=token" },
    body: CreateGroupBody,
    idempotent: true,
    response: Joined,
  },
  getGroup: {
    method: 'get',
    path: '/groups/{groupId}',
    summary: 'A group and the caller as its member',
    auth: 'group',
    params: P.group,
    response: GroupView,
  },
  updateGroup: {
    method: 'patch',
    path: '/groups/{groupId}',
    summary: "Change a group's name, topic, member limit or whether it takes join requests",
    auth: 'group',
    roles: ['owner'],
    params: P.group,
    body: UpdateGroupBody,
    response: GroupView,
  },
  previewGroup: {
    method: 'get',
    path: '/groups/{groupId}/about',
    summary: 'Name and size of a group, for someone about to ask to join',
    auth: 'none',
    params: P.group,
    response: GroupPreview,
  },
  visitGroup: {
    method: 'get',
    path: '/groups/{groupId}/visit',
    summary: "The widget panel's first question: the group's preview (null when there is none) and the caller's membership or waiting request",
    auth: 'none',
    params: P.group,
    response: Visit,
  },

  listMembers: {
    method: 'get',
    path: '/groups/{groupId}/members',
    summary: 'Active members',
    auth: 'group',
    params: P.group,
    response: MemberList,
  },
  updateSelf: {
    method: 'patch',
    path: '/groups/{groupId}/me',
    summary: "Change the caller's name or introduction in this group",
    auth: 'group',
    params: P.group,
    body: UpdateSelfBody,
    response: MemberView,
  },
  setRole: {
    method: 'put',
    path: '/groups/{groupId}/members/{memberId}/role',
    summary: "Change a member's role (owner only; `owner` hands the group over)",
    auth: 'group',
    roles: ['owner'],
    params: P.member,
    body: SetRoleBody,
    response: MemberView,
  },
  removeMember: {
    method: 'delete',
    path: '/groups/{groupId}/members/{memberId}',
    summary: 'Leave (your own id) or remove a member (owner, or moderator for members); effective at once',
    auth: 'group',
    params: P.member,
    response: Departure,
  },

  createInvite: {
    method: 'post',
    path: '/groups/{groupId}/invites',
    summary: 'Make an invite link with an expiry and an optional use limit',
    auth: 'group',
    roles: MODS,
    params: P.group,
    body: CreateInviteBody,
    idempotent: true,
    response: InviteView,
  },
  listInvites: {
    method: 'get',
    path: '/groups/{groupId}/invites',
    summary: "The group's invites",
    auth: 'group',
    roles: MODS,
    params: P.group,
    response: InviteList,
  },
  revokeInvite: {
    method: 'delete',
    path: '/groups/{groupId}/invites/{inviteId}',
    summary: 'Revoke an invite',
    auth: 'group',
    roles: MODS,
    params: P.invite,
    response: InviteView,
  },
  previewInvite: {
    method: 'get',
    path: '/join/{code}',
    summary: 'The group an invite leads to',
    auth: 'none',
    params: P.code,
    response: InvitePreview,
  },
  joinWithInvite: {
    method: 'post',
    path: '/join/{code}',
    summary: 'Join with an invite (within the member limit)',
    auth: 'optional',
    params: P.code,
    body: JoinBody,
    idempotent: true,
    response: Joined,
  },

  createRequest: {
    method: 'post',
    path: '/groups/{groupId}/requests',
    summary: 'Ask to join a group that takes requests',
    auth: 'optional',
    params: P.group,
    body: CreateRequestBody,
    idempotent: true,
    response: RequestCreated,
  },
  listRequests: {
    method: 'get',
    path: '/groups/{groupId}/requests',
    summary: 'Pending join requests',
    auth: 'group',
    roles: MODS,
    params: P.group,
    response: RequestList,
  },
  decideRequest: {
    method: 'post',
    path: '/groups/{groupId}/requests/{requestId}',
    summary: 'Approve (within the member limit) or deny a join request',
    auth: 'group',
    roles: MODS,
    params: P.request,
    body: DecideRequestBody,
    response: RequestDecided,
  },

  createThread: {
    method: 'post',
    path: '/groups/{groupId}/threads',
    summary: 'Start a thread, optionally anchored to a page; one thread per anchor',
    auth: 'group',
    params: P.group,
    body: CreateThreadBody,
    idempotent: true,
    response: ThreadView,
  },
  listThreads: {
    method: 'get',
    path: '/groups/{groupId}/threads',
    summary: 'Threads, latest activity first; `anchor` (a canonical URL) finds the thread for a page',
    auth: 'group',
    params: P.group,
    query: ThreadQuery,
    response: ThreadList,
  },
  listMessages: {
    method: 'get',
    path: '/groups/{groupId}/threads/{threadId}/messages',
    summary: 'Messages of a thread in order, paged by `after` (a message seq)',
    auth: 'group',
    params: P.thread,
    query: MessagesQuery,
    response: MessageList,
  },
  postMessage: {
    method: 'post',
    path: '/groups/{groupId}/threads/{threadId}/messages',
    summary: 'Post a message (Markdown) to a thread; @name mentions members',
    auth: 'group',
    params: P.thread,
    body: PostMessageBody,
    idempotent: true,
    response: MessageView,
  },
  editMessage: {
    method: 'patch',
    path: '/groups/{groupId}/messages/{messageId}',
    summary: 'Edit your own message',
    auth: 'group',
    params: P.message,
    body: EditMessageBody,
    idempotent: true,
    response: MessageView,
  },
  deleteMessage: {
    method: 'delete',
    path: '/groups/{groupId}/messages/{messageId}',
    summary: 'Delete your own message, or any as owner or moderator',
    auth: 'group',
    params: P.message,
    idempotent: true,
    response: MessageView,
  },
  react: {
    method: 'post',
    path: '/groups/{groupId}/messages/{messageId}/reactions',
    summary: 'Set (on) or clear (off) your reaction with an emoji',
    auth: 'group',
    params: P.message,
    body: ReactBody,
    idempotent: true,
    response: MessageView,
  },

  listEvents: {
    method: 'get',
    path: '/groups/{groupId}/events',
    summary: "The group's events after a number, in pages",
    auth: 'group',
    params: P.group,
    query: EventsQuery,
    response: EventPage,
  },
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof operations;
export const operationIds = Object.keys(operations) as OperationId[];
