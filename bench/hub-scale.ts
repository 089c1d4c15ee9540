import { startPostgres } from '../tests/support/postgres';
import { startRedis } from '../tests/support/redis';
import { load, machineMeter, machineNote, postgresMeter, spawnChild, type Child } from './hub-proc';
import { fmt, type Summary } from './stats';
import type { BenchEnv, Row, Section } from './types';

/**
 * Past one instance: hubs on one PostgreSQL, clients spread over them as a load balancer
 * would. Posts/s and delivery with one and two instances; the lag the bus adds between
 * instances, through LISTEN/NOTIFY and through Redis; and a SIGKILLed instance, whose
 * clients come back on the survivor. docs/SCALING.md reads these numbers.
 */
const GROUPS = 50;
const MEMBERS = 20;
const THREADS = 3;
const IN_FLIGHT = 128;
const RATE = 200;
const WARMUP_S = 2;
const THROUGHPUT_S = 6;
const DELIVERY_S = 8;
const DRAIN_MS = 5_000;

interface Delivered {
  refused: number;
  expected: { same: number; cross: number };
  received: { same: number; cross: number };
  same: Summary | null;
  cross: Summary | null;
  all: Summary | null;
}

async function hub(databaseUrl: string, redisUrl?: string): Promise<{ child: Child; url: string }> {
  const child = await spawnChild('hub-server-child.ts', { name: 'hub' });
  const { url } = await child.call<{ url: string }>('hub', { databaseUrl, redisUrl });
  return { child, url };
}

const ms = (s: Summary | null, q: 'p50' | 'p99') => (s ? `${fmt(s[q])} ms` : '—');
const lost = (d: Delivered) => {
  const missing = d.expected.same + d.expected.cross - d.received.same - d.received.cross;
  return (missing > 0 ? `${missing} deliveries missing` : `all ${(d.received.same + d.received.cross).toLocaleString('en-US')} deliveries arrived`) + (d.refused ? `, ${d.refused} posts refused` : '');
};

async function deliver(env: BenchEnv, gen: Child, via: number[], what: string): Promise<Delivered & { machine: string }> {
  const conn = await gen.call<{ sockets: number; seconds: number }>('connect', { via });
  const m = machineMeter();
  const d = await gen.call<Delivered>('deliver', { rate: RATE, warmupS: WARMUP_S, seconds: DELIVERY_S, via, drainMs: DRAIN_MS }, 120_000);
  const machine = `${load()}, ${machineNote(m.share())}`;
  env.log(`  ${what}: ${conn.sockets} sockets; same-instance p50 ${ms(d.same, 'p50')} p99 ${ms(d.same, 'p99')}; cross p50 ${ms(d.cross, 'p50')} p99 ${ms(d.cross, 'p99')}; ${lost(d)}; ${machine}`);
  await gen.call('disconnect');
  return { ...d, machine };
}

export const hubScale: Section = {
  id: 'hub-scale',
  title: 'Hub: several instances on one PostgreSQL',
  builds: [],
  async run(env) {
    const pg = await startPostgres();
    const redis = await startRedis().catch((err: Error) => err);
    const children: Child[] = [];
    const rows: Row[] = [];
    try {
      const databaseUrl = await pg.createDatabase();
      const pgMeter = () => postgresMeter(Number(new URL(databaseUrl).port));
      const a = await hub(databaseUrl);
      const b = await hub(databaseUrl);
      children.push(a.child, b.child);
      const gen = await spawnChild('hub-scale-child.ts', { name: 'load generator' });
      children.push(gen);
      const setup = await gen.call<{ seconds: number }>('setup', { urls: [a.url, b.url], groups: GROUPS, members: MEMBERS, threads: THREADS, sockets: IN_FLIGHT });
      env.log(`hub-scale: ${GROUPS} groups of ${MEMBERS} set up in ${fmt(setup.seconds)} s`);

      // Posts/s: all through A, then spread over A and B.
      const tp: Record<1 | 2, { perSecond: number; pg: number | null; machine: string }> = {} as never;
      for (const n of [1, 2] as const) {
        const m = machineMeter();
        const meter = pgMeter();
        const r = await gen.call<{ perSecond: number; other: number }>('throughput', {
          concurrency: IN_FLIGHT,
          warmupS: WARMUP_S,
          seconds: THROUGHPUT_S,
          via: n === 1 ? [0] : [0, 1],
        });
        tp[n] = { perSecond: r.perSecond, pg: meter.share(), machine: `${load()}, ${machineNote(m.share())}` };
        env.log(`  ${n} instance(s): ${fmt(r.perSecond, 0)} posts/s (${r.other} not 200); ${tp[n].machine}`);
      }
      const pgNote = (x: { perSecond: number; pg: number | null }) =>
        x.pg === null ? '' : `; PostgreSQL used ${fmt(x.pg * 100, 0)}% of a core (over warm-up and run), the rest shared by the instances and the load generator`;
      rows.push(
        { what: 'accepted posts/s, 1 instance', ours: Math.round(tp[1].perSecond), unit: 'per s', shown: `${fmt(tp[1].perSecond, 0)} /s`, note: `${IN_FLIGHT} in flight${pgNote(tp[1])}; ${tp[1].machine}` },
        {
          what: 'accepted posts/s, 2 instances (posts spread over both)',
          ours: Math.round(tp[2].perSecond),
          unit: 'per s',
          shown: `${fmt(tp[2].perSecond, 0)} /s`,
          note: `${fmt((100 * tp[2].perSecond) / tp[1].perSecond, 0)}% of one instance: both instances and PostgreSQL share the same 2 cores, so this shows the cost of the bus and of two pools, not the gain of a second machine${pgNote(tp[2])}; ${tp[2].machine}`,
        },
      );

      // Delivery: one instance, then two through NOTIFY.
      const one = await deliver(env, gen, [0], '1 instance');
      const two = await deliver(env, gen, [0, 1], '2 instances, LISTEN/NOTIFY');
      rows.push(
        {
          what: `p99 delivery, ${GROUPS * MEMBERS} live members, ${RATE} posts/s, 1 instance`,
          ours: one.all ? Math.round(one.all.p99 * 10) / 10 : null,
          unit: 'ms',
          shown: `${ms(one.all, 'p99')} (p50 ${ms(one.all, 'p50')})`,
          note: `${lost(one)}; ${one.machine}`,
        },
        {
          what: `p99 delivery, the same, 2 instances (sockets and posts spread over both)`,
          ours: two.all ? Math.round(two.all.p99 * 10) / 10 : null,
          unit: 'ms',
          shown: `${ms(two.all, 'p99')} (p50 ${ms(two.all, 'p50')})`,
          note: `${lost(two)}; ${two.machine}`,
        },
        {
          what: 'cross-instance delivery p99, LISTEN/NOTIFY (posted through one instance, delivered by the other)',
          ours: two.cross ? Math.round(two.cross.p99 * 10) / 10 : null,
          unit: 'ms',
          shown: `${ms(two.cross, 'p99')} (p50 ${ms(two.cross, 'p50')})`,
          budget: { max: 50 },
          peer: `same-instance deliveries in the same run: p99 ${ms(two.same, 'p99')} (p50 ${ms(two.same, 'p50')})`,
          note: `the bus's lag is the difference; ${two.received.cross.toLocaleString('en-US')} cross-instance deliveries`,
        },
      );

      // The same through Redis: two new instances on the same database.
      if (redis instanceof Error) {
        rows.push({ what: 'cross-instance delivery p99, Redis pub/sub', ours: null, unit: 'ms', budget: { max: 50 }, note: `not measured: ${redis.message.slice(0, 120)}` });
      } else {
        const ra = await hub(databaseUrl, redis.url);
        const rb = await hub(databaseUrl, redis.url);
        children.push(ra.child, rb.child);
        await gen.call('retarget', { urls: [ra.url, rb.url], sockets: IN_FLIGHT });
        const viaRedis = await deliver(env, gen, [0, 1], '2 instances, Redis');
        rows.push({
          what: 'cross-instance delivery p99, Redis pub/sub',
          ours: viaRedis.cross ? Math.round(viaRedis.cross.p99 * 10) / 10 : null,
          unit: 'ms',
          shown: `${ms(viaRedis.cross, 'p99')} (p50 ${ms(viaRedis.cross, 'p50')})`,
          budget: { max: 50 },
          peer: `same-instance: p99 ${ms(viaRedis.same, 'p99')} (p50 ${ms(viaRedis.same, 'p50')})`,
          note: `${lost(viaRedis)}; ${viaRedis.machine}`,
        });
        await ra.child.stop();
        await rb.child.stop();
        await gen.call('retarget', { urls: [a.url, b.url], sockets: IN_FLIGHT });
      }

      // Failover: half the members on A, posts through B; A is killed; its clients reconnect to B.
      const conn = await gen.call<{ sockets: number }>('connect', { via: [0, 1] });
      await gen.call('steady', { rate: RATE, via: 1 });
      await new Promise((r) => setTimeout(r, 2000));
      const moved = await gen.call<number>('armFailover', { from: 0, to: 1 });
      process.kill(a.child.pid, 'SIGKILL');
      const killedAt = Date.now();
      const f = await gen.call<{ clients: number; caughtUp: number; times: Summary | null }>('caughtUp', { killedAt, timeoutMs: 30_000 }, 60_000);
      await gen.call('stopSteady');
      env.log(`  failover: ${f.caughtUp}/${f.clients} clients of the killed instance caught up; p50 ${ms(f.times, 'p50')}, last ${f.times ? fmt(f.times.max) : '—'} ms`);
      rows.push({
        what: `every client of a SIGKILLed instance caught up on the survivor (${moved.toLocaleString('en-US')} of ${conn.sockets.toLocaleString('en-US')} members)`,
        ours: f.times && f.caughtUp === f.clients ? Math.round(f.times.max) : null,
        unit: 'ms',
        shown: f.times ? `${fmt(f.times.max, 0)} ms (median client ${fmt(f.times.p50, 0)} ms)` : 'none caught up',
        note:
          `${f.caughtUp} of ${f.clients} caught up; from the kill to each client's socket on the survivor holding its group's last event answered before the kill; ` +
          `clients reconnect at once on the close (real clients back off), while ${RATE} posts/s go on through the survivor; ${load()}`,
      });
      await gen.call('disconnect');
    } finally {
      for (const c of children.reverse()) await c.stop();
      if (!(redis instanceof Error)) await redis.stop();
      await pg.stop();
    }
    return {
      rows,
      how:
        `Hub instances in processes of their own on one PostgreSQL (same 2 cores, fsync off), fan-out through LISTEN/NOTIFY unless said; ` +
        `${GROUPS} groups of ${MEMBERS} members made through the first. One load-generator process spreads the work as a load balancer would: ` +
        `posts to the instances in turn, member i's WebSocket on instance i mod n. Posts/s: ${IN_FLIGHT} posts in flight, ${THROUGHPUT_S} s after ${WARMUP_S} s of warm-up. ` +
        `Delivery: ${RATE} posts/s for ${DELIVERY_S} s after ${WARMUP_S} s, from each POST sent to its event on each of the group's sockets, one clock; ` +
        `a delivery is cross-instance when the socket is on the instance the post did not go through. Redis: two more instances with REDIS_URL on the same database. ` +
        `Failover: every member connected, half on each instance, posts through the second; the first is killed with SIGKILL; its clients reconnect to the second with their last event numbers.`,
    };
  },
};
