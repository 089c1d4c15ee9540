import { Hono, type Context } from 'hono';
import { LinkBody, PathParams } from '../../protocol';
import { clearSession, deliverToken, deviceOf, memberOf, requireToken } from '../http/auth';
import type { HubEnv } from '../http/env';
import { json, params } from '../http/validate';
import { createLinkCode, describeMe, listDevices, redeemLinkCode, signOutDevice, signOutOtherDevices } from '../store/identity';

const devices = async (c: Context<HubEnv>) => {
  const { db, clock, config } = c.var.hub;
  return { devices: await listDevices(db, memberOf(c), c.var.deviceId, clock.now(), config.tokenTtlMs) };
};

export const me = new Hono<HubEnv>()
  .get('/', requireToken, async (c) => c.json(await describeMe(c.var.hub.db, memberOf(c))))
  .post('/link-codes', requireToken, async (c) => c.json(await createLinkCode(c.var.hub.store, memberOf(c))))
  .post('/link', json(LinkBody), async (c) => {
    const body = c.req.valid('json');
    const { memberId, token } = await redeemLinkCode(c.var.hub.store, body.code, body);
    return c.json({ memberId, token: deliverToken(c, token, body.session) });
  })
  .get('/devices', requireToken, async (c) => c.json(await devices(c)))
  .post('/devices/sign-out-others', requireToken, async (c) => {
    await signOutOtherDevices(c.var.hub.db, memberOf(c), deviceOf(c));
    return c.json(await devices(c));
  })
  .delete('/devices/:deviceId', requireToken, params(PathParams.device), async (c) => {
    const { deviceId } = c.req.valid('param');
    await signOutDevice(c.var.hub.db, memberOf(c), deviceId);
    // Signing out here: the widget's browser is told to drop its cookie as well.
    if (deviceId === c.var.deviceId) {
      clearSession(c);
      c.set('deviceId', null);
    }
    return c.json(await devices(c));
  });
