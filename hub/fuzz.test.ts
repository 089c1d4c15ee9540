/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document and answers are arbitrary JSON */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import type { Api } from './testing/api';
import { populatedGroup, snapshot, type Populated } from './testing/fixture';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  default?: unknown;
}

/** The smallest value the schema accepts (good enough for the hub's schemas). */
function sample(s: JsonSchema): unknown {
  if (s.anyOf) return sample(s.anyOf.find((x) => x.type !== 'null') ?? s.anyOf[0]!);
  if (s.enum) return s.enum.at(-1);
  switch (s.type) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties![k]!)]));
    case 'string':
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'uri') return 'https://example.com/page';
      return 'fuzz'.padEnd(s.minLength ?? 1, 'z').slice(0, s.maxLength ?? 100);
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return null;
  }
}

const WRONG_VALUES: unknown[] = [123, -1, 1e308, 'x', '', null, [], {}, true, 'x'.repeat(70_000), 'a\u0000b', '\u202e', randomUUID()];

const RAW_BODIES = ['', '{', '{"a":', 'null', '[]', '"str"', '123', 'true', 'NaN', '{"__proto__":{"admin":true}}', '['.repeat(5000)];

const BAD_AUTH: Record<string, string>[] = [
  { authorization: 'Bearer' },
  { authorization: 'Bearer ' },
  { authorization: 'Basic dXNlcjpwYXNz' },
  { authorization: `Bearer ${'a'.repeat(5000)}` },
  { authorization: `Bearer nk_${'x'.repeat(43)}` },
  { authorization: 'Bearer nk_\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9' },
  { cookie: 'nook_session=garbage; other=1' },
];

interface Probe {
  what: string;
  method: string;
  path: string;
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

async function runAll(api: Api, probes: Probe[], concurrency = 8) {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const p = probes[next++]!;
      try {
        const r = await api.call(p.method, p.path, p);
        if (r.status >= 500) failures.push(`${p.what}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        else if (r.status >= 400 && typeof r.body?.error?.code !== 'string') {
          failures.push(`${p.what}: ${r.status} without an error body`);
        }
        if (JSON.stringify(r.body ?? '').match(/at \w+ \(|SQLITE_|syntax error|relation "|\.ts:\d+/)) {
          failures.push(`${p.what}: answer leaks internals`);
        }
      } catch (err) {
        failures.push(`${p.what}: ${(err as Error).message} ${String((err as { cause?: unknown }).cause)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

function probesFor(doc: any, attacker: Populated, victim: Populated, removedToken: string): Probe[] {
  const own: Record<string, string> = {
    groupId: attacker.groupId,
    memberId: attacker.member.memberId,
    inviteId: attacker.invite.id,
    requestId: attacker.request.id,
    threadId: attacker.threadId,
    messageId: attacker.messageId,
    code: attacker.invite.code,
  };
  // The victim's id of the same kind (never its invite code: a secret the attacker lacks).
  const victims: Record<string, string[]> = {
    groupId: [victim.groupId],
    memberId: [victim.owner.ownerId, victim.member.memberId],
    inviteId: [victim.invite.id],
    requestId: [victim.request.id],
    threadId: [victim.threadId],
    messageId: [victim.messageId],
    code: [],
  };
  const junk = ['not-a-uuid', '%00', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(3000), randomUUID(), '%E0%A4%A'];
  const token = attacker.owner.token;
  const probes: Probe[] = [];

  for (const [template, methods] of Object.entries<any>(doc.paths)) {
    for (const [method, entry] of Object.entries<any>(methods)) {
      const M = method.toUpperCase();
      const fill = (values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, n: string) => values[n]!);
      const path = fill(own);
      const schema: JsonSchema | undefined = entry.requestBody?.content['application/json'].schema;
      const valid = schema ? sample(schema) : undefined;
      const at = `${M} ${template}`;

      for (const name of template.match(/\{(\w+)\}/g)?.map((x: string) => x.slice(1, -1)) ?? []) {
        for (const v of [...junk, ...(victims[name] ?? [])]) {
          probes.push({ what: `${at} ${name}=${v.slice(0, 40)}`, method: M, path: fill({ ...own, [name]: v }), token, body: valid });
        }
      }
      for (const headers of BAD_AUTH) {
        probes.push({ what: `${at} auth ${JSON.stringify(headers).slice(0, 60)}`, method: M, path, headers, body: valid });
      }
      probes.push({ what: `${at} as removed member`, method: M, path, token: removedToken, body: valid });
      for (const p of entry.parameters?.filter((x: any) => x.in === 'query') ?? []) {
        for (const v of ['-1', 'x', '1e3', '9'.repeat(30), '', 'javascript:alert(1)', 'x'.repeat(5000)]) {
          probes.push({ what: `${at} ?${p.name}=${v.slice(0, 20)}`, method: M, path: `${path}?${p.name}=${encodeURIComponent(v)}`, token });
        }
      }
      probes.push({ what: `${at} unknown query`, method: M, path: `${path}?zzz=1&zzz=2`, token });

      if (!schema) {
        if (M === 'GET') continue;
        probes.push({ what: `${at} unexpected body`, method: M, path, token, raw: '{"x":1}', headers: { 'content-type': 'application/json' } });
        continue;
      }
      for (const raw of RAW_BODIES) {
        probes.push({ what: `${at} raw ${raw.slice(0, 12)}`, method: M, path, token, raw, headers: { 'content-type': 'application/json' } });
      }
      probes.push({ what: `${at} text/plain`, method: M, path, token, raw: JSON.stringify(valid), headers: { 'content-type': 'text/plain' } });
      probes.push({ what: `${at} 200 kB`, method: M, path, token, raw: JSON.stringify({ pad: 'x'.repeat(200_000) }), headers: { 'content-type': 'application/json' } });
      probes.push({ what: `${at} extra field`, method: M, path, token, body: { ...(valid as object), extra: 1 } });
      for (const key of Object.keys(schema.properties ?? {})) {
        for (const v of WRONG_VALUES) {
          probes.push({ what: `${at} ${key}=${JSON.stringify(v).slice(0, 20)}`, method: M, path, token, body: { ...(valid as object), [key]: v } });
        }
        if (schema.required?.includes(key)) {
          const { [key]: _missing, ...rest } = valid as Record<string, unknown>;
          probes.push({ what: `${at} without ${key}`, method: M, path, token, body: rest });
        }
      }
    }
  }
  return probes;
}

async function wsProbe(url: string, frames: (string | Buffer)[], waitMs = 300) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/live', ['nook.v1']);
  const received: any[] = [];
  ws.on('message', (d) => received.push(JSON.parse(d.toString())));
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  for (const f of frames) ws.send(f);
  await new Promise((r) => setTimeout(r, waitMs));
  ws.terminate();
  return received;
}

describe.each(BACKENDS)('fuzz (%s)', (backend) => {
  it('malformed bodies, ids and tokens on every operation: never a 5xx, and another group is untouched', async () => {
    const { api, url } = await hubs.start(backend);
    const victim = await populatedGroup(api, 'Victim');
    // Asking to join is open to anyone where a group takes requests; the victim does not.
    await api.patch(`/groups/${victim.groupId}`, { allowRequests: false }, victim.owner.token);
    const before = await snapshot(api, victim);
    const attacker = await populatedGroup(api, 'Attacker');
    const removed = await api.member(attacker.groupId, attacker.owner.token, 'Removed');
    await api.del(`/groups/${attacker.groupId}/members/${removed.memberId}`, attacker.owner.token);

    const doc = (await api.get('/openapi.json')).body;
    const probes = probesFor(doc, attacker, victim, removed.token);
    expect(probes.length).toBeGreaterThan(1000);
    const failures = await runAll(api, probes);
    expect(failures).toEqual([]);

    // The live channel, the same way.
    const t = attacker.owner.token;
    const g = victim.groupId;
    const frames: (string | Buffer)[][] = [
      ['{"t":"hello"}'],
      ['{"t":"hello","token":123}'],
      [`{"t":"hello","token":"nk_forged","groups":{"${g}":0}}`],
      [JSON.stringify({ t: 'hello', token: t, groups: { 'not-a-uuid': 1 } })],
      [JSON.stringify({ t: 'hello', token: t, groups: { [g]: -5 } })],
      [JSON.stringify({ t: 'hello', token: t }), JSON.stringify({ t: 'sub', groups: { [g]: 0 } })],
      [JSON.stringify({ t: 'hello', token: t }), JSON.stringify({ t: 'unsub', groups: [g, 'x'] })],
      [JSON.stringify({ t: 'hello', token: t }), JSON.stringify({ t: 'nope' })],
      [JSON.stringify({ t: 'hello', token: t }), 'x'.repeat(70_000)],
      [Buffer.from([0, 1, 2, 3])],
      ['[]', 'null', '{"t":"ping"}'],
    ];
    const seen = (await Promise.all(frames.map((f) => wsProbe(url, f)))).flat();
    expect(seen.filter((m) => m.t === 'events' && m.group === g)).toEqual([]);
    expect(seen.filter((m) => m.t === 'revoked').every((m) => m.group === g && m.reason === 'not_member')).toBe(true);

    expect((await api.get('/health')).status).toBe(200);
    expect(await snapshot(api, victim)).toEqual(before);
    expect(hubs.logs.filter((l) => l.startsWith('error') || l.startsWith('live'))).toEqual([]);
  }, 90_000);
});
