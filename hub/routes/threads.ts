import { Hono } from 'hono';
import {
  CreateThreadBody,
  EVENTS_PAGE,
  MessageList,
  MessagesQuery,
  MessageView,
  PostMessageBody,
  ThreadList,
  ThreadQuery,
  ThreadView,
} from '../../protocol';
import { checkTokenNow, memberOf, tokenForStore } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { createThread, listMessages, listThreads, postCheckingToken, postMessage } from '../store/discussion';

const op = operations({
  createThread: {
    method: 'post',
    path: '/groups/:groupId/threads',
    summary: 'Start a thread, optionally anchored to a page; one thread per anchor',
    auth: 'group',
    params: PathParams.group,
    body: CreateThreadBody,
    idempotent: true,
    response: ThreadView,
  },
  listThreads: {
    method: 'get',
    path: '/groups/:groupId/threads',
    summary: 'Threads, latest activity first; `anchor` (a canonical URL) finds the thread for a page',
    auth: 'group',
    params: PathParams.group,
    query: ThreadQuery,
    response: ThreadList,
  },
  listMessages: {
    method: 'get',
    path: '/groups/:groupId/threads/:threadId/messages',
    summary: 'Messages of a thread in order, paged by `after` (a message seq)',
    auth: 'group',
    params: PathParams.thread,
    query: MessagesQuery,
    response: MessageList,
  },
  postMessage: {
    method: 'post',
    path: '/groups/:groupId/threads/:threadId/messages',
    summary: 'Post a message (Markdown) to a thread; @name mentions members',
    auth: 'group',
    // postMessage checks the caller in its transaction; checking here as well would read it twice.
    memberCheckedByStore: true,
    // And on Postgres the token, in the same function call: a post is one round trip.
    tokenCheckedByStore: 'postgres',
    params: PathParams.thread,
    body: PostMessageBody,
    idempotent: true,
    response: MessageView,
  },
});

export const threads = new Hono<HubEnv>()
  .on(...route(op.createThread), async (c) =>
    c.json(await createThread(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))),
  )
  .on(...route(op.listThreads), async (c) =>
    c.json(await listThreads(c.var.hub.db, c.var.me.group_id, c.req.valid('query').anchor)),
  )
  .on(...route(op.listMessages), async (c) => {
    const { groupId, threadId } = c.req.valid('param');
    const { after, limit } = c.req.valid('query');
    return c.json(await listMessages(c.var.hub.db, groupId, threadId, after ?? 0, limit ?? EVENTS_PAGE));
  })
  .on(...route(op.postMessage), async (c) => {
    const { groupId, threadId } = c.req.valid('param');
    const { id, body } = c.req.valid('json');
    const token = tokenForStore(c);
    if (token) {
      const posted = await postCheckingToken(c.get('hub').store, token, groupId, threadId, id, body);
      if (posted) return c.json(posted);
      await checkTokenNow(c);
    }
    return c.json(await postMessage(c.get('hub').store, memberOf(c), groupId, threadId, id, body));
  });
