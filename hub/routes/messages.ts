import { Hono } from 'hono';
import { EditMessageBody, MessageView, ReactBody } from '../../protocol';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { deleteMessage, editMessage, react } from '../store/discussion';

const op = operations({
  editMessage: {
    method: 'patch',
    path: '/groups/:groupId/messages/:messageId',
    summary: 'Edit your own message',
    auth: 'group',
    params: PathParams.message,
    body: EditMessageBody,
    idempotent: true,
    response: MessageView,
  },
  deleteMessage: {
    method: 'delete',
    path: '/groups/:groupId/messages/:messageId',
    summary: 'Delete your own message, or any as owner or moderator',
    auth: 'group',
    params: PathParams.message,
    idempotent: true,
    response: MessageView,
  },
  react: {
    method: 'post',
    path: '/groups/:groupId/messages/:messageId/reactions',
    summary: 'Set (on) or clear (off) your reaction with an emoji',
    auth: 'group',
    params: PathParams.message,
    body: ReactBody,
    idempotent: true,
    response: MessageView,
  },
});

export const messages = new Hono<HubEnv>()
  .on(...route(op.editMessage), async (c) => {
    const { groupId, messageId } = c.req.valid('param');
    return c.json(await editMessage(c.var.hub.store, memberOf(c), groupId, messageId, c.req.valid('json').body));
  })
  .on(...route(op.deleteMessage), async (c) => {
    const { groupId, messageId } = c.req.valid('param');
    return c.json(await deleteMessage(c.var.hub.store, memberOf(c), groupId, messageId));
  })
  .on(...route(op.react), async (c) => {
    const { groupId, messageId } = c.req.valid('param');
    const { emoji, on } = c.req.valid('json');
    return c.json(await react(c.var.hub.store, memberOf(c), groupId, messageId, emoji, on));
  });
