import { Hono } from 'hono';
import { Board, BoardQuery, CheckInBody, CheckInView, CheerBody, CreateGoalBody, GoalList, GoalView } from '../../protocol';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { board, checkIn, cheer, createGoal, listGoals } from '../store/goals';

const op = operations({
  createGoal: {
    method: 'post',
    path: '/groups/:groupId/goals',
    summary: 'Share a goal with the group: a title, daily or weekly, an optional last date',
    auth: 'group',
    params: PathParams.group,
    body: CreateGoalBody,
    idempotent: true,
    response: GoalView,
  },
  listGoals: {
    method: 'get',
    path: '/groups/:groupId/goals',
    summary: "The group's goals, latest first, with their check-ins",
    auth: 'group',
    params: PathParams.group,
    response: GoalList,
  },
  goalBoard: {
    method: 'get',
    path: '/groups/:groupId/goals/board',
    summary: "The weekly board: each member's goals and the week's check-ins (the week by `locale` or `firstDay`)",
    auth: 'group',
    params: PathParams.group,
    query: BoardQuery,
    response: Board,
  },
  checkIn: {
    method: 'post',
    path: '/groups/:groupId/goals/:goalId/checkins',
    summary: 'Check in on your goal: the hub counts it for its date in your zone; one a day (daily) or a week (weekly)',
    auth: 'group',
    params: PathParams.goal,
    body: CheckInBody,
    idempotent: true,
    response: CheckInView,
  },
  cheer: {
    method: 'put',
    path: '/groups/:groupId/checkins/:checkInId/cheer',
    summary: 'Cheer a check-in, or take the cheer back',
    auth: 'group',
    params: PathParams.checkIn,
    body: CheerBody,
    idempotent: true,
    response: CheckInView,
  },
});

export const goals = new Hono<HubEnv>()
  .on(...route(op.createGoal), async (c) => c.json(await createGoal(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))))
  .on(...route(op.listGoals), async (c) => c.json(await listGoals(c.var.hub.db, c.var.me.group_id)))
  .on(...route(op.goalBoard), async (c) => c.json(await board(c.var.hub.db, c.var.me.group_id, c.req.valid('query'), c.var.hub.clock.now())))
  .on(...route(op.checkIn), async (c) => {
    const { groupId, goalId } = c.req.valid('param');
    return c.json(await checkIn(c.var.hub.store, memberOf(c), groupId, goalId, c.req.valid('json')));
  })
  .on(...route(op.cheer), async (c) => {
    const { groupId, checkInId } = c.req.valid('param');
    return c.json(await cheer(c.var.hub.store, memberOf(c), groupId, checkInId, c.req.valid('json').on));
  });
