import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsFromEnv } from './config';
import { TOKEN_TTL_MS, type HubOptions } from './server';
import { settleUnknownUse } from './store/identity';
import { openPostgres } from './store/postgres';
import { migrations } from './store/schema';
import { openSqlite } from './store/sqlite';
import { expectOk, type Api } from './testing/api';
import { ManualClock } from './testing/clock';
import { BACKENDS, useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();
const DAY = 24 * 3600_000;
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/** A cookie the hub once set, whose token it no longer has (restored from a backup, say). */
const staleCookie = () => `nook_session=nk_${randomBytes(32).toString('base64url')}`;

/** The database a hub ran on, opened as an older hub (or an operator) would. */
const openDatabase = (o: HubOptions) => (o.databaseUrl ? openPostgres(o.databaseUrl) : openSqlite(join(o.dataDir!, 'hub.sqlite')));

const sessionCookies = (headers: Headers) => headers.getSetCookie().filter((c) => c.startsWith('nook_session='));

/** The Set-Cookie that removes the session: the same attributes as the one that set it, and Max-Age=0. */
function expectCleared(headers: Headers) {
  const cookies = sessionCookies(headers);
  expect(cookies.length, 'a Set-Cookie for the session').toBeGreaterThan(0);
  const clear = cookies[0]!;
  expect(clear).toMatch(/^nook_session=;/);
  for (const attr of ['Max-Age=0', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=None', 'Partitioned']) expect(clear).toContain(attr);
}

async function widgetJoin(api: Api, groupId: string, ownerToken: string, headers: Record<string, string> = {}) {
  const invite = await api.invite(groupId, ownerToken);
  const r = await api.call('POST', `/join/${invite.code}`, { body: { name: 'Visitor', session: 'cookie', site: 'https://creator.example' }, headers });
  expectOk(r);
  const set = sessionCookies(r.headers).at(-1) ?? '';
  expect(set).toMatch(/^nook_session=nk_/);
  return set.split(';')[0]!;
}

describe.each(BACKENDS)('sessions (%s)', (backend) => {
  it('treats a session cookie the hub does not know as no session, and clears it', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ allowRequests: true });
    const stale = { cookie: staleCookie(), ...SAME_ORIGIN };

    const visit = await api.call('GET', `/groups/${g.groupId}/visit`, { headers: stale });
    expect(visit.status).toBe(200);
    expect(visit.body).toMatchObject({ member: null, waiting: false, group: { id: g.groupId } });
    expectCleared(visit.headers);

    // Joining with the stale cookie still attached works, and the new session is the one that stays.
    const session = await widgetJoin(api, g.groupId, g.token, stale);
    const member = await api.call('GET', `/groups/${g.groupId}/visit`, { headers: { cookie: session, ...SAME_ORIGIN } });
    expect(member.body.member).toMatchObject({ name: 'Visitor' });
    expect(sessionCookies(member.headers)).toEqual([]);

    const ask = await api.call('POST', `/groups/${g.groupId}/requests`, { body: { name: 'Asker', session: 'cookie' }, headers: stale });
    expect(ask.status).toBe(200);
    expect(sessionCookies(ask.headers).at(-1)).toMatch(/^nook_session=nk_/);
  });

  it('signs out on this device: the token stops working and the cookie is cleared', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const session = await widgetJoin(api, g.groupId, g.token);
    const headers = { cookie: session, ...SAME_ORIGIN };
    const { body } = await api.call('GET', '/me/devices', { headers });
    const here = body.devices.find((d: { current: boolean }) => d.current);
    expect(here).toMatchObject({ kind: 'widget', site: 'https://creator.example' });

    const out = await api.call('DELETE', `/me/devices/${here.id}`, { headers });
    expect(out.status).toBe(200);
    expectCleared(out.headers);
    // A browser that kept the cookie anyway (or a copy of it) is a visitor now.
    const after = await api.call('GET', `/groups/${g.groupId}/visit`, { headers });
    expect(after.body).toMatchObject({ member: null });
    expect((await api.call('GET', '/me', { headers })).status).toBe(401);
  });

  it('lists the member’s devices, and signs out one of them or all the others', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const g = await api.group();
    const laptop = g.token;
    const code = await api.post('/me/link-codes', undefined, laptop);
    clock.advance(60_000);
    const phone = (await api.post('/me/link', { code: code.body.code })).body.token as string;
    const widget = await widgetJoin(api, g.groupId, phone);
    const list = await api.get('/me/devices', laptop);
    expect(list.status).toBe(200);
    expect(list.body.devices).toHaveLength(2);
    const [first, second] = list.body.devices;
    expect(first).toMatchObject({ kind: 'extension', site: null, current: true, createdAt: clock.now() - 60_000, lastUsedAt: clock.now() - 60_000 });
    expect(second).toMatchObject({ kind: 'extension', current: false, createdAt: clock.now() });
    // The widget's session is another identity (its own cookie jar), not in this member's list.
    expect((await api.call('GET', '/me/devices', { headers: { cookie: widget, ...SAME_ORIGIN } })).body.devices).toHaveLength(1);

    // Nobody else can sign the laptop out by its id.
    const other = await api.group({ name: 'Other' });
    expect((await api.del(`/me/devices/${first.id}`, other.token)).body.error.code).toBe('device_not_found');
    expect((await api.get('/me', laptop)).status).toBe(200);

    const signedOut = await api.del(`/me/devices/${second.id}`, laptop);
    expect(signedOut.status).toBe(200);
    expect(signedOut.body.devices.map((d: { id: string }) => d.id)).toEqual([first.id]);
    expect(await api.get('/me', phone)).toMatchObject({ status: 401, body: { error: { code: 'bad_token' } } });

    const third = (await api.post('/me/link', { code: (await api.post('/me/link-codes', undefined, laptop)).body.code })).body.token as string;
    const fourth = (await api.post('/me/link', { code: (await api.post('/me/link-codes', undefined, laptop)).body.code })).body.token as string;
    const others = await api.post('/me/devices/sign-out-others', undefined, laptop);
    expect(others.status).toBe(200);
    expect(others.body.devices).toEqual([expect.objectContaining({ id: first.id, current: true })]);
    for (const token of [third, fourth]) expect((await api.get('/me', token)).status).toBe(401);
    expect((await api.get('/me', laptop)).status).toBe(200);
  });

  it('expires a token left unused for 180 days, with its own error code; use keeps it alive', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const g = await api.group();
    const kept = await api.member(g.groupId, g.token, 'Kept');
    const idle = await api.member(g.groupId, g.token, 'Idle');
    // Kept's old phone, never used again.
    const linked = await api.post('/me/link', { code: (await api.post('/me/link-codes', undefined, kept.token)).body.code });
    expectOk(linked);
    clock.advance(100 * DAY);
    expect((await api.get('/me', kept.token)).status).toBe(200);
    clock.advance(81 * DAY);
    expect((await api.get('/me', kept.token)).status).toBe(200);
    const expired = await api.get('/me', idle.token);
    expect([expired.status, expired.body.error.code]).toEqual([401, 'token_expired']);
    // It stays expired (not "unknown"), so the client can keep saying why.
    expect((await api.get(`/groups/${g.groupId}`, idle.token)).body.error.code).toBe('token_expired');
    // An expired device is not in the list, and cannot come back by being used.
    expect((await api.get('/me', linked.body.token)).body.error.code).toBe('token_expired');
    expect((await api.get('/me/devices', kept.token)).body.devices).toEqual([expect.objectContaining({ current: true })]);
  });

  it('expires a token from before last use was kept NOOK_TOKEN_TTL_DAYS after the upgrade, not never', async () => {
    const clock = new ManualClock();
    const first = await hubs.start(backend, { clock });
    const g = await first.api.group();
    const idle = await first.api.member(g.groupId, g.token, 'Idle');
    await first.hub.close();

    // What a hub before `last_used_at` left: tokens with no last use, at the schema before the fix.
    const old = openDatabase(first.options);
    try {
      await old.tx(async (tx) => {
        await tx.run('UPDATE tokens SET last_used_at = NULL');
        await tx.run('UPDATE schema_version SET version = ?', [migrations.findIndex((m) => m.includes(settleUnknownUse))]);
      });
    } finally {
      await old.close();
    }

    clock.advance(30 * DAY);
    const upgraded = await hubs.start(backend, first.options);
    const upgradedAt = clock.now();
    // Nobody is signed out by the upgrade, and their devices say it as their last use.
    expect((await upgraded.api.get('/me/devices', g.token)).body.devices).toEqual([expect.objectContaining({ lastUsedAt: upgradedAt })]);
    clock.advance(TOKEN_TTL_MS - DAY);
    expect((await upgraded.api.get('/me', g.token)).status).toBe(200);
    clock.advance(2 * DAY);
    const expired = await upgraded.api.get('/me', idle.token);
    expect([expired.status, expired.body.error.code]).toEqual([401, 'token_expired']);
    expect((await upgraded.api.get('/me', g.token)).status).toBe(200);
  });

  it('writes a token’s last use at most once an hour', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const g = await api.group();
    const created = clock.now();
    const lastUsed = async () => (await api.get('/me/devices', g.token)).body.devices[0].lastUsedAt as number;
    clock.advance(30 * 60_000);
    expect(await lastUsed()).toBe(created);
    clock.advance(31 * 60_000);
    expect(await lastUsed()).toBe(clock.now());
  });

  it('honours a shorter lifetime set by the operator, and answers an expired session cookie by clearing it', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock, tokenTtlMs: 7 * DAY });
    const g = await api.group();
    const session = await widgetJoin(api, g.groupId, g.token);
    clock.advance(8 * DAY);
    const visit = await api.call('GET', `/groups/${g.groupId}/visit`, { headers: { cookie: session, ...SAME_ORIGIN } });
    expect([visit.status, visit.body.error.code]).toEqual([401, 'token_expired']);
    expectCleared(visit.headers);
  });

  it('refuses an expired token on /live, and closes the socket of a device that was signed out', async () => {
    const clock = new ManualClock();
    const { api, url } = await hubs.start(backend, { clock, heartbeatMs: 100 });
    const g = await api.group();
    const idle = await api.member(g.groupId, g.token, 'Idle');
    const phone = await api.member(g.groupId, g.token, 'Phone');
    clock.advance(100 * DAY);
    await api.get('/me', phone.token);
    clock.advance(81 * DAY);
    const refused = await LiveClient.connect(url, idle.token, { [g.groupId]: 0 });
    expect(refused.received[0]).toMatchObject({ t: 'error', error: { code: 'token_expired' } });
    expect(await refused.waitClosed()).toBe(4401);

    const live = await LiveClient.connect(url, phone.token, { [g.groupId]: 0 });
    expect(live.received[0]).toMatchObject({ t: 'ready' });
    const devices = (await api.get('/me/devices', phone.token)).body.devices;
    expectOk(await api.del(`/me/devices/${devices[0].id}`, phone.token));
    expect(await live.waitClosed()).toBe(4401);
    expect(live.received.at(-1)).toMatchObject({ t: 'error', error: { code: 'bad_token' } });
  });
});

describe('token lifetime setting', () => {
  it('is the hub’s default (180 days, above) unless NOOK_TOKEN_TTL_DAYS says otherwise, and must be a whole number of days', () => {
    expect(optionsFromEnv({}).tokenTtlMs).toBeUndefined();
    expect(TOKEN_TTL_MS).toBe(180 * DAY);
    expect(optionsFromEnv({ NOOK_TOKEN_TTL_DAYS: '30' }).tokenTtlMs).toBe(30 * DAY);
    for (const bad of ['0', '-3', 'soon', '1.5']) expect(() => optionsFromEnv({ NOOK_TOKEN_TTL_DAYS: bad }), bad).toThrow(/NOOK_TOKEN_TTL_DAYS/);
  });
});
