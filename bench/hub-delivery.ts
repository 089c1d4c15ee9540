import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { load, machineMeter, machineNote, spawnChild, usageNote, type ServerUsage } from './hub-proc';
import { fmt, type Summary } from './stats';
import type { BenchEnv, Row, Section } from './types';

/**
 * Delivery latency to live members: 100 groups of 30, every member with a WebSocket of its
 * own (3,000), posts at a steady 500/s into random groups; latency runs from the moment a
 * POST is sent to its arrival on each of the group's 30 sockets. The same load generator
 * drives the hub and a plain `ws` broadcast server (bench/hub-peer.ts), the limit.
 */
const GROUPS = 100;
const MEMBERS = 30;
const RATE = 500;
const WARMUP_S = 3;
const SECONDS = 20;
const DRAIN_MS = 5_000;

interface Delivered {
  posts: number;
  refused: number;
  failed: number;
  problems: Record<string, number>;
  expected: number;
  received: number;
  latency: Summary | null;
  sendLag: Summary | null;
  clientCpu: number;
  /** Share of the time the generator's thread was ready but waited for a core. */
  clientWaiting: number | null;
}

interface Measured extends Delivered {
  perConnectionKB: number;
  heapPerConnectionKB: number;
  connectSeconds: number;
  usage: ServerUsage;
  contention: string;
  loadAvg: string;
}

async function measure(env: BenchEnv, kind: 'hub' | 'peer'): Promise<Measured> {
  const server = await spawnChild('hub-server-child.ts', { name: kind });
  const gen = await spawnChild('hub-load-child.ts', { name: 'load generator' });
  try {
    const { url } =
      kind === 'hub'
        ? await server.call<{ url: string }>('hub', { dataDir: mkdtempSync(join(env.tmp, 'hub-delivery-')) })
        : await server.call<{ url: string }>('peer');
    const setup = await gen.call<{ seconds: number; members: number }>('setup', {
      url,
      groups: GROUPS,
      members: MEMBERS,
      threads: 3,
      sockets: 64,
      fake: kind === 'peer',
    });
    env.log(`  ${kind}: ${setup.members} members set up in ${fmt(setup.seconds)} s`);
    const before = await server.call<{ rss: number; heapUsed: number }>('memory');
    const conn = await gen.call<{ sockets: number; seconds: number }>('connect', { concurrency: 100 });
    await new Promise((r) => setTimeout(r, 1000));
    const after = await server.call<{ rss: number; heapUsed: number }>('memory');
    const open = await server.call<number>('connections');
    if (open < GROUPS * MEMBERS) throw new Error(`${kind}: only ${open} live connections open`);
    env.log(`  ${kind}: ${conn.sockets} sockets synced in ${fmt(conn.seconds)} s; RSS ${fmt(before.rss / 2 ** 20)} -> ${fmt(after.rss / 2 ** 20)} MB`);

    const running = gen.call<Delivered>('deliver', { rate: RATE, warmupS: WARMUP_S, seconds: SECONDS, drainMs: DRAIN_MS }, 120_000);
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    await server.call('usage');
    const machine = machineMeter();
    const loadAvg = load();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const usage = await server.call<ServerUsage>('usage');
    const contention = machineNote(machine.share());
    const d = await running;
    const lat = d.latency;
    env.log(
      `  ${kind}: ${d.received}/${d.expected} deliveries, p50 ${lat ? fmt(lat.p50) : '-'} ms, p99 ${lat ? fmt(lat.p99) : '-'} ms; ` +
        `${kind} ${usageNote(usage)}; generator ${fmt(d.clientCpu * 100, 0)}%; send lag p99 ${d.sendLag ? fmt(d.sendLag.p99) : '-'} ms; ${contention}`,
    );
    if (kind === 'hub') {
      const logs = await server.call<string[]>('logs');
      if (logs.length) env.log(`  hub said: ${logs.slice(0, 3).join(' | ')}`);
    }
    await gen.call('disconnect');
    const n = conn.sockets;
    return {
      ...d,
      perConnectionKB: (after.rss - before.rss) / 1024 / n,
      heapPerConnectionKB: (after.heapUsed - before.heapUsed) / 1024 / n,
      connectSeconds: conn.seconds,
      usage,
      contention,
      loadAvg,
    };
  } finally {
    await gen.stop();
    await server.stop();
  }
}

const lost = (m: Measured) => {
  const missing = m.expected - m.received;
  const parts = [];
  if (missing > 0) parts.push(`${missing} of ${m.expected} deliveries not there ${DRAIN_MS / 1000} s after the last post`);
  if (m.refused + m.failed) parts.push(`${m.refused + m.failed} posts refused or failed (${JSON.stringify(m.problems)})`);
  return parts.length ? parts.join(', ') : `all ${m.expected.toLocaleString('en-US')} deliveries arrived`;
};

export const hubDelivery: Section = {
  id: 'hub-delivery',
  title: 'Hub: live delivery to 3,000 members',
  builds: [],
  async run(env) {
    env.log('hub-delivery: the hub (SQLite)');
    const hub = await measure(env, 'hub');
    env.log('hub-delivery: plain ws broadcast server');
    const peer = await measure(env, 'peer');
    const h = hub.latency;
    const p = peer.latency;
    const peerLat = (q: 'p50' | 'p99') => (p ? `plain ws broadcast: ${fmt(p[q])} ms` : 'plain ws broadcast: nothing arrived');
    const machine = (m: Measured) => `${m.loadAvg}, ${m.contention}`;
    const rows: Row[] = [
      {
        what: 'p99 delivery, 3,000 live connections, 500 posts/s',
        ours: h ? Math.round(h.p99 * 10) / 10 : null,
        unit: 'ms',
        shown: h ? `${fmt(h.p99)} ms (max ${fmt(h.max)} ms)` : undefined,
        budget: { max: 100 },
        peer: `${peerLat('p99')} (max ${p ? fmt(p.max) : '-'} ms)`,
        note:
          `${lost(hub)}; hub ${usageNote(hub.usage)} (${fmt(hub.usage.cpu * 100, 0)}% of a core in all); ` +
          `peer ${usageNote(peer.usage)} (${fmt(peer.usage.cpu * 100, 0)}%); ${machine(hub)}`,
      },
      {
        what: 'p50 delivery, 3,000 live connections, 500 posts/s',
        ours: h ? Math.round(h.p50 * 10) / 10 : null,
        unit: 'ms',
        peer: peerLat('p50'),
        note:
          `the generator sent its posts up to ${fmt(hub.sendLag?.p99 ?? 0)} ms behind schedule (p99; ${fmt(peer.sendLag?.p99 ?? 0)} ms in the ` +
          `peer's run) and used ${fmt(hub.clientCpu * 100, 0)}% of a core` +
          (hub.clientWaiting === null ? '' : `, waiting for one ${fmt(hub.clientWaiting * 100, 0)}% of the time`) +
          `; peer: ${lost(peer)}; ${machine(peer)}`,
      },
      {
        what: 'the same as a multiple of the plain ws peer in the same run: p99, and server CPU per delivery',
        ours: h && p ? Math.round((h.p99 / p.p99) * 10) / 10 : null,
        unit: '',
        shown: h && p ? `p99 ${fmt(h.p99 / p.p99)}×, CPU ${fmt(hub.usage.cpu / peer.usage.cpu)}×` : undefined,
        peer: 'plain ws broadcast: 1×',
        note:
          'for information, beside the budget above: a slower or busier machine moves both sides, so these say what the hub adds ' +
          `(auth, storage, ordering, reading each event from the database); CPU is the server process's, ${fmt(hub.usage.cpu * 100, 0)}% of a core against ${fmt(peer.usage.cpu * 100, 0)}%`,
      },
      {
        what: 'memory per idle live connection (server RSS)',
        ours: Math.round(hub.perConnectionKB * 10) / 10,
        unit: 'kB',
        peer: `plain ws broadcast: ${fmt(peer.perConnectionKB)} kB`,
        note:
          `JS heap after GC grew ${fmt(hub.heapPerConnectionKB)} kB per connection (peer ${fmt(peer.heapPerConnectionKB)} kB), the steadier figure: ` +
          `RSS reuses pages the set-up freed; 3,000 sockets connected and synced in ${fmt(hub.connectSeconds)} s`,
      },
    ];
    return {
      rows,
      how:
        `${GROUPS} groups of ${MEMBERS} members; each member holds its own WebSocket to /live (hello with its token, then synced), ` +
        `all 3,000 in one load-generator process. It posts ${RATE}/s (open loop) into random groups by random members over keep-alive ` +
        `HTTP for ${WARMUP_S} s of warm-up and ${SECONDS} s measured; latency is from sending each POST to its event arriving on each ` +
        `of the group's 30 sockets (the author's included), on one clock. Memory: server RSS after GC with the sockets open and idle, ` +
        `minus before they opened, per connection. The peer is a minimal Node + ws server (bench/hub-peer.ts) with the same routes ` +
        `and frames but no auth, validation or storage, driven the same way, once each.`,
    };
  },
};
