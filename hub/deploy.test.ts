import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import WebSocket from 'ws';
import { afterEach, expect, it } from 'vitest';
import { LIVE_PROTOCOL, type GroupEvent, type HubMessage } from '../protocol';
import { startNginx, type TestNginx } from '../tests/support/nginx';
import { until } from '../tests/support/until';
import { useHubs } from './testing/hubs';

const hubs = useHubs();
const SERVER_NAME = 'hub.example.com';
let nginx: TestNginx | undefined;
afterEach(async () => {
  await nginx?.stop();
  nginx = undefined;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON asserted on field by field
  body: any;
}

/** One HTTPS request to nginx as `hub.example.com`, from a chosen loopback address. */
function call(method: string, path: string, o: { body?: unknown; token?: string; from?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const data = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: nginx!.httpsPort,
        servername: SERVER_NAME,
        rejectUnauthorized: false,
        localAddress: o.from,
        agent: false,
        method,
        path,
        headers: {
          host: SERVER_NAME,
          ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}),
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += String(d)));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: the assertion says so
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.once('error', reject);
    req.end(data);
  });
}

/** A member's /live socket through nginx (TLS, upgrade), recording what arrives. */
async function live(token: string, groups: Record<string, number>) {
  const ws = new WebSocket(`wss://127.0.0.1:${nginx!.httpsPort}/live`, [LIVE_PROTOCOL], {
    rejectUnauthorized: false,
    headers: { host: SERVER_NAME },
  });
  const received: HubMessage[] = [];
  ws.on('message', (d) => received.push(JSON.parse(String(d)) as HubMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ t: 'hello', token, groups }));
  await until(() => received.some((m) => m.t === 'ready'), Boolean);
  const events = (g: string): GroupEvent[] => received.flatMap((m) => (m.t === 'events' && m.group === g ? m.events : []));
  return { ws, received, events };
}

it('nginx from deploy/nginx.conf in front of two hubs on one PostgreSQL: TLS, redirects, upgrades, live delivery across instances, the forwarded address', async () => {
  const databaseUrl = await hubs.postgresUrl();
  const options = {
    databaseUrl,
    trustProxy: 1,
    publicUrl: `https://${SERVER_NAME}`,
    // Small enough that one caller runs out within the test; per instance, per address.
    rateLimit: { perSecond: 0.01, burst: 6 },
    sweepMs: 600_000,
  };
  const a = await hubs.start('postgres', options);
  const b = await hubs.start('postgres', options);
  nginx = await startNginx('deploy/nginx.conf', [a.hub.port, b.hub.port], SERVER_NAME);

  // Plain HTTP is sent to HTTPS.
  const redirect = await new Promise<{ status?: number; location?: string }>((resolve, reject) => {
    plainRequest({ host: '127.0.0.1', port: nginx!.httpPort, path: '/healthz', headers: { host: SERVER_NAME } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, location: res.headers.location });
    })
      .once('error', reject)
      .end();
  });
  expect(redirect).toEqual({ status: 301, location: `https://${SERVER_NAME}/healthz` });

  expect(await call('GET', '/readyz')).toMatchObject({ status: 200, body: { ok: true } });
  const health = await call('GET', '/healthz');
  expect(health.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  // Metrics are not published through the proxy, and the hub itself refuses forwarded callers.
  expect((await call('GET', '/metrics')).status).toBe(404);

  // The group is made from one address; everything after it goes through round robin.
  const created = await call('POST', '/groups', { body: { id: randomUUID(), name: 'Behind nginx', ownerName: 'Olive' }, from: '127.0.0.5' });
  expect(created.status).toBe(200);
  const groupId = created.body.group.id as string;
  const owner = created.body.token as string;
  const invite = await call('POST', `/groups/${groupId}/invites`, { body: {}, token: owner });
  expect(invite.body.invite.url).toBe(`https://${SERVER_NAME}/join/${invite.body.invite.code}`);
  const joined = await call('POST', `/join/${invite.body.invite.code}`, { body: { name: 'Mo' }, from: '127.0.0.6' });
  expect(joined.status).toBe(200);
  const member = joined.body.token as string;

  // No affinity: sockets opened one after the other land on both instances, and each member
  // gets what the other writes, whichever instance took the write.
  const sockets = [];
  while (a.hub.connections === 0 || b.hub.connections === 0) {
    if (sockets.length >= 6) throw new Error('round robin never reached both instances');
    sockets.push(await live(sockets.length % 2 ? owner : member, { [groupId]: 0 }));
  }
  const thread = await call('POST', `/groups/${groupId}/threads`, { body: { id: randomUUID() }, token: owner });
  const posts = [];
  for (let i = 0; i < 4; i++) {
    posts.push(await call('POST', `/groups/${groupId}/threads/${thread.body.thread.id}/messages`, { body: { id: randomUUID(), body: `through nginx ${i}` }, token: i % 2 ? owner : member }));
  }
  expect(posts.map((p) => p.status)).toEqual([200, 200, 200, 200]);
  const last = posts.at(-1)!.body.message.seq as number;
  for (const s of sockets) {
    await until(() => s.events(groupId).at(-1)?.seq ?? 0, (seq) => seq >= last);
    expect(s.events(groupId).map((e) => e.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  }
  for (const s of sockets) s.ws.close();

  // The forwarded address: a caller without a token is limited by the address nginx saw.
  // Writing a different X-Forwarded-For each time does not make it someone else.
  const fromTwo = [];
  for (let i = 0; i < 16; i++) {
    fromTwo.push(
      (await call('POST', '/groups', { body: { id: randomUUID(), name: `spam ${i}`, ownerName: 'S' }, from: '127.0.0.2', headers: { 'x-forwarded-for': `198.51.100.${i}` } })).status,
    );
  }
  expect(fromTwo.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  const fromThree = await call('POST', '/groups', { body: { id: randomUUID(), name: 'someone else', ownerName: 'T' }, from: '127.0.0.3' });
  expect(fromThree.status).toBe(200);

  // A body over the hub's limit gets the hub's JSON refusal, not nginx's HTML page.
  const big = await call('POST', `/groups/${groupId}/threads`, { body: JSON.stringify({ id: randomUUID(), title: 'x'.repeat(100_000) }), token: owner });
  expect(big).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
});
