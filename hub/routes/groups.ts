import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { CreateGroupBody, PathParams, UpdateGroupBody, UpdateSelfBody, UserError } from '../../protocol';
import { deliverToken, inGroup, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { json, params } from '../http/validate';
import { findGroup } from '../store/access';
import { createGroup, groupView, previewGroup, updateGroup, updateSelf } from '../store/groups';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The operator decides who may create groups (NOOK_CREATE): anyone, or holders of NOOK_CREATE_TOKEN. */
const mayCreate = createMiddleware<HubEnv>(async (c, next) => {
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
  .post('/', mayCreate, json(CreateGroupBody), async (c) => {
    const body = c.req.valid('json');
    const result = await createGroup(c.var.hub.store, c.var.memberId, body, body.id ?? randomUUID());
    return c.json({ group: result.group, member: result.member, token: deliverToken(c, result.token, body.session) });
  })
  .get('/:groupId', inGroup(), async (c) => {
    const db = c.var.hub.db;
    return c.json(await groupView(db, await findGroup(db, c.var.me.group_id), c.var.me));
  })
  .patch('/:groupId', inGroup(['owner']), json(UpdateGroupBody), async (c) =>
    c.json(await updateGroup(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))),
  )
  .get('/:groupId/about', params(PathParams.group), async (c) =>
    c.json(await previewGroup(c.var.hub.db, c.req.valid('param').groupId)),
  )
  .patch('/:groupId/me', inGroup(), json(UpdateSelfBody), async (c) =>
    c.json(await updateSelf(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))),
  );
