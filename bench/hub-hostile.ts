import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { inParallel, messageBodies } from './hub-load';
import { load, spawnChild } from './hub-proc';
import { fmt, percentile } from './stats';
import type { Section } from './types';

/**
 * One hostile member against a hub (SQLite, its own process): over a group with a real
 * history, a raw `ws` client that never reads sends `sub` for the group from event 0, again
 * and again. Meanwhile another member reads the group, to see whether the hub still answers.
 */
const MESSAGES = 3_000;
const SUBS = 150;
const PROBE_EVERY_MS = 20;
const ATTACK_S = 10;
const LONG_BODY = 4_000;

/** Resident memory of a process, in MB (Linux: /proc/<pid>/status VmRSS). */
function rssMB(pid: number): number | null {
  try {
    const kB = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kB ? Number(kB) / 1024 : null;
  } catch {
    return null;
  }
}

async function api<T>(base: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** A group with MESSAGES messages (one in ten a long one), its owner, and one more member. */
async function seed(base: string) {
  const made = await api<{ group: { id: string }; token: string }>(base, 'POST', '/groups', { id: randomUUID(), name: 'Hostile', ownerName: 'Olive', memberLimit: 10 });
  const groupId = made.group.id;
  const owner = made.token;
  const { thread } = await api<{ thread: { id: string } }>(base, 'POST', `/groups/${groupId}/threads`, { id: randomUUID() }, owner);
  const bodies = messageBodies();
  await inParallel(
    Array.from({ length: MESSAGES }, (_, i) => i),
    16,
    async (i) => {
      const short = bodies[i % bodies.length]!;
      const body = i % 10 === 0 ? short.repeat(Math.ceil(LONG_BODY / short.length)).slice(0, LONG_BODY) : short;
      await api(base, 'POST', `/groups/${groupId}/threads/${thread.id}/messages`, { id: randomUUID(), body }, owner);
    },
  );
  const join = async (name: string) => {
    const { invite } = await api<{ invite: { code: string } }>(base, 'POST', `/groups/${groupId}/invites`, {}, owner);
    return (await api<{ token: string }>(base, 'POST', `/join/${invite.code}`, { name })).token;
  };
  return { groupId, reader: await join('Reader'), hostile: await join('Mallory') };
}

/** Opens `/live`, says hello, stops reading, and sends `count` subscriptions to the group from its first event. */
async function attack(base: string, token: string, groupId: string, count: number) {
  const ws = new WebSocket(base.replace(/^http/, 'ws') + '/live', ['nook.v1']);
  let closeCode: number | null = null;
  ws.on('close', (code) => (closeCode = code));
  ws.on('error', () => undefined);
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  ws.send(JSON.stringify({ t: 'hello', token, groups: {} }));
  await new Promise<void>((ok) => ws.once('message', () => ok()));
  // `ws` keeps its socket private; a client that never reads is exactly that socket, paused.
  (ws as unknown as { _socket: Socket })._socket.pause();
  const frame = JSON.stringify({ t: 'sub', groups: { [groupId]: 0 } });
  for (let i = 0; i < count; i++) ws.send(frame);
  return {
    get closeCode() {
      return closeCode;
    },
    stop: () => ws.terminate(),
  };
}

export const hubHostile: Section = {
  id: 'hub-hostile',
  title: 'Hub: one hostile live client',
  builds: [],
  async run(env) {
    const hub = await spawnChild('hub-server-child.ts', { name: 'hub' });
    try {
      const { url } = await hub.call<{ url: string }>('hub', { dataDir: mkdtempSync(join(env.tmp, 'hub-hostile-')) });
      const t0 = performance.now();
      const g = await seed(url);
      env.log(`hub-hostile: ${MESSAGES.toLocaleString('en-US')} messages posted in ${fmt((performance.now() - t0) / 1000)} s`);
      const before = (await hub.call<{ rss: number }>('memory')).rss / 2 ** 20;
      const loadAvg = load();

      let peak = before;
      const sampler = setInterval(() => {
        const now = rssMB(hub.pid);
        if (now !== null) peak = Math.max(peak, now);
      }, 50);
      const latencies: number[] = [];
      let failed = 0;
      const until = performance.now() + ATTACK_S * 1000;
      const probing = (async () => {
        while (performance.now() < until) {
          const t = performance.now();
          try {
            await api(url, 'GET', `/groups/${g.groupId}`, undefined, g.reader);
            latencies.push(performance.now() - t);
          } catch {
            failed++;
          }
          await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
        }
      })();
      const hostile = await attack(url, g.hostile, g.groupId, SUBS);
      await probing;
      clearInterval(sampler);
      const closeCode = hostile.closeCode;
      hostile.stop();
      const after = (await hub.call<{ rss: number }>('memory')).rss / 2 ** 20;
      const logs = await hub.call<string[]>('logs');
      const growth = peak - before;
      const p99 = latencies.length ? percentile(latencies, 99) : null;
      env.log(
        `  RSS ${fmt(before)} MB before, peak ${fmt(peak)} MB, ${fmt(after)} MB after; ${latencies.length} reads, p99 ${p99 === null ? '-' : fmt(p99)} ms, ${failed} failed` +
          (logs.length ? `; hub said: ${logs.slice(0, 2).join(' | ')}` : ''),
      );
      const backedOff = logs.some((l) => l.includes('back off'));
      const ended =
        closeCode !== null
          ? `the hostile socket was closed (${closeCode})`
          : backedOff
            ? `the hub closed the hostile socket with 4429 (back off) at the frame limit; not reading, the client never saw it`
            : 'the hostile socket was still open';
      return {
        rows: [
          {
            what: `hub memory growth (RSS peak) under ${SUBS} repeated subscriptions that are never read`,
            ours: Math.round(growth),
            unit: 'MB',
            shown: `${fmt(growth)} MB`,
            budget: { max: 150 },
            note: `RSS ${fmt(before)} MB before, peak ${fmt(peak)} MB over ${ATTACK_S} s, ${fmt(after)} MB after (full GC); ${ended}; ${loadAvg}`,
          },
          {
            what: 'another member\'s read (GET /groups/:id) meanwhile, p99',
            ours: p99 === null ? null : Math.round(p99 * 10) / 10,
            unit: 'ms',
            shown: p99 === null ? undefined : `${fmt(p99)} ms (p50 ${fmt(percentile(latencies, 50))} ms)`,
            budget: { max: 250 },
            note: `${latencies.length} reads, one every ${PROBE_EVERY_MS} ms after the last answer; ${failed} failed`,
          },
        ],
        how:
          `A group of ${MESSAGES.toLocaleString('en-US')} messages (the load generator's bodies, one in ten ${LONG_BODY.toLocaleString('en-US')} characters) on a SQLite hub in its own process. ` +
          `A raw \`ws\` client says hello, pauses its socket (never reads) and sends ${SUBS} \`sub\` frames for the group from event 0; for ${ATTACK_S} s the hub's RSS is sampled ` +
          `every 50 ms from /proc and another member reads the group over HTTP. Once per run.`,
      };
    } finally {
      await hub.stop();
    }
  },
};
