import { Hono } from 'hono';
import { EVENTS_PAGE, EventsQuery } from '../../protocol';
import { inGroup } from '../http/auth';
import type { HubEnv } from '../http/env';
import { query } from '../http/validate';
import { listEvents } from '../store/events';

/** Mounted at /groups/:groupId/events. */
export const events = new Hono<HubEnv>().get('/', inGroup(), query(EventsQuery), async (c) => {
  const { after, limit } = c.req.valid('query');
  return c.json(await listEvents(c.var.hub.db, c.var.me.group_id, after ?? 0, limit ?? EVENTS_PAGE));
});
