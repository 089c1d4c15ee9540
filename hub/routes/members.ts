import { Hono } from 'hono';
import { PathParams, SetRoleBody } from '../../protocol';
import { baseUrl, inGroup, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { json, params } from '../http/validate';
import { listMembers, removeMember, setRole } from '../store/groups';

/** Mounted at /groups/:groupId/members. */
export const members = new Hono<HubEnv>()
  .get('/', inGroup(), async (c) => c.json(await listMembers(c.var.hub.db, c.var.me.group_id)))
  .put('/:memberId/role', inGroup(['owner']), params(PathParams.member), json(SetRoleBody), async (c) => {
    const { groupId, memberId } = c.req.valid('param');
    return c.json(await setRole(c.var.hub.store, memberOf(c), groupId, memberId, c.req.valid('json').role));
  })
  .delete('/:memberId', inGroup(), params(PathParams.member), async (c) => {
    const { groupId, memberId } = c.req.valid('param');
    return c.json(await removeMember(c.var.hub.store, memberOf(c), groupId, memberId, baseUrl(c)));
  });
