import { Hono } from 'hono';
import { CreateRequestBody, DecideRequestBody, RequestCreated, RequestDecided, RequestList } from '../../protocol';
import { deliverToken, memberOf } from '../http/auth';
import { discoveryLimit } from '../http/discovery-limit';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { createRequest, decideRequest, listRequests } from '../store/requests';

const MODS = ['owner', 'moderator'] as const;

const op = operations({
  createRequest: {
    method: 'post',
    path: '/groups/:groupId/requests',
    summary: 'Ask to join a group that takes requests',
    auth: 'optional',
    params: PathParams.group,
    body: CreateRequestBody,
    idempotent: true,
    response: RequestCreated,
  },
  listRequests: {
    method: 'get',
    path: '/groups/:groupId/requests',
    summary: 'Pending join requests',
    auth: 'group',
    roles: MODS,
    community: true,
    params: PathParams.group,
    response: RequestList,
  },
  decideRequest: {
    method: 'post',
    path: '/groups/:groupId/requests/:requestId',
    summary: 'Approve (within the member limit) or deny a join request',
    auth: 'group',
    roles: MODS,
    community: true,
    params: PathParams.request,
    body: DecideRequestBody,
    response: RequestDecided,
  },
});

export const requests = new Hono<HubEnv>()
  .on(...route(op.createRequest, discoveryLimit), async (c) => {
    const body = c.req.valid('json');
    const result = await createRequest(c.var.hub.store, c.var.memberId, c.req.valid('param').groupId, body);
    return c.json({ request: result.request, token: deliverToken(c, result.token, body.session) });
  })
  .on(...route(op.listRequests), async (c) => c.json(await listRequests(c.var.hub.db, c.req.valid('param').groupId)))
  .on(...route(op.decideRequest), async (c) => {
    const { groupId, requestId } = c.req.valid('param');
    return c.json(
      await decideRequest(c.var.hub.store, memberOf(c), groupId, requestId, c.req.valid('json').decision),
    );
  });
