import { Hono } from 'hono';
import { Departure, MemberList, MemberView, SetRoleBody } from '../../protocol';
import { baseUrl, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { listMembers, removeMember, setRole } from '../store/groups';

const op = operations({
  listMembers: {
    method: 'get',
    path: '/groups/:groupId/members',
    summary: 'Active members',
    auth: 'group',
    params: PathParams.group,
    response: MemberList,
  },
  setRole: {
    method: 'put',
    path: '/groups/:groupId/members/:memberId/role',
    summary: "Change a member's role (owner only; `owner` hands the group over)",
    auth: 'group',
    roles: ['owner'],
    community: true,
    params: PathParams.member,
    body: SetRoleBody,
    response: MemberView,
  },
  removeMember: {
    method: 'delete',
    path: '/groups/:groupId/members/:memberId',
    summary: 'Leave (your own id) or remove a member (owner, or moderator for members); effective at once',
    auth: 'group',
    community: true,
    params: PathParams.member,
    response: Departure,
  },
});

export const members = new Hono<HubEnv>()
  .on(...route(op.listMembers), async (c) => c.json(await listMembers(c.var.hub.db, c.var.me.group_id)))
  .on(...route(op.setRole), async (c) => {
    const { groupId, memberId } = c.req.valid('param');
    return c.json(await setRole(c.var.hub.store, memberOf(c), groupId, memberId, c.req.valid('json').role));
  })
  .on(...route(op.removeMember), async (c) => {
    const { groupId, memberId } = c.req.valid('param');
    return c.json(await removeMember(c.var.hub.store, memberOf(c), groupId, memberId, baseUrl(c)));
  });
