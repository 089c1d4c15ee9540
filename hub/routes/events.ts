import { Hono } from 'hono';
import { EVENTS_PAGE, EventPage, EventsQuery } from '../../protocol';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { listEvents } from '../store/events';

const op = operations({
  listEvents: {
    method: 'get',
    path: '/groups/:groupId/events',
    summary: "The group's events after a number, in pages",
    auth: 'group',
    params: PathParams.group,
    query: EventsQuery,
    response: EventPage,
  },
});

export const events = new Hono<HubEnv>().on(...route(op.listEvents), async (c) => {
  const { after, limit } = c.req.valid('query');
  return c.json(await listEvents(c.var.hub.db, c.var.me.group_id, after ?? 0, limit ?? EVENTS_PAGE));
});
