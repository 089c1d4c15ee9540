import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../tests/support/ports';
import { startPostgres, type TestPostgres } from '../tests/support/postgres';
import { startRedis, type TestRedis } from '../tests/support/redis';
import { until } from '../tests/support/until';
import type { Api } from './testing/api';
import { useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();
let cluster: Promise<TestPostgres> | undefined;
let redis: Promise<TestRedis> | undefined;
afterAll(async () => {
  if (cluster) await (await cluster).stop();
  if (redis) await (await redis).stop();
});

/** What the outbox does: the same write (same id) again until the hub takes it; a refusal would be a bug here. */
async function postUntilTaken(api: Api, groupId: string, threadId: string, token: string, body: string): Promise<number> {
  const id = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await api.post(`/groups/${groupId}/threads/${threadId}/messages`, { id, body }, token);
      if (r.status === 200) return attempt;
      if (r.status < 500) throw new Error(`refused: ${r.status} ${JSON.stringify(r.body)}`);
    } catch (err) {
      if ((err as Error).message.startsWith('refused')) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('PostgreSQL restarted under load', () => {
  it('hubs reconnect, a client let in meanwhile is refused and resumes after, and every message arrives once, in order', async () => {
    const postgres = await (cluster ??= startPostgres());
    const databaseUrl = await postgres.createDatabase();
    // No sweep: the recovery under test is the bus listening again and reading again.
    const a = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000 });
    const b = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000 });
    const g = await a.api.group();
    const m = await a.api.member(g.groupId, g.token, 'Mo');
    const t = await a.api.thread(g.groupId, g.token);
    const invite = await a.api.invite(g.groupId, g.token);
    const onA = await LiveClient.connect(a.url, m.token, { [g.groupId]: 0 });
    await onA.waitFor((x) => x.t === 'synced');

    // The writers go on until well after the restart, whatever the machine's speed.
    let written = 0;
    let retried = 0;
    let enough = false;
    const writer = async (api: Api, name: string) => {
      for (let i = 0; !enough; i++) {
        retried += await postUntilTaken(api, g.groupId, t, g.token, `${name} ${i}`);
        written++;
      }
    };
    const writing = Promise.all([writer(a.api, 'via A'), writer(b.api, 'via B')]);

    await until(() => written, (n) => n >= 10);
    await postgres.halt();
    expect(await a.api.get('/readyz')).toMatchObject({ status: 503, body: { ok: false, reason: 'database' } });
    expect((await b.api.get('/healthz')).status).toBe(200);
    // A client that comes now is told the hub cannot serve it, and closed: it will reconnect.
    const meanwhile = await LiveClient.connect(b.url, m.token, { [g.groupId]: 0 });
    expect(meanwhile.received.at(-1)).toMatchObject({ t: 'error', error: { code: 'internal' } });
    expect(await meanwhile.waitClosed()).toBe(1011);
    // A 500 logs its error; the log names the route, never the invite code in the path.
    expect((await b.api.post(`/join/${invite.code}`, { name: 'Late' })).status).toBe(500);
    await new Promise((r) => setTimeout(r, 1_500));
    await postgres.start();
    const atRestart = written;
    await until(() => written, (n) => n >= atRestart + 20, 15_000);
    enough = true;

    await writing;
    expect(retried).toBeGreaterThan(0);
    // Both buses listen again (they retry each second), and then a write through B alone
    // reaches the member on A: no sweep, so only the bus can have told A.
    await until(() => hubs.logs.filter((l) => l === 'postgres bus: listening again').length, (n) => n >= 2);
    await postUntilTaken(b.api, g.groupId, t, g.token, 'after the restart, via B alone');
    written++;
    expect((await until(() => a.api.get('/readyz'), (r) => r.status === 200)).body).toEqual({ ok: true });

    const head = (await a.api.get(`/groups/${g.groupId}`, g.token)).body.group.seq as number;
    await onA.waitForSeq(g.groupId, head, 15_000);
    const again = await LiveClient.connect(b.url, m.token, { [g.groupId]: 0 });
    await again.waitForSeq(g.groupId, head, 15_000);
    for (const client of [onA, again]) {
      const events = client.events(g.groupId);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      const bodies = events.flatMap((e) => (e.kind === 'message.posted' ? [(e.data as { body: string }).body] : []));
      expect(bodies).toHaveLength(written);
      expect(new Set(bodies).size).toBe(written);
    }
    expect(hubs.logs.some((l) => l.startsWith('postgres bus:') && l.includes('reconnecting'))).toBe(true);
    expect(hubs.logs.filter((l) => l.startsWith('readiness: not ready: database'))).not.toHaveLength(0);
    expect(hubs.logs.filter((l) => l.startsWith('error: POST /join/:code'))).not.toHaveLength(0);
    expect(hubs.logs.join('\n')).not.toContain(invite.code);
    onA.close();
    again.close();
  });
});

describe('PostgreSQL away for a few heartbeats', () => {
  it('keeps every live socket through it, logs the failed token rechecks once, and delivers after', async () => {
    const postgres = await (cluster ??= startPostgres());
    const databaseUrl = await postgres.createDatabase();
    const hub = await hubs.start('postgres', { databaseUrl, heartbeatMs: 100 });
    const g = await hub.api.group();
    const t = await hub.api.thread(g.groupId, g.token);
    const members = await Promise.all(['Ann', 'Bo', 'Cy'].map((name) => hub.api.member(g.groupId, g.token, name)));
    const clients = await Promise.all(members.map((m) => LiveClient.connect(hub.url, m.token, { [g.groupId]: 0 })));
    await Promise.all(clients.map((c) => c.waitFor((x) => x.t === 'synced')));
    const logged = hubs.logs.length;

    await postgres.halt();
    // Many heartbeats, each of which rechecks every socket's token and cannot reach the database.
    await new Promise((r) => setTimeout(r, 1_500));
    await postgres.start();
    await postUntilTaken(hub.api, g.groupId, t, g.token, 'after the outage');
    const seq = (await hub.api.events(g.groupId, g.token)).at(-1)!.seq;

    for (const c of clients) {
      await c.waitForSeq(g.groupId, seq, 15_000);
      expect(c.closeCode).toBeUndefined();
      expect(c.received.filter((m) => m.t === 'error')).toEqual([]);
    }
    const rechecks = hubs.logs.slice(logged).filter((line) => /recheck failed/.test(line));
    expect(rechecks).toHaveLength(1);
    clients.forEach((c) => c.close());
  });
});

describe('Redis', () => {
  it('REDIS_URL set but Redis away: the hub refuses to start, saying what to do, without the URL’s password', async () => {
    const port = await freePort();
    const redisUrl = `redis://:hunter2-secret@127.0.0.1:${port}`;
    const err = await hubs.start('postgres', { redisUrl }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^REDIS_URL redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/?: Redis cannot be reached/);
    expect(err?.message).toContain('unset REDIS_URL');
    expect(err?.message).toContain('ECONNREFUSED');
    expect(err?.message).not.toContain('hunter2');

    const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
      env: { ...process.env, PORT: '0', DATABASE_URL: await hubs.postgresUrl(), REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('nook hub: cannot start: REDIS_URL');
    expect(stderr).not.toContain('hunter2');
  });

  it('Redis lost while running: writes still succeed, and the sweep delivers across instances until it is back', async () => {
    const own = await startRedis();
    try {
      const databaseUrl = await hubs.postgresUrl();
      const a = await hubs.start('postgres', { databaseUrl, redisUrl: own.url, sweepMs: 300 });
      const b = await hubs.start('postgres', { databaseUrl, redisUrl: own.url, sweepMs: 300 });
      const g = await b.api.group();
      const t = await b.api.thread(g.groupId, g.token);
      const live = await LiveClient.connect(a.url, g.token, { [g.groupId]: 0 });
      await live.waitFor((x) => x.t === 'synced');
      await own.stop();
      const r = await b.api.post(`/groups/${g.groupId}/threads/${t}/messages`, { id: randomUUID(), body: 'while Redis is away' }, g.token);
      expect(r.status).toBe(200);
      await live.waitForSeq(g.groupId, r.body.message.seq as number, 5_000);
      expect(hubs.logs.some((l) => l.startsWith('redis bus:'))).toBe(true);
      live.close();
    } finally {
      await own.stop();
    }
  });
});

describe('bus messages that do not parse', () => {
  const garbage = ['', 'hello', '../etc/passwd 5', `${randomUUID()} -3`, `${randomUUID()} 7 later from`, `${randomUUID()} 1 2 3 4`, 'x'.repeat(5_000)];

  it('a NOTIFY payload is logged (cut short) and ignored; delivery goes on', async () => {
    const before = hubs.logs.length;
    const databaseUrl = await hubs.postgresUrl();
    const a = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000 });
    const b = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000 });
    const g = await b.api.group();
    const live = await LiveClient.connect(a.url, g.token, { [g.groupId]: 0 });
    await live.waitFor((x) => x.t === 'synced');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (const p of garbage) await client.query('SELECT pg_notify($1, $2)', ['nook_events', p]);
    await client.end();
    const ignored = () => hubs.logs.filter((l) => l.startsWith('postgres bus: ignored a notice that does not parse'));
    // Two hubs listen; each logs each one.
    await until(ignored, (l) => l.length === 2 * garbage.length);
    expect(Math.max(...ignored().map((l) => l.length))).toBeLessThan(200);

    const t = await b.api.thread(g.groupId, g.token);
    const msg = await b.api.message(g.groupId, t, g.token, 'still delivered');
    await live.waitForSeq(g.groupId, msg.seq);
    expect(hubs.logs.slice(before).filter((l) => l.startsWith('live') || l.startsWith('error'))).toEqual([]);
    live.close();
  });

  it('a Redis message is logged and ignored; delivery goes on', async () => {
    const redisUrl = (await (redis ??= startRedis())).url;
    const databaseUrl = await hubs.postgresUrl();
    const a = await hubs.start('postgres', { databaseUrl, redisUrl, sweepMs: 600_000 });
    const b = await hubs.start('postgres', { databaseUrl, redisUrl, sweepMs: 600_000 });
    const g = await b.api.group();
    const live = await LiveClient.connect(a.url, g.token, { [g.groupId]: 0 });
    await live.waitFor((x) => x.t === 'synced');
    const publisher = new Redis(redisUrl);
    for (const p of garbage) await publisher.publish('nook:events', p);
    publisher.disconnect();
    const ignored = () => hubs.logs.filter((l) => l.startsWith('redis bus: ignored a notice that does not parse'));
    await until(ignored, (l) => l.length === 2 * garbage.length);

    const t = await b.api.thread(g.groupId, g.token);
    const msg = await b.api.message(g.groupId, t, g.token, 'still delivered');
    await live.waitForSeq(g.groupId, msg.seq);
    live.close();
  });
});
