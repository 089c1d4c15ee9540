import { Hono } from 'hono';
import { EditMessageBody, PathParams, ReactBody } from '../../protocol';
import { inGroup, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { json, params } from '../http/validate';
import { deleteMessage, editMessage, react } from '../store/discussion';

/** Mounted at /groups/:groupId/messages. */
export const messages = new Hono<HubEnv>()
  .patch('/:messageId', inGroup(), params(PathParams.message), json(EditMessageBody), async (c) => {
    const { groupId, messageId } = c.req.valid('param');
    return c.json(await editMessage(c.var.hub.store, memberOf(c), groupId, messageId, c.req.valid('json').body));
  })
  .delete('/:messageId', inGroup(), params(PathParams.message), async (c) => {
    const { groupId, messageId } = c.req.valid('param');
    return c.json(await deleteMessage(c.var.hub.store, memberOf(c), groupId, messageId));
  })
  .post('/:messageId/reactions', inGroup(), params(PathParams.message), json(ReactBody), async (c) => {
    const { groupId, messageId } = c.req.valid('param');
    const { emoji, on } = c.req.valid('json');
    return c.json(await react(c.var.hub.store, memberOf(c), groupId, messageId, emoji, on));
  });
