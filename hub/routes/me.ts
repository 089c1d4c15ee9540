import { Hono, type Context } from 'hono';
import { DeviceList, LinkBody, LinkCode, Linked, Me } from '../../protocol';
import { clearSession, deliverToken, deviceOf, memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { createLinkCode, describeMe, listDevices, redeemLinkCode, signOutDevice, signOutOtherDevices } from '../store/identity';

const op = operations({
  getMe: { method: 'get', path: '/me', summary: 'The caller and their groups', auth: 'token', response: Me },
  createLinkCode: {
    method: 'post',
    path: '/me/link-codes',
    summary: 'A one-time code that moves this identity to another device (10 minutes)',
    auth: 'token',
    response: LinkCode,
  },
  linkDevice: {
    method: 'post',
    path: '/me/link',
    summary: 'Trade a link code for a new token of the same member',
    auth: 'none',
    body: LinkBody,
    response: Linked,
  },
  listDevices: {
    method: 'get',
    path: '/me/devices',
    summary: "The member's signed-in devices (tokens), with when each was made and last used",
    auth: 'token',
    response: DeviceList,
  },
  signOutOtherDevices: {
    method: 'post',
    path: '/me/devices/sign-out-others',
    summary: 'Sign out every device of the member but the asking one',
    auth: 'token',
    response: DeviceList,
  },
  signOutDevice: {
    method: 'delete',
    path: '/me/devices/:deviceId',
    summary: 'Sign a device out (its token stops working); for the asking device, its session cookie is cleared too',
    auth: 'token',
    params: PathParams.device,
    response: DeviceList,
  },
});

const devices = async (c: Context<HubEnv>) => {
  const { db, clock, config } = c.var.hub;
  return { devices: await listDevices(db, memberOf(c), c.var.deviceId, clock.now(), config.tokenTtlMs) };
};

export const me = new Hono<HubEnv>()
  .on(...route(op.getMe), async (c) => c.json(await describeMe(c.var.hub.db, memberOf(c))))
  .on(...route(op.createLinkCode), async (c) => c.json(await createLinkCode(c.var.hub.store, memberOf(c))))
  .on(...route(op.linkDevice), async (c) => {
    const body = c.req.valid('json');
    const { memberId, token } = await redeemLinkCode(c.var.hub.store, body.code, body);
    return c.json({ memberId, token: deliverToken(c, token, body.session) });
  })
  .on(...route(op.listDevices), async (c) => c.json(await devices(c)))
  .on(...route(op.signOutOtherDevices), async (c) => {
    await signOutOtherDevices(c.var.hub.db, memberOf(c), deviceOf(c));
    return c.json(await devices(c));
  })
  .on(...route(op.signOutDevice), async (c) => {
    const { deviceId } = c.req.valid('param');
    await signOutDevice(c.var.hub.db, memberOf(c), deviceId);
    // Signing out here: the widget's browser is told to drop its cookie as well.
    if (deviceId === c.var.deviceId) {
      clearSession(c);
      c.set('deviceId', null);
    }
    return c.json(await devices(c));
  });
