import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import {
  CreateGroupBody,
  GroupPreview,
  GroupView,
  Joined,
  MemberView,
  UpdateGroupBody,
  UpdateSelfBody,
  UserError,
} from '../../protocol';
import { deliverToken, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { findGroup } from '../store/access';
import { createGroup, groupView, previewGroup, updateGroup, updateSelf } from '../store/groups';

const op = operations({
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
    path: '/groups/:groupId',
    summary: 'A group and the caller as its member',
    auth: 'group',
    params: PathParams.group,
    response: GroupView,
  },
  updateGroup: {
    method: 'patch',
    path: '/groups/:groupId',
    summary: "Change a group's name, topic, member limit or whether it takes join requests",
    auth: 'group',
    roles: ['owner'],
    params: PathParams.group,
    body: UpdateGroupBody,
    response: GroupView,
  },
  previewGroup: {
    method: 'get',
    path: '/groups/:groupId/about',
    summary: 'Name and size of a group, for someone about to ask to join',
    auth: 'none',
    params: PathParams.group,
    response: GroupPreview,
  },
  updateSelf: {
    method: 'patch',
    path: '/groups/:groupId/me',
    summary: "Change the caller's name or introduction in this group",
    auth: 'group',
    params: PathParams.group,
    body: UpdateSelfBody,
    response: MemberView,
  },
});

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The operator decides who may create groups (NOOK_CREATE): anyone, or holders of NOOK_CREATE_TOKEN. */
export const mayCreate = createMiddleware<HubEnv>(async (c, next) => {
  const policy = c.var.hub.config.create;
  if (policy.mode === 'token') {
    const given = c.req.header('x-nook-create-token') ?? '';
    if (!timingSafeEqual(digest(given), digest(policy.token))) {
      throw new UserError('create_forbidden', 'This hub creates groups only for holders of its creation token.');
    }
  }
  await next();
});

export const groups = new Hono<HubEnv>()
  .on(...route(op.createGroup, mayCreate), async (c) => {
    const body = c.req.valid('json');
    const result = await createGroup(c.var.hub.store, c.var.memberId, body, body.id ?? randomUUID());
    return c.json({ group: result.group, member: result.member, token: deliverToken(c, result.token, body.session) });
  })
  .on(...route(op.getGroup), async (c) => {
    const db = c.var.hub.db;
    return c.json(await groupView(db, await findGroup(db, c.var.me.group_id), c.var.me));
  })
  .on(...route(op.updateGroup), async (c) =>
    c.json(await updateGroup(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))),
  )
  .on(...route(op.previewGroup), async (c) => c.json(await previewGroup(c.var.hub.db, c.req.valid('param').groupId)))
  .on(...route(op.updateSelf), async (c) =>
    c.json(await updateSelf(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))),
  );
