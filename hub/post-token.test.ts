import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from './testing/api';
import { expectOk } from './testing/api';
import { ManualClock } from './testing/clock';
import { database } from './testing/database';
import { BACKENDS, useHubs, type TestHub } from './testing/hubs';

const hubs = useHubs();
const DAY = 24 * 3600_000;
const MINUTE = 60_000;
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

afterEach(() => {
  vi.restoreAllMocks();
});

/** A member of a fresh group, a thread, and the path to post to it. */
async function setUp(api: Api) {
  const g = await api.group();
  const mo = await api.member(g.groupId, g.token, 'Mo');
  const t = await api.thread(g.groupId, g.token);
  // Any request with the token: posts after it are the ones a device makes all day.
  expectOk(await api.get('/me', mo.token));
  return { g, mo, t, path: `/groups/${g.groupId}/threads/${t}/messages` };
}

const post = (api: Api, path: string, token: string, body = 'hello') => api.post(path, { id: randomUUID(), body }, token);

async function lastUse(t: TestHub, memberId: string): Promise<number> {
  const db = database(t);
  try {
    const row = await db.one<{ last_used_at: number }>('SELECT last_used_at FROM tokens WHERE member_id = ?', [memberId]);
    return Number(row!.last_used_at);
  } finally {
    await db.close();
  }
}

async function postedCount(api: Api, groupId: string, token: string) {
  return (await api.events(groupId, token)).filter((e) => e.kind === 'message.posted').length;
}

describe('a post on PostgreSQL', () => {
  it('is one statement sent to PostgreSQL, the token checked inside it', async () => {
    const { api } = await hubs.start('postgres');
    const { mo, path } = await setUp(api);
    expectOk(await post(api, path, mo.token));

    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      sent.push(typeof q === 'string' ? q : (q as { text: string }).text);
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query);
    expectOk(await post(api, path, mo.token));
    vi.restoreAllMocks();

    // Other instances hear of it through a batched NOTIFY, sent after the answer and not per post.
    const statements = sent.filter((s) => !s.includes('pg_notify'));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/nook_post_message/);
  });
});

describe.each(BACKENDS)('posting with a token (%s)', (backend) => {
  it('refuses a device signed out after it posted, and writes nothing', async () => {
    const { api } = await hubs.start(backend);
    const { g, mo, path } = await setUp(api);
    expectOk(await post(api, path, mo.token));
    const device = (await api.get('/me/devices', mo.token)).body.devices[0].id as string;
    expectOk(await api.del(`/me/devices/${device}`, mo.token));

    const refused = await post(api, path, mo.token);
    expect([refused.status, refused.body.error]).toEqual([401, { code: 'bad_token', message: 'This token is not known to this hub.' }]);
    expect(await postedCount(api, g.groupId, g.token)).toBe(1);
  });

  it('treats a signed-out session cookie as no session: cleared, and the post refused as without a token', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const t = await api.thread(g.groupId, g.token);
    const invite = await api.invite(g.groupId, g.token);
    const joined = await api.call('POST', `/join/${invite.code}`, { body: { name: 'Visitor', session: 'cookie', site: 'https://creator.example' } });
    const cookie = joined.headers.getSetCookie().find((c) => c.startsWith('nook_session=nk_'))!.split(';')[0]!;
    const headers = { cookie, ...SAME_ORIGIN };
    const path = `/groups/${g.groupId}/threads/${t}/messages`;
    const send = () => api.call('POST', path, { body: { id: randomUUID(), body: 'from the widget' }, headers });
    expectOk(await send());
    const device = (await api.call('GET', '/me/devices', { headers })).body.devices[0].id as string;
    expectOk(await api.call('DELETE', `/me/devices/${device}`, { headers }));

    const refused = await send();
    expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthorized']);
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('nook_session=;') && c.includes('Max-Age=0'))).toBe(true);
    expect(await postedCount(api, g.groupId, g.token)).toBe(1);
  });

  it('refuses a token unused past its lifetime with token_expired, and writes nothing', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock, tokenTtlMs: 7 * DAY });
    const { g, mo, path } = await setUp(api);
    expectOk(await post(api, path, mo.token));
    clock.advance(6 * DAY);
    expectOk(await api.get('/me', g.token));
    clock.advance(DAY + MINUTE);

    const refused = await post(api, path, mo.token);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'token_expired']);
    expect(await postedCount(api, g.groupId, g.token)).toBe(1);
  });

  it('writes the token’s last use at most once an hour, and a post counts as a use', async () => {
    const clock = new ManualClock();
    const t = await hubs.start(backend, { clock, tokenTtlMs: 7 * DAY });
    const { mo, path } = await setUp(t.api);
    const joined = clock.now();
    clock.advance(59 * MINUTE);
    expectOk(await post(t.api, path, mo.token));
    expect(await lastUse(t, mo.memberId)).toBe(joined);
    clock.advance(MINUTE);
    expectOk(await post(t.api, path, mo.token));
    expect(await lastUse(t, mo.memberId)).toBe(clock.now());

    // Posting alone keeps a device signed in.
    for (let day = 0; day < 10; day++) {
      clock.advance(DAY);
      expectOk(await post(t.api, path, mo.token));
    }
    expect(await lastUse(t, mo.memberId)).toBe(clock.now());
  });

  it('refuses a member removed after they posted, with not_member', async () => {
    const { api } = await hubs.start(backend);
    const { g, mo, path } = await setUp(api);
    expectOk(await post(api, path, mo.token));
    expectOk(await api.del(`/groups/${g.groupId}/members/${mo.memberId}`, g.token));
    const refused = await post(api, path, mo.token);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'not_member']);
    expect(await postedCount(api, g.groupId, g.token)).toBe(1);
  });

  it('answers a repeated client id with the first post, and refuses one taken by another member', async () => {
    const { api } = await hubs.start(backend);
    const { g, mo, t, path } = await setUp(api);
    const first = await api.message(g.groupId, t, mo.token, 'once');
    const again = await api.post(path, { id: first.id, body: 'once' }, mo.token);
    expect([again.status, again.body.message.seq]).toEqual([200, first.seq]);
    const taken = await api.post(path, { id: first.id, body: 'once' }, g.token);
    expect([taken.status, taken.body.error.code]).toEqual([409, 'id_taken']);
    expect(await postedCount(api, g.groupId, g.token)).toBe(1);
  });

  it('keeps the rate limit per member across their devices', async () => {
    const { api } = await hubs.start(backend, { rateLimit: { perSecond: 0.001, burst: 3 } });
    const g = await api.group();
    const t = await api.thread(g.groupId, g.token);
    const path = `/groups/${g.groupId}/threads/${t}/messages`;
    const code = (await api.post('/me/link-codes', {}, g.token)).body.code as string;
    const second = (await api.post('/me/link', { code })).body.token as string;
    // The member's writes: the thread, the link code, this post (the group and the link came without a token: by address).
    expectOk(await post(api, path, second));
    const refused = await post(api, path, g.token);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    expect(await postedCount(api, g.groupId, g.token)).toBe(1);
  });

  it('a signed-out token that keeps posting does not use up its former member’s limit', async () => {
    const { api } = await hubs.start(backend, { rateLimit: { perSecond: 0.001, burst: 6 } });
    const g = await api.group();
    const t = await api.thread(g.groupId, g.token);
    const path = `/groups/${g.groupId}/threads/${t}/messages`;
    const code = (await api.post('/me/link-codes', {}, g.token)).body.code as string;
    const lost = (await api.post('/me/link', { code })).body.token as string;
    expectOk(await post(api, path, lost));
    const devices = (await api.get('/me/devices', g.token)).body.devices as { id: string; current: boolean }[];
    expectOk(await api.del(`/me/devices/${devices.find((d) => !d.current)!.id}`, g.token));
    // Four of the member's writes so far. Whoever has the lost device's token tries again and again: at most
    // the first try, made while this instance still took the token for the member's, may count as theirs.
    for (let i = 0; i < 10; i++) expect((await post(api, path, lost)).body.error.code).toBe('bad_token');
    expectOk(await post(api, path, g.token));
  });
});

describe('posting on two instances of one PostgreSQL', () => {
  it('posts by devices both instances know take numbers 1, 2, 3, ..., each once, a resend through the other instance included', async () => {
    const databaseUrl = await hubs.postgresUrl();
    const a = await hubs.start('postgres', { databaseUrl });
    const b = await hubs.start('postgres', { databaseUrl });
    const g = await a.api.group();
    const members = await Promise.all(Array.from({ length: 4 }, (_, i) => b.api.member(g.groupId, g.token, `M${i}`)));
    for (const m of members) for (const x of [a, b]) expectOk(await x.api.get('/me', m.token));
    const t = await a.api.thread(g.groupId, g.token);
    const path = `/groups/${g.groupId}/threads/${t}/messages`;
    const posts = members.flatMap((m) => Array.from({ length: 10 }, (_, i) => ({ token: m.token, id: randomUUID(), body: `n${i}` })));
    const answers = await Promise.all(
      posts.flatMap((p) => [a.api.post(path, { id: p.id, body: p.body }, p.token), b.api.post(path, { id: p.id, body: p.body }, p.token)]),
    );
    expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    for (let i = 0; i < posts.length; i++) expect(answers[2 * i]!.body.message.seq).toBe(answers[2 * i + 1]!.body.message.seq);
    const events = await b.api.events(g.groupId, g.token);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'message.posted').map((e) => e.data.id as string).sort()).toEqual(posts.map((p) => p.id).sort());
  });
});
