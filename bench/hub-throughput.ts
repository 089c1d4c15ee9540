import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from '../tests/support/postgres';
import { load, machineMeter, machineNote, spawnChild, usageNote, type ServerUsage } from './hub-proc';
import { fmt } from './stats';
import type { BenchEnv, Row, Section } from './types';

/**
 * Accepted posts per second: members of 100 groups post messages over keep-alive HTTP,
 * 128 requests in flight (closed loop), with the rate limit off. The hub runs in one
 * process, the load generator in another.
 */
const GROUPS = 100;
const MEMBERS = 10;
const THREADS = 3;
const IN_FLIGHT = 128;
const WARMUP_S = 3;
const SECONDS = 10;

interface Throughput {
  ok: number;
  refused: number;
  failed: number;
  statuses: Record<string, number>;
  perSecond: number;
  latency: { p50: number; p99: number } | null;
  clientCpu: number;
}

async function measure(env: BenchEnv, backend: { dataDir: string } | { databaseUrl: string }) {
  const hub = await spawnChild('hub-server-child.ts', { name: 'hub' });
  const gen = await spawnChild('hub-load-child.ts', { name: 'load generator' });
  try {
    const { url } = await hub.call<{ url: string }>('hub', backend);
    const setup = await gen.call<{ seconds: number }>('setup', { url, groups: GROUPS, members: MEMBERS, threads: THREADS, sockets: IN_FLIGHT });
    env.log(`  ${GROUPS} groups of ${MEMBERS} set up in ${fmt(setup.seconds)} s; posting for ${WARMUP_S} + ${SECONDS} s`);
    const running = gen.call<Throughput>('throughput', { concurrency: IN_FLIGHT, warmupS: WARMUP_S, seconds: SECONDS });
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    await hub.call('usage');
    const machine = machineMeter();
    const loadAvg = load();
    const r = await running;
    const usage = await hub.call<ServerUsage>('usage');
    const contention = machineNote(machine.share());
    const logs = await hub.call<string[]>('logs');
    env.log(`  ${fmt(r.perSecond, 0)} posts/s, ${JSON.stringify(r.statuses)}; hub ${usageNote(usage)}; load generator ${fmt(r.clientCpu * 100, 0)}% of a core; ${contention}`);
    if (logs.length) env.log(`  hub said: ${logs.slice(0, 3).join(' | ')}`);
    return { ...r, usage, loadAvg, contention };
  } finally {
    await gen.stop();
    await hub.stop();
  }
}

function row(what: string, r: Awaited<ReturnType<typeof measure>>, budget: Row['budget']): Row {
  const lat = r.latency ? `answer p50 ${fmt(r.latency.p50)} ms, p99 ${fmt(r.latency.p99)} ms` : 'no answers';
  const bad = r.refused + r.failed ? `; ${r.refused} refused, ${r.failed} failed (${JSON.stringify(r.statuses)})` : '; none refused';
  return {
    what,
    ours: Math.round(r.perSecond),
    unit: 'per s',
    shown: `${fmt(r.perSecond, 0)} /s`,
    budget,
    note:
      `${lat}${bad}; hub ${usageNote(r.usage)}; ${fmt((r.usage.cpu * 1e6) / r.perSecond, 0)} µs of hub CPU per post; ` +
      `the load generator used ${fmt(r.clientCpu * 100, 0)}% of a core; ${r.loadAvg}, ${r.contention}`,
  };
}

export const hubThroughput: Section = {
  id: 'hub-throughput',
  title: 'Hub: accepted posts per second',
  builds: [],
  async run(env) {
    const rows: Row[] = [];
    env.log('hub-throughput: SQLite');
    const sqlite = await measure(env, { dataDir: mkdtempSync(join(env.tmp, 'hub-sqlite-')) });
    rows.push(row('accepted posts/s, SQLite', sqlite, { min: 5000 }));

    env.log('hub-throughput: PostgreSQL');
    let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
    try {
      pg = await startPostgres();
      const databaseUrl = await pg.createDatabase();
      rows.push(row('accepted posts/s, PostgreSQL (same machine)', await measure(env, { databaseUrl }), undefined));
    } catch (err) {
      env.log(`  PostgreSQL skipped: ${(err as Error).message}`);
      rows.push({ what: 'accepted posts/s, PostgreSQL', ours: null, unit: 'per s', note: `not measured: ${(err as Error).message.slice(0, 120)}` });
    } finally {
      await pg?.stop();
    }
    return {
      rows,
      how:
        `${GROUPS} groups of ${MEMBERS} members (made through the API), ${THREADS} threads each; a load generator in its own process ` +
        `keeps ${IN_FLIGHT} POST /groups/:id/threads/:id/messages in flight over keep-alive HTTP, each by a random member with a ` +
        `new client id and a body of one to three generated sentences (median 114 characters), rate limit off; 2xx answers counted over ${SECONDS} s after ${WARMUP_S} s of ` +
        `warm-up, once per database. PostgreSQL runs on the same 2 cores (fsync off, as in the tests).`,
    };
  },
};
