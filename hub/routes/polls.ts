import { Hono } from 'hono';
import { CreatePollBody, PollList, PollView, VoteBody } from '../../protocol';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { closePoll, createPoll, listPolls, vote } from '../store/polls';

const op = operations({
  createPoll: {
    method: 'post',
    path: '/groups/:groupId/polls',
    summary: 'Ask the group: single or multiple choice, optionally anonymous, optionally closing at a time',
    auth: 'group',
    params: PathParams.group,
    body: CreatePollBody,
    idempotent: true,
    response: PollView,
  },
  listPolls: {
    method: 'get',
    path: '/groups/:groupId/polls',
    summary: "The group's polls, latest first, with tallies (and who chose what, unless anonymous)",
    auth: 'group',
    params: PathParams.group,
    response: PollList,
  },
  vote: {
    method: 'put',
    path: '/groups/:groupId/polls/:pollId/vote',
    summary: 'Vote, or change your vote until the poll closes; an anonymous vote is final',
    auth: 'group',
    params: PathParams.poll,
    body: VoteBody,
    idempotent: true,
    response: PollView,
  },
  closePoll: {
    method: 'post',
    path: '/groups/:groupId/polls/:pollId/close',
    summary: 'Close a poll now (its creator, a moderator or the owner)',
    auth: 'group',
    params: PathParams.poll,
    response: PollView,
  },
});

export const polls = new Hono<HubEnv>()
  .on(...route(op.createPoll), async (c) => c.json(await createPoll(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))))
  .on(...route(op.listPolls), async (c) => c.json(await listPolls(c.var.hub.db, c.var.me.group_id, memberOf(c))))
  .on(...route(op.vote), async (c) => {
    const { groupId, pollId } = c.req.valid('param');
    return c.json(await vote(c.var.hub.store, memberOf(c), groupId, pollId, c.req.valid('json')));
  })
  .on(...route(op.closePoll), async (c) => {
    const { groupId, pollId } = c.req.valid('param');
    return c.json(await closePoll(c.var.hub.store, memberOf(c), groupId, pollId));
  });
