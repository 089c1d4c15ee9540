import { Hono } from 'hono';
import { CreateRequestBody, DecideRequestBody, PathParams } from '../../protocol';
import { deliverToken, inGroup, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { json, params } from '../http/validate';
import { createRequest, decideRequest, listRequests } from '../store/requests';

const MODS = ['owner', 'moderator'] as const;

/** Mounted at /groups/:groupId/requests. */
export const requests = new Hono<HubEnv>()
  .post('/', params(PathParams.group), json(CreateRequestBody), async (c) => {
    const body = c.req.valid('json');
    const result = await createRequest(c.var.hub.store, c.var.memberId, c.req.valid('param').groupId, body);
    return c.json({ request: result.request, token: deliverToken(c, result.token, body.session) });
  })
  .get('/', inGroup(MODS), async (c) => c.json(await listRequests(c.var.hub.db, c.var.me.group_id)))
  .post('/:requestId', inGroup(MODS), params(PathParams.request), json(DecideRequestBody), async (c) => {
    const { groupId, requestId } = c.req.valid('param');
    return c.json(
      await decideRequest(c.var.hub.store, memberOf(c), groupId, requestId, c.req.valid('json').decision),
    );
  });
