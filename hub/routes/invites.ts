import { Hono } from 'hono';
import { CreateInviteBody, JoinBody, PathParams } from '../../protocol';
import { baseUrl, deliverToken, inGroup, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { json, params } from '../http/validate';
import { createInvite, joinWithInvite, listInvites, previewInvite, revokeInvite } from '../store/invites';

const MODS = ['owner', 'moderator'] as const;

/** Mounted at /groups/:groupId/invites. */
export const invites = new Hono<HubEnv>()
  .post('/', inGroup(MODS), json(CreateInviteBody), async (c) =>
    c.json(await createInvite(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'), baseUrl(c))),
  )
  .get('/', inGroup(MODS), async (c) => c.json(await listInvites(c.var.hub.db, c.var.me.group_id, baseUrl(c))))
  .delete('/:inviteId', inGroup(MODS), params(PathParams.invite), async (c) => {
    const { groupId, inviteId } = c.req.valid('param');
    return c.json(await revokeInvite(c.var.hub.store, memberOf(c), groupId, inviteId, baseUrl(c)));
  });

/** Mounted at /join: what `<hub>/join/<code>` leads to. */
export const join = new Hono<HubEnv>()
  .get('/:code', params(PathParams.code), async (c) =>
    c.json(await previewInvite(c.var.hub.db, c.req.valid('param').code, c.var.hub.clock.now())),
  )
  .post('/:code', params(PathParams.code), json(JoinBody), async (c) => {
    const body = c.req.valid('json');
    const result = await joinWithInvite(c.var.hub.store, c.var.memberId, c.req.valid('param').code, body);
    return c.json({ group: result.group, member: result.member, token: deliverToken(c, result.token, body.session) });
  });
