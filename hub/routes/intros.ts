import { Hono } from 'hono';
import { Directory, IntroBody, IntroView } from '../../protocol';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { directory, setIntro } from '../store/intros';

const op = operations({
  setIntro: {
    method: 'put',
    path: '/groups/:groupId/intro',
    summary: "Set the caller's intro (a few lines, interests, IANA time zone), or skip it; the first one is the group's welcome",
    auth: 'group',
    params: PathParams.group,
    body: IntroBody,
    idempotent: true,
    response: IntroView,
  },
  getDirectory: {
    method: 'get',
    path: '/groups/:groupId/directory',
    summary: 'The members with role, intro and time zone; `isNew` for a week after joining',
    auth: 'group',
    params: PathParams.group,
    response: Directory,
  },
});

export const intros = new Hono<HubEnv>()
  .on(...route(op.setIntro), async (c) => c.json(await setIntro(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))))
  .on(...route(op.getDirectory), async (c) => c.json(await directory(c.var.hub.db, c.var.me.group_id, c.var.hub.clock.now())));
