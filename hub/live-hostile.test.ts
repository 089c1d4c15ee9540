import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { LiveClose, MAX_LIVE_GROUPS, type GroupEvent } from '../protocol';
import { PAGE, PAGE_BYTES } from './live/fanout';
import { pageAfter } from './store/events';
import { openSqlite } from './store/sqlite';
import type { Api } from './testing/api';
import { useHubs } from './testing/hubs';
import { LiveClient, rawRequest } from './testing/live-client';

/**
 * Members who do not play by the rules of `/live`: asking for events that do not exist yet,
 * subscribing over and over without reading, flooding frames, malformed upgrades, and
 * cookie-bearing sockets from origins that only look like the hub's.
 */
const hubs = useHubs();

/** Lets frames already sent reach the hub and be handled; a client that never reads sees nothing of it. */
const settle = (ms = 500) => new Promise((r) => setTimeout(r, ms));

/** A `sub` frame as big as allowed, of groups nobody here belongs to. */
const strangers = () => Object.fromEntries(Array.from({ length: MAX_LIVE_GROUPS }, () => [randomUUID(), 0]));

async function groupWithMember(api: Api) {
  const g = await api.group();
  const m = await api.member(g.groupId, g.token, 'Mallory');
  const threadId = await api.thread(g.groupId, g.token);
  const head = (await api.events(g.groupId, g.token)).at(-1).seq as number;
  return { ...g, m, threadId, head };
}

function cookieSocket(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/live', ['nook.v1'], { headers });
  const received: { t: string }[] = [];
  ws.on('message', (d) => received.push(JSON.parse(d.toString())));
  const closed = new Promise<number>((r) => ws.once('close', r));
  return { ws, received, closed, opened: new Promise((r) => ws.once('open', r)) };
}

describe('a removed member, whatever cursor they asked for', () => {
  it('is revoked and reads nothing posted after the removal, though subscribed beyond the head', async () => {
    const { api, url } = await hubs.start('sqlite');
    const g = await groupWithMember(api);
    const live = await LiveClient.connect(url, g.m.token, { [g.groupId]: g.head + 5 });
    await live.waitFor((x) => x.t === 'synced');

    await api.del(`/groups/${g.groupId}/members/${g.m.memberId}`, g.token);
    const after: string[] = [];
    for (let i = 0; i < 8; i++) after.push((await api.message(g.groupId, g.threadId, g.token, `secret ${i}`)).id);

    expect(await live.waitFor((x) => x.t === 'revoked', 3_000)).toMatchObject({ group: g.groupId, reason: 'removed' });
    await settle(200);
    const bodies = live.events(g.groupId).flatMap((e) => (e.kind === 'message.posted' ? [e.data.body] : []));
    expect(bodies.filter((b) => b.startsWith('secret'))).toEqual([]);
    live.close();
  });

  it('is revoked on every instance when another instance removes them (Postgres NOTIFY)', async () => {
    const databaseUrl = await hubs.postgresUrl();
    const a = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000 });
    const b = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000 });
    const g = await groupWithMember(b.api);
    const live = await LiveClient.connect(a.url, g.m.token, { [g.groupId]: g.head + 5 });
    await live.waitFor((x) => x.t === 'synced');

    await b.api.del(`/groups/${g.groupId}/members/${g.m.memberId}`, g.token);
    for (let i = 0; i < 8; i++) await b.api.message(g.groupId, g.threadId, g.token, `secret ${i}`);

    expect(await live.waitFor((x) => x.t === 'revoked', 3_000)).toMatchObject({ group: g.groupId, reason: 'removed' });
    await settle(200);
    expect(live.events(g.groupId).filter((e) => e.kind === 'message.posted')).toEqual([]);
    live.close();
  });
});

describe('a client that subscribes and never reads', () => {
  it('is sent the history once, paced, however many times it subscribes', async () => {
    const { api, url } = await hubs.start('sqlite');
    const g = await groupWithMember(api);
    const body = 'x'.repeat(4_000);
    for (let i = 0; i < 60; i++) {
      await Promise.all(Array.from({ length: 10 }, () => api.message(g.groupId, g.threadId, g.token, body)));
    }
    const history = await api.events(g.groupId, g.token);
    const historyBytes = JSON.stringify(history).length;

    const live = await LiveClient.connect(url, g.m.token);
    live.pause();
    // Within the frame limit: what is tested here is what each frame costs.
    for (let i = 0; i < 12; i++) live.send({ t: 'sub', groups: { [g.groupId]: 0 } });
    await settle();
    live.resume();

    await live.waitFor((x) => x.t === 'synced', 20_000);
    const copies = live.events(g.groupId).filter((e) => e.seq === 1).length;
    expect(copies).toBeLessThanOrEqual(2);
    expect(live.bytes).toBeLessThan(2 * historyBytes);
    // and it holds the whole history, in order, from the last subscription
    const seqs = live.events(g.groupId).map((e) => e.seq);
    expect(seqs.slice(seqs.lastIndexOf(1))).toEqual(history.map((e) => e.seq));
    expect(live.closeCode).toBeUndefined();
    live.close();
  });

  it('is closed with the back-off code once it leaves more than the cap unread', async () => {
    // At the real limits the cap takes minutes of frames to fill; here the cap is lowered and
    // the frame limit raised, so one burst of refusals fills the kernel's buffers and the cap.
    const liveLimits = { maxUnreadBytes: 256 * 1024, frameBurst: 1_000 };
    const { api, url } = await hubs.start('sqlite', { liveLimits });
    const g = await groupWithMember(api);
    const live = await LiveClient.connect(url, g.m.token);
    live.pause();
    for (let i = 0; i < 200; i++) live.send({ t: 'sub', groups: strangers() });
    await settle(1_000);
    live.resume();

    expect(await live.waitClosed(10_000)).toBe(LiveClose.backOff);
    expect(live.received.filter((x) => x.t === 'revoked').length).toBeLessThan(200 * MAX_LIVE_GROUPS);
    expect((await api.get(`/groups/${g.groupId}`, g.token)).status).toBe(200);
  });
});

describe('a client that floods frames', () => {
  it('is closed with the back-off code after a burst of subscriptions, and the hub goes on answering', async () => {
    const { api, url } = await hubs.start('sqlite');
    const g = await groupWithMember(api);
    const live = await LiveClient.connect(url, g.m.token);
    for (let i = 0; i < 200; i++) live.send({ t: 'sub', groups: strangers() });

    expect(await live.waitClosed(20_000)).toBe(LiveClose.backOff);
    // Not 100,000 membership reads and refusals: the hub stopped at the limit.
    expect(live.received.filter((x) => x.t === 'revoked').length).toBeLessThan(50 * MAX_LIVE_GROUPS);
    expect((await api.get(`/groups/${g.groupId}`, g.token)).status).toBe(200);
    // An honest client on the same hub is untouched.
    const honest = await LiveClient.connect(url, g.token, { [g.groupId]: 0 });
    await honest.waitFor((x) => x.t === 'synced');
    honest.close();
  });

  it(`follows at most ${MAX_LIVE_GROUPS} groups per connection, counted across frames`, async () => {
    const { api, url } = await hubs.start('sqlite');
    const first = await api.group();
    const ids = [first.groupId];
    for (let i = 1; i <= MAX_LIVE_GROUPS; i++) ids.push((await api.group({ token: first.token })).groupId);
    const live = await LiveClient.connect(url, first.token);
    live.send({ t: 'sub', groups: Object.fromEntries(ids.slice(0, 300).map((id) => [id, 0])) });
    live.send({ t: 'sub', groups: Object.fromEntries(ids.slice(300).map((id) => [id, 0])) });

    expect(await live.waitClosed()).toBe(LiveClose.badMessage);
    expect(live.received.at(-1)).toMatchObject({ t: 'error', error: { code: 'bad_request' } });
    expect(new Set(live.received.flatMap((x) => (x.t === 'synced' ? [x.group] : []))).size).toBeLessThanOrEqual(MAX_LIVE_GROUPS);
  });
});

describe('the upgrade path', () => {
  it('answers an upgrade whose target is not a URL, and the hub goes on', async () => {
    const { api, url } = await hubs.start('sqlite');
    const answer = await rawRequest(
      url,
      'GET http://[ HTTP/1.1\r\nHost: hub\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect((await api.get('/health')).status).toBe(200);
  });

  it('answers a foreign origin when the public URL has no scheme, and the hub goes on', async () => {
    const { api, url, hub } = await hubs.start('sqlite', { publicUrl: 'hub.example.com' });
    const g = await api.group();
    const evil = cookieSocket(url, { origin: 'https://evil.example', cookie: 'nook_session=whatever' });
    await evil.opened;
    evil.ws.send(JSON.stringify({ t: 'hello', groups: { [g.groupId]: 0 } }));
    expect(await evil.closed).toBe(LiveClose.unauthorized);
    expect((await api.get('/health')).status).toBe(200);
    const honest = await LiveClient.connect(url, g.token, { [g.groupId]: 0 });
    await honest.waitFor((x) => x.t === 'synced');
    honest.close();
    expect(hub.connections).toBeLessThanOrEqual(1);
  });
});

describe('the session cookie on /live', () => {
  async function cookieOf(api: Api) {
    const g = await api.group();
    const invite = await api.invite(g.groupId, g.token);
    const joined = await api.post(`/join/${invite.code}`, { name: 'Visitor', session: 'cookie' });
    return { g, cookie: (joined.headers.get('set-cookie') ?? '').split(';')[0]! };
  }

  async function letIn(url: string, cookie: string, origin: string, groupId: string, headers: Record<string, string> = {}): Promise<boolean> {
    const s = cookieSocket(url, { cookie, origin, ...headers });
    await s.opened;
    s.ws.send(JSON.stringify({ t: 'hello', groups: { [groupId]: 0 } }));
    // `ready` may come before `open` resolves (a cookie lets the socket in at the upgrade), so look at all received.
    const ready = await Promise.race([
      s.closed.then(() => false),
      new Promise<boolean>((r) => {
        const look = () => s.received.some((m) => m.t === 'synced') && r(true);
        look();
        s.ws.on('message', look);
      }),
    ]);
    s.ws.close();
    return ready;
  }

  it('is honoured from the hub origin only: same scheme, host and port', async () => {
    const { api, url } = await hubs.start('sqlite');
    const { g, cookie } = await cookieOf(api);
    const { host, hostname, port } = new URL(url);
    expect(await letIn(url, cookie, `http://${host}`, g.groupId)).toBe(true);
    expect(await letIn(url, cookie, `https://${host}`, g.groupId)).toBe(false);
    expect(await letIn(url, cookie, `http://${hostname}:${Number(port) + 1}`, g.groupId)).toBe(false);
  });

  it('is honoured from the public URL origin, not from its host with another scheme or port', async () => {
    const { api, url } = await hubs.start('sqlite', { publicUrl: 'https://hub.example.com' });
    const { g, cookie } = await cookieOf(api);
    expect(await letIn(url, cookie, 'https://hub.example.com', g.groupId)).toBe(true);
    expect(await letIn(url, cookie, 'http://hub.example.com', g.groupId)).toBe(false);
    expect(await letIn(url, cookie, 'https://hub.example.com:8443', g.groupId)).toBe(false);
  });

  it('behind a trusted TLS proxy, is honoured from the https origin the proxy says, without NOOK_PUBLIC_URL', async () => {
    const logged = hubs.logs.length;
    const { api, url } = await hubs.start('sqlite', { trustProxy: 1 });
    expect(hubs.logs.slice(logged).some((line) => /NOOK_TRUST_PROXY/.test(line) && /NOOK_PUBLIC_URL/.test(line))).toBe(true);
    const { g, cookie } = await cookieOf(api);
    const { host } = new URL(url);
    // The proxy reached the hub over plain http and said the browser came over https.
    expect(await letIn(url, cookie, `https://${host}`, g.groupId, { 'x-forwarded-proto': 'https' })).toBe(true);
    // The value the nearest proxy set is the last one; what the caller wrote before it proves nothing.
    expect(await letIn(url, cookie, `https://${host}`, g.groupId, { 'x-forwarded-proto': 'https, http' })).toBe(false);
    expect(await letIn(url, cookie, `http://${host}`, g.groupId, { 'x-forwarded-proto': 'https' })).toBe(false);
    expect(await letIn(url, cookie, `https://${host}`, g.groupId)).toBe(false);
  });

  it('ignores X-Forwarded-Proto when no proxy is trusted', async () => {
    const logged = hubs.logs.length;
    const { api, url } = await hubs.start('sqlite');
    expect(hubs.logs.slice(logged).some((line) => /NOOK_PUBLIC_URL/.test(line))).toBe(false);
    const { g, cookie } = await cookieOf(api);
    const { host } = new URL(url);
    expect(await letIn(url, cookie, `https://${host}`, g.groupId, { 'x-forwarded-proto': 'https' })).toBe(false);
    expect(await letIn(url, cookie, `http://${host}`, g.groupId, { 'x-forwarded-proto': 'https' })).toBe(true);
  });
});

describe('one member or one address opening socket after socket', () => {
  /** Opens a socket and says hello; answers how it ended up: let in, or closed with a code. */
  async function open(url: string, token: string, groupId: string, headers: Record<string, string> = {}) {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/live', ['nook.v1'], { headers });
    const received: { t: string }[] = [];
    ws.on('message', (d) => received.push(JSON.parse(d.toString())));
    const closed = new Promise<number>((r) => ws.once('close', r));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ t: 'hello', token, groups: { [groupId]: 0 } }));
    const outcome = await Promise.race([
      closed,
      new Promise<'in'>((r) => {
        const look = () => received.some((m) => m.t === 'synced') && r('in');
        look();
        ws.on('message', look);
      }),
    ]);
    return { ws, outcome, closed };
  }

  it('a member holds at most 8 live sockets: the next is told to back off, and another member is not', async () => {
    const { api, url } = await hubs.start('sqlite');
    const g = await api.group();
    const m = await api.member(g.groupId, g.token, 'Many');
    const held = [];
    for (let i = 0; i < 8; i++) held.push(await open(url, m.token, g.groupId));
    expect(held.map((s) => s.outcome)).toEqual(Array(8).fill('in'));
    expect((await open(url, m.token, g.groupId)).outcome).toBe(LiveClose.backOff);
    expect((await open(url, g.token, g.groupId)).outcome).toBe('in');
    // A socket closed frees its place.
    held[0]!.ws.close();
    await held[0]!.closed;
    await settle(100);
    expect((await open(url, m.token, g.groupId)).outcome).toBe('in');
    for (const s of held) s.ws.close();
  });

  it('an address holds at most 32 live sockets, counted by the trusted proxy’s rule, whatever tokens they carry', async () => {
    const { api, url } = await hubs.start('sqlite', { trustProxy: 1 });
    const g = await api.group();
    const members = await Promise.all(Array.from({ length: 9 }, (_, i) => api.member(g.groupId, g.token, `M${i}`)));
    const from = (seen: string) => ({ 'x-forwarded-for': `10.9.9.9, ${seen}` });
    const held = [];
    // 32 sockets from one /64, spread over members so that no member reaches their own cap.
    for (let i = 0; i < 32; i++) held.push(await open(url, members[i % members.length]!.token, g.groupId, from(`2001:db8:7:7::${i + 1}`)));
    expect(held.filter((s) => s.outcome === 'in')).toHaveLength(32);
    expect((await open(url, members[8]!.token, g.groupId, from('2001:db8:7:7::99'))).outcome).toBe(LiveClose.backOff);
    expect((await open(url, g.token, g.groupId, from('198.51.100.4'))).outcome).toBe('in');
    for (const s of held) s.ws.close();
  });
});

describe('a page of history, however long its messages', () => {
  it('is read a bounded number of bytes at a time, and the pages together are every event once, in order', async () => {
    const { api, url, options } = await hubs.start('sqlite');
    const g = await api.group();
    const t = await api.thread(g.groupId, g.token);
    const long = (i: number) => `${i} ${'x'.repeat(19_000)}`;
    for (let i = 0; i < 40; i++) await api.message(g.groupId, t, g.token, long(i));
    const all = (await api.events(g.groupId, g.token)) as GroupEvent[];

    const db = openSqlite(join(options.dataDir!, 'hub.sqlite'));
    try {
      const pages: GroupEvent[][] = [];
      for (let after = 0, more = true; more; ) {
        const page = await pageAfter(db, g.groupId, after, PAGE, PAGE_BYTES);
        pages.push(page.events);
        more = page.more;
        after = page.events.at(-1)?.seq ?? after;
        expect(pages.length).toBeLessThan(all.length + 2);
      }
      // 40 messages of 19 kB are 760 kB: not one page of 500 rows, but several of at most PAGE_BYTES (and one event more).
      expect(pages.length).toBeGreaterThan(2);
      for (const p of pages) expect(JSON.stringify(p.slice(0, -1)).length).toBeLessThanOrEqual(PAGE_BYTES);
      expect(pages.flat()).toEqual(all);
    } finally {
      await db.close();
    }
    // A member replaying it live gets all of it.
    const live = await LiveClient.connect(url, g.token, { [g.groupId]: 0 });
    await live.waitFor((m) => m.t === 'synced', 15_000);
    expect(live.events(g.groupId)).toEqual(all);
    live.close();
  });
});
