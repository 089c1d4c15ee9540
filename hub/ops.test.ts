import Database from 'better-sqlite3';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../tests/support/until';
import { optionsFromEnv, SettingError } from './config';
import { startHub } from './server';
import { migrations } from './store/schema';
import { migrate } from './store/migrate';
import { openPostgres } from './store/postgres';
import { BACKENDS, useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();
const run = promisify(execFile);
const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

describe.each(BACKENDS)('probes on %s', (backend) => {
  it('/healthz and /readyz answer 200 on a hub in order, and /health still does', async () => {
    const { api } = await hubs.start(backend);
    expect(await api.get('/healthz')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await api.get('/readyz')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await api.get('/health')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('/readyz answers 503 with its reason when the database is behind the code, and 200 once it is not', async () => {
    const { hub, api, options } = await hubs.start(backend);
    const db = backend === 'postgres' ? openPostgres(options.databaseUrl!) : null;
    const sqlite = backend === 'sqlite' ? new Database(join(options.dataDir!, 'hub.sqlite')) : null;
    const setVersion = async (v: number) => {
      if (db) await db.run('UPDATE schema_version SET version = ?', [v]);
      else sqlite!.prepare('UPDATE schema_version SET version = ?').run(v);
    };
    try {
      await setVersion(migrations.length - 1);
      const r = await api.get('/readyz');
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ ok: false, reason: 'migrations' });
      expect((await api.get('/healthz')).status).toBe(200);
      await setVersion(migrations.length);
      expect((await api.get('/readyz')).status).toBe(200);
      expect(hub.connections).toBe(0);
    } finally {
      await db?.close();
      sqlite?.close();
    }
  });
});

it('draining: /readyz says so at once while the API still answers, then the hub closes', async () => {
  const { hub, api } = await hubs.start('sqlite', { drainMs: 800 });
  const g = await api.group();
  const draining = hub.drain();
  const r = await api.get('/readyz');
  expect(r).toMatchObject({ status: 503, body: { ok: false, reason: 'draining' } });
  expect((await api.get('/healthz')).status).toBe(200);
  expect((await api.get(`/groups/${g.groupId}`, g.token)).status).toBe(200);
  await draining;
  await expect(fetch(`${api.base}/healthz`)).rejects.toThrow();
});

describe('/metrics', () => {
  it('counts live connections, events written and delivered, requests by route pattern, and refusals by code', async () => {
    const { api, url } = await hubs.start('sqlite');
    const g = await api.group();
    const live = await LiveClient.connect(url, g.token, { [g.groupId]: 0 });
    await live.waitFor((m) => m.t === 'synced');
    const t = await api.thread(g.groupId, g.token);
    const msg = await api.message(g.groupId, t, g.token, 'counted');
    await live.waitForSeq(g.groupId, msg.seq);
    // A refused write: the same message id again with another body is still the same write, so use a bad body.
    expect((await api.post(`/groups/${g.groupId}/threads/${t}/messages`, { id: randomUUID(), body: '' }, g.token)).status).toBe(400);
    expect((await api.call('POST', `/groups/${g.groupId}/threads`, { raw: '{not json', headers: { 'content-type': 'application/json' }, token: g.token })).status).toBe(400);

    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (line: RegExp) => Number(new RegExp(`^${line.source} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value(/nook_live_connections/)).toBe(1);
    expect(value(/nook_events_written_total/)).toBe(msg.seq);
    expect(value(/nook_events_delivered_total/)).toBe(msg.seq);
    expect(value(/nook_http_request_duration_seconds_count\{method="POST",route="\/groups\/:groupId\/threads\/:threadId\/messages",status="200"\}/)).toBe(1);
    expect(value(/nook_write_refusals_total\{code="bad_request"\}/)).toBe(1);
    expect(value(/nook_write_refusals_total\{code="bad_json"\}/)).toBe(1);
    // Route patterns only: no group id, thread id or path of a request becomes a label.
    expect(text).not.toContain(g.groupId);
    expect(text).not.toContain(t);
    expect(text).toContain('process_cpu_seconds_total');
    live.close();
  });

  it('the fan-out lag between instances is measured from the notice each event carries', async () => {
    const databaseUrl = await hubs.postgresUrl();
    const a = await hubs.start('postgres', { databaseUrl });
    const b = await hubs.start('postgres', { databaseUrl });
    const count = async (api: typeof a.api) => {
      const text = await (await fetch(`${api.base}/metrics`)).text();
      return Number(/^nook_fanout_lag_seconds_count (\S+)$/m.exec(text)?.[1]);
    };
    // A hears B's notices (group, thread, message), each timed; B does not time its own. Each
    // write waits for the last one's notice: notices sent within a few ms leave as one.
    const g = await b.api.group();
    expect(await until(() => count(a.api), (n) => n >= 1)).toBeGreaterThanOrEqual(1);
    const t = await b.api.thread(g.groupId, g.token);
    expect(await until(() => count(a.api), (n) => n >= 2)).toBeGreaterThanOrEqual(2);
    await b.api.message(g.groupId, t, g.token, 'across');
    expect(await until(() => count(a.api), (n) => n >= 3)).toBeGreaterThanOrEqual(3);
    expect(await count(b.api)).toBe(0);
  });

  it('is refused through a proxy and from elsewhere unless the caller shows the metrics token', async () => {
    const token = 'metrics-token-0123456789';
    const { url } = await hubs.start('sqlite', { metricsToken: token });
    const forwarded = await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(forwarded.status).toBe(403);
    expect(await forwarded.json()).toMatchObject({ error: { code: 'forbidden' } });
    const wrong = await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(403);
    const right = await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('nook_live_connections');
  });
});

describe('request log', () => {
  it('one JSON line per request with its id, route pattern, status and time; never a token, cookie, invite code or message text', async () => {
    const lines: string[] = [];
    const { api, url } = await hubs.start('sqlite', { requestLog: (l) => lines.push(l) });
    const g = await api.group();
    const invite = await api.invite(g.groupId, g.token);
    const joined = await api.post(`/join/${invite.code}`, { name: 'Secret Sam' });
    const memberToken = joined.body.token as string;
    const t = await api.thread(g.groupId, g.token);
    const text = 'the words only members may read';
    await api.message(g.groupId, t, memberToken, text);
    await api.call('GET', `/groups/${g.groupId}?token=${memberToken}`, { headers: { cookie: `nook_session=${memberToken}; other=${g.token}` } });
    await api.get(`/join/${invite.code}`);
    await api.get('/groups/not-a-real-route/nowhere/at-all');
    const live = await LiveClient.connect(url, memberToken, { [g.groupId]: 0 });
    await live.waitFor((m) => m.t === 'synced');
    live.close();
    const given = await fetch(`${url}/groups/${g.groupId}`, { headers: { authorization: `Bearer ${g.token}`, 'x-request-id': 'lb-7f3a-0001' } });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a-0001');
    const forged = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'x", "level":"info' } });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const all = [...lines, ...hubs.logs].join('\n');
    for (const secret of [g.token, memberToken, invite.code, text, 'Secret Sam', g.ownerId]) expect(all).not.toContain(secret);
    expect(lines.length).toBeGreaterThanOrEqual(8);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(['id', 'level', 'method', 'ms', 'route', 'status', 'time']);
      expect(typeof e.ms).toBe('number');
      expect(Number.isNaN(Date.parse(String(e.time)))).toBe(false);
    }
    expect(entries).toContainEqual(expect.objectContaining({ method: 'POST', route: '/join/:code', status: 200, level: 'info' }));
    expect(entries).toContainEqual(expect.objectContaining({ method: 'POST', route: '/groups/:groupId/threads/:threadId/messages', status: 200 }));
    expect(entries).toContainEqual(expect.objectContaining({ method: 'GET', route: 'unmatched', status: 404, level: 'warn' }));
    expect(entries).toContainEqual(expect.objectContaining({ id: 'lb-7f3a-0001', route: '/groups/:groupId', status: 200 }));
    // Probes that pass are not logged: a load balancer asks every few seconds.
    expect(entries.some((e) => e.route === '/healthz')).toBe(false);
  });
});

describe('migrations', () => {
  it('run once when several hubs start together on one fresh PostgreSQL database', async () => {
    const databaseUrl = await hubs.postgresUrl();
    const started = await Promise.all([1, 2, 3, 4].map(() => hubs.start('postgres', { databaseUrl })));
    for (const h of started) expect((await h.api.get('/readyz')).status).toBe(200);
    const db = openPostgres(databaseUrl);
    try {
      expect(await db.all('SELECT version FROM schema_version')).toEqual([{ version: migrations.length }]);
      // And again, with bare stores: nothing left to do, nothing doubled.
      await Promise.all([1, 2, 3].map(() => migrate(db)));
      expect(await db.all('SELECT version FROM schema_version')).toEqual([{ version: migrations.length }]);
    } finally {
      await db.close();
    }
    const g = await started[0]!.api.group();
    expect((await started[3]!.api.get(`/groups/${g.groupId}`, g.token)).status).toBe(200);
  });
});

describe('backup', () => {
  it('npm run backup copies a running hub’s SQLite file, and the copy opens with everything in it', async () => {
    const { api, options } = await hubs.start('sqlite');
    const g = await api.group({ name: 'Backed up' });
    const t = await api.thread(g.groupId, g.token);
    // Writes go on while the copy is taken.
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) await api.message(g.groupId, t, g.token, `while copying ${n++}`);
      return n;
    })();
    const dest = join(mkdtempSync(join(tmpdir(), 'nook-backup-')), 'copy.sqlite');
    tmp.push(join(dest, '..'));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', dest], {
      env: { ...process.env, NOOK_DATA_DIR: options.dataDir, DATABASE_URL: '', REDIS_URL: '' },
    });
    writing = false;
    await writer;
    expect(stdout).toContain(`SQLite copied to ${dest}`);
    expect(existsSync(`${dest}.partial`)).toBe(false);

    const copy = new Database(dest, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT name FROM groups WHERE id = ?').get(g.groupId)).toEqual({ name: 'Backed up' });
    } finally {
      copy.close();
    }
    // The copy is a hub's data directory: a hub started on it serves the group.
    const restoredDir = join(dest, '..', 'restored');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(restoredDir);
    copyFileSync(dest, join(restoredDir, 'hub.sqlite'));
    const restored = await startHub({ port: 0, dataDir: restoredDir, rateLimit: false, log: () => {} });
    try {
      const r = await fetch(`${restored.url}/groups/${g.groupId}`, { headers: { authorization: `Bearer ${g.token}` } });
      expect(r.status).toBe(200);
    } finally {
      await restored.close();
    }
  });

  it('with DATABASE_URL it dumps PostgreSQL with pg_dump, and pg_restore reads the dump back', async () => {
    const { api, options } = await hubs.start('postgres');
    const g = await api.group({ name: 'Dumped' });
    const dest = join(mkdtempSync(join(tmpdir(), 'nook-backup-')), 'hub.pgdump');
    tmp.push(join(dest, '..'));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', dest], {
      env: { ...process.env, DATABASE_URL: options.databaseUrl, REDIS_URL: '' },
    });
    expect(stdout).toContain(`PostgreSQL dumped to ${dest}`);
    const { stdout: listing } = await run('pg_restore', ['--list', dest]);
    expect(listing).toMatch(/TABLE DATA \S+ groups/);
    // Restored into a database of its own, the group is there.
    const url = new URL(options.databaseUrl!);
    const target = `nook_restore_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: `${url.protocol}//${url.username}@${url.host}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${target}`);
    await admin.end();
    await run('pg_restore', ['--no-owner', '-h', url.hostname, '-p', url.port, '-U', url.username, '-d', target, dest]);
    const schema = /search_path=(\S+)/.exec(url.searchParams.get('options') ?? '')?.[1];
    const check = new pg.Client({ connectionString: `${url.protocol}//${url.username}@${url.host}/${target}` });
    await check.connect();
    try {
      expect((await check.query(`SELECT name FROM ${schema}.groups WHERE id = $1`, [g.groupId])).rows).toEqual([{ name: 'Dumped' }]);
    } finally {
      await check.end();
    }
  });
});

it('npm run hub: every line on stdout is JSON, and SIGTERM drains (/readyz 503) before it exits', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nook-main-'));
  tmp.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NOOK_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', NOOK_DRAIN_MS: '1500' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  try {
    const url = await until(() => /listening on (http:\/\/[^\s"]+)/.exec(out)?.[1], Boolean, 15_000);
    const g = await fetch(`${url}/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: randomUUID(), name: 'Logged', ownerName: 'Olive' }),
    });
    expect(g.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const ready = await until(() => fetch(`${url}/readyz`).then((r) => r.status), (s) => s === 503, 1_000);
    expect(ready).toBe(503);
    expect(await exited).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ level: 'info', msg: expect.stringContaining('listening on') });
    expect(lines).toContainEqual(expect.objectContaining({ method: 'POST', route: '/groups', status: 200 }));
    expect(lines).toContainEqual(expect.objectContaining({ route: '/readyz', status: 503 }));
  } finally {
    child.kill('SIGKILL');
  }
});

it('NOOK_METRICS_TOKEN and NOOK_DRAIN_MS are checked at start', () => {
  expect(optionsFromEnv({ NOOK_METRICS_TOKEN: 'metrics-token-0123456789', NOOK_DRAIN_MS: '8000' })).toMatchObject({
    metricsToken: 'metrics-token-0123456789',
    drainMs: 8000,
  });
  expect(optionsFromEnv({}).drainMs).toBe(0);
  for (const env of [{ NOOK_METRICS_TOKEN: 'short' }, { NOOK_METRICS_TOKEN: 'has a space in it, long enough' }, { NOOK_DRAIN_MS: '5s' }, { NOOK_DRAIN_MS: '-1' }]) {
    expect(() => optionsFromEnv(env)).toThrow(SettingError);
  }
  // The token is a secret: a refusal does not repeat it.
  expect(() => optionsFromEnv({ NOOK_METRICS_TOKEN: 'short' })).toThrow(/^NOOK_METRICS_TOKEN must be [^"]*$/);
});
