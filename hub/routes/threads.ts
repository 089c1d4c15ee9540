import { Hono } from 'hono';
import { CreateThreadBody, EVENTS_PAGE, MessagesQuery, PathParams, PostMessageBody, ThreadQuery } from '../../protocol';
import { inGroup, inGroupCheckedByStore, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { json, params, query } from '../http/validate';
import { createThread, listMessages, listThreads, postMessage } from '../store/discussion';

/** Mounted at /groups/:groupId/threads. */
export const threads = new Hono<HubEnv>()
  .post('/', inGroup(), json(CreateThreadBody), async (c) =>
    c.json(await createThread(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))),
  )
  .get('/', inGroup(), query(ThreadQuery), async (c) =>
    c.json(await listThreads(c.var.hub.db, c.var.me.group_id, c.req.valid('query').anchor)),
  )
  .get('/:threadId/messages', inGroup(), params(PathParams.thread), query(MessagesQuery), async (c) => {
    const { groupId, threadId } = c.req.valid('param');
    const { after, limit } = c.req.valid('query');
    return c.json(await listMessages(c.var.hub.db, groupId, threadId, after ?? 0, limit ?? EVENTS_PAGE));
  })
  // postMessage checks the caller in its transaction; checking here as well would read it twice.
  .post('/:threadId/messages', inGroupCheckedByStore(), params(PathParams.thread), json(PostMessageBody), async (c) => {
    const { groupId, threadId } = c.req.valid('param');
    const { id, body } = c.req.valid('json');
    return c.json(await postMessage(c.var.hub.store, memberOf(c), groupId, threadId, id, body));
  });
