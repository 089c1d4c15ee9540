import { Hono } from 'hono';
import { CreateInviteBody, InviteList, InvitePreview, InviteView, JoinBody, Joined } from '../../protocol';
import { baseUrl, deliverToken, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { createInvite, joinWithInvite, listInvites, previewInvite, revokeInvite } from '../store/invites';

const MODS = ['owner', 'moderator'] as const;

const op = operations({
  createInvite: {
    method: 'post',
    path: '/groups/:groupId/invites',
    summary: 'Make an invite link with an expiry and an optional use limit',
    auth: 'group',
    roles: MODS,
    community: true,
    params: PathParams.group,
    body: CreateInviteBody,
    idempotent: true,
    response: InviteView,
  },
  listInvites: {
    method: 'get',
    path: '/groups/:groupId/invites',
    summary: "The group's invites",
    auth: 'group',
    roles: MODS,
    community: true,
    params: PathParams.group,
    response: InviteList,
  },
  revokeInvite: {
    method: 'delete',
    path: '/groups/:groupId/invites/:inviteId',
    summary: 'Revoke an invite',
    auth: 'group',
    roles: MODS,
    community: true,
    params: PathParams.invite,
    response: InviteView,
  },
  previewInvite: {
    method: 'get',
    path: '/join/:code',
    summary: 'The group an invite leads to',
    auth: 'none',
    params: PathParams.code,
    response: InvitePreview,
  },
  joinWithInvite: {
    method: 'post',
    path: '/join/:code',
    summary: 'Join with an invite (within the member limit)',
    auth: 'optional',
    params: PathParams.code,
    body: JoinBody,
    idempotent: true,
    response: Joined,
  },
});

export const invites = new Hono<HubEnv>()
  .on(...route(op.createInvite), async (c) =>
    c.json(await createInvite(c.var.hub.store, memberOf(c), c.req.valid('param').groupId, c.req.valid('json'), baseUrl(c))),
  )
  .on(...route(op.listInvites), async (c) => c.json(await listInvites(c.var.hub.db, c.req.valid('param').groupId, baseUrl(c))))
  .on(...route(op.revokeInvite), async (c) => {
    const { groupId, inviteId } = c.req.valid('param');
    return c.json(await revokeInvite(c.var.hub.store, memberOf(c), groupId, inviteId, baseUrl(c)));
  });

/** What `<hub>/join/<code>` leads to. */
export const join = new Hono<HubEnv>()
  .on(...route(op.previewInvite), async (c) =>
    c.json(await previewInvite(c.var.hub.db, c.req.valid('param').code, c.var.hub.clock.now())),
  )
  .on(...route(op.joinWithInvite), async (c) => {
    const body = c.req.valid('json');
    const result = await joinWithInvite(c.var.hub.store, c.var.memberId, c.req.valid('param').code, body);
    return c.json({ group: result.group, member: result.member, token: deliverToken(c, result.token, body.session) });
  });
