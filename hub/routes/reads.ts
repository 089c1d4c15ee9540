import { Hono } from 'hono';
import { ReadBody, ReadList, ReadView } from '../../protocol';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { markRead, readPositions } from '../store/reads';

const op = operations({
  markRead: {
    method: 'put',
    path: '/groups/:groupId/threads/:threadId/read',
    summary: "Move the caller's read position in a thread forward (never back); their other devices are told",
    auth: 'group',
    params: PathParams.thread,
    body: ReadBody,
    idempotent: true,
    response: ReadView,
  },
  listReads: {
    method: 'get',
    path: '/me/reads',
    summary: "The caller's read positions in the groups they are in (private to them)",
    auth: 'token',
    response: ReadList,
  },
});

export const reads = new Hono<HubEnv>()
  .on(...route(op.markRead), async (c) => {
    const { groupId, threadId } = c.req.valid('param');
    return c.json({ read: await markRead(c.var.hub.store, memberOf(c), groupId, threadId, c.req.valid('json').seq) });
  })
  .on(...route(op.listReads), async (c) => c.json({ reads: await readPositions(c.var.hub.db, memberOf(c)) }));
