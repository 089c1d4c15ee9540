import { Hono } from 'hono';
import { LinkBody } from '../../protocol';
import { deliverToken, memberOf, requireToken } from '../http/auth';
import type { HubEnv } from '../http/env';
import { json } from '../http/validate';
import { createLinkCode, describeMe, redeemLinkCode } from '../store/identity';

export const me = new Hono<HubEnv>()
  .get('/', requireToken, async (c) => c.json(await describeMe(c.var.hub.db, memberOf(c))))
  .post('/link-codes', requireToken, async (c) => c.json(await createLinkCode(c.var.hub.store, memberOf(c))))
  .post('/link', json(LinkBody), async (c) => {
    const body = c.req.valid('json');
    const { memberId, token } = await redeemLinkCode(c.var.hub.store, body.code);
    return c.json({ memberId, token: deliverToken(c, token, body.session) });
  });
