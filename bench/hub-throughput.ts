import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from '../tests/support/postgres';
import { load, machineMeter, machineNote, postgresMeter, spawnChild, usageNote, type Child, type ServerUsage } from './hub-proc';
import { fmt, median } from './stats';
import type { BenchEnv, Row, Section } from './types';

/**
 * Accepted posts per second: members of 100 groups post messages over keep-alive HTTP,
 * 128 requests in flight (closed loop), with the rate limit off. Each server runs in its own
 * process, the load generator in another. The budgets are ratios measured in the same run,
 * so that a slower or busier machine moves both sides: the hub on SQLite against a minimal
 * peer on the hub's own HTTP stack (@hono/node-server and a one-route Hono app, one SQLite
 * insert per post, bench/hub-peer.ts), so the ratio is what Nook's own code costs; the hub on
 * Postgres against the hub on SQLite. The same peer on plain node:http is measured beside them
 * for information: the difference between the two peers is the adapter. All four take turns,
 * round after round, so other work on the machine falls on all of them alike; each figure is
 * the median of the rounds.
 */
const GROUPS = 100;
const MEMBERS = 10;
const THREADS = 3;
const IN_FLIGHT = 128;
const ROUNDS = 3;
const WARMUP_S = 2;
const SECONDS = 6;

interface Throughput {
  ok: number;
  refused: number;
  failed: number;
  statuses: Record<string, number>;
  perSecond: number;
  latency: { p50: number; p99: number } | null;
  clientCpu: number;
}

interface Measured extends Throughput {
  usage: ServerUsage;
  /** Cores the Postgres cluster used meanwhile (Postgres runs only). */
  postgresCpu: number | null;
  loadAvg: string;
  contention: string;
}

type Kind = 'node peer' | 'hono peer' | 'sqlite' | 'postgres';
const isPeer = (k: Kind) => k === 'node peer' || k === 'hono peer';
interface Target {
  kind: Kind;
  server: Child;
  gen: Child;
  postgresPort?: number;
  runs: Measured[];
}

async function start(env: BenchEnv, kind: Kind, databaseUrl?: string): Promise<Target> {
  const server = await spawnChild('hub-server-child.ts', { name: kind });
  const gen = await spawnChild('hub-load-child.ts', { name: `load generator (${kind})` });
  const { url } =
    isPeer(kind)
      ? await server.call<{ url: string }>('peer', {
          sqliteFile: join(mkdtempSync(join(env.tmp, 'peer-')), 'peer.sqlite'),
          stack: kind === 'hono peer' ? 'hono' : 'node',
        })
      : await server.call<{ url: string }>('hub', kind === 'sqlite' ? { dataDir: mkdtempSync(join(env.tmp, 'hub-sqlite-')) } : { databaseUrl });
  const setup = await gen.call<{ seconds: number }>('setup', {
    url,
    groups: GROUPS,
    members: MEMBERS,
    threads: THREADS,
    sockets: IN_FLIGHT,
    fake: isPeer(kind),
  });
  env.log(`  ${kind}: ${GROUPS} groups of ${MEMBERS} set up in ${fmt(setup.seconds)} s`);
  return { kind, server, gen, postgresPort: databaseUrl ? Number(new URL(databaseUrl).port) : undefined, runs: [] };
}

async function measure(env: BenchEnv, t: Target): Promise<Measured> {
  const running = t.gen.call<Throughput>('throughput', { concurrency: IN_FLIGHT, warmupS: WARMUP_S, seconds: SECONDS });
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  await t.server.call('usage');
  const machine = machineMeter();
  const pg = t.postgresPort ? postgresMeter(t.postgresPort) : null;
  const loadAvg = load();
  const r = await running;
  const usage = await t.server.call<ServerUsage>('usage');
  const postgresCpu = pg?.share() ?? null;
  const contention = machineNote(machine.share());
  env.log(
    `  ${t.kind}: ${fmt(r.perSecond, 0)} posts/s, ${JSON.stringify(r.statuses)}; server ${usageNote(usage)}` +
      (postgresCpu === null ? '' : `; postgres ${fmt(postgresCpu * 100, 0)}% of a core`) +
      `; load generator ${fmt(r.clientCpu * 100, 0)}% of a core; ${contention}`,
  );
  if (!isPeer(t.kind)) {
    const logs = await t.server.call<string[]>('logs');
    if (logs.length) env.log(`  ${t.kind} said: ${logs.slice(0, 3).join(' | ')}`);
  }
  return { ...r, usage, postgresCpu, loadAvg, contention };
}

const rate = (m: Measured) => m.perSecond;
const perS = (n: number) => `${fmt(n, 0)} /s`;
/** The round whose figure is the median, for the details of the note. */
const medianRun = (runs: Measured[]) => [...runs].sort((a, b) => rate(a) - rate(b))[runs.length >> 1]!;
const spread = (xs: number[]) => {
  const m = median(xs);
  return m > 0 ? `±${fmt((50 * (Math.max(...xs) - Math.min(...xs))) / m, 0)}%` : '';
};

function details(t: Target): string {
  const r = medianRun(t.runs);
  const lat = r.latency ? `answer p50 ${fmt(r.latency.p50)} ms, p99 ${fmt(r.latency.p99)} ms` : 'no answers';
  const bad = r.refused + r.failed ? `; ${r.refused} refused, ${r.failed} failed (${JSON.stringify(r.statuses)})` : '; none refused';
  const pg = r.postgresCpu === null ? '' : `; Postgres used ${fmt(r.postgresCpu * 100, 0)}% of a core, ${fmt((r.postgresCpu * 1e6) / rate(r), 0)} µs per post`;
  return (
    `rounds ${t.runs.map((x) => fmt(rate(x), 0)).join(', ')} (${spread(t.runs.map(rate))}); in the median round: ${lat}${bad}; ` +
    `server ${usageNote(r.usage)}; ${fmt((r.usage.cpu * 1e6) / rate(r), 0)} µs of server CPU per post${pg}; ` +
    `the load generator used ${fmt(r.clientCpu * 100, 0)}% of a core; ${r.loadAvg}, ${r.contention}`
  );
}

function ratioRow(what: string, ours: Target, base: Target, baseName: string, budget: boolean, why = ''): Row {
  const ratios = ours.runs.map((r, i) => rate(r) / rate(base.runs[i]!));
  const pct = median(ratios) * 100;
  return {
    what,
    ours: Math.round(pct),
    unit: '%',
    shown: `${fmt(pct, 0)}% (${perS(median(ours.runs.map(rate)))} against ${perS(median(base.runs.map(rate)))})`,
    ...(budget ? { budget: { min: 50 } } : {}),
    peer: `${baseName}: ${perS(median(base.runs.map(rate)))}`,
    note:
      `${why}each round's ratio: ${ratios.map((x) => `${fmt(x * 100, 0)}%`).join(', ')} (${spread(ratios)}); ` +
      `server CPU per post (median of the rounds), steadier when the two cores are shared unevenly: ` +
      `${fmt(median(ours.runs.map(cpuPerPost)), 0)} µs against ${fmt(median(base.runs.map(cpuPerPost)), 0)} µs`,
  };
}

const cpuPerPost = (m: Measured) => (m.usage.cpu * 1e6) / rate(m);

export const hubThroughput: Section = {
  id: 'hub-throughput',
  title: 'Hub: accepted posts per second',
  builds: [],
  async run(env) {
    const targets: Target[] = [];
    let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
    try {
      env.log('hub-throughput: minimal peers (Hono stack, node:http), hub on SQLite, hub on PostgreSQL');
      targets.push(await start(env, 'hono peer'), await start(env, 'node peer'), await start(env, 'sqlite'));
      pg = await startPostgres();
      targets.push(await start(env, 'postgres', await pg.createDatabase()));
      for (let round = 1; round <= ROUNDS; round++) {
        env.log(` round ${round} of ${ROUNDS}`);
        for (const t of targets) t.runs.push(await measure(env, t));
      }
    } finally {
      for (const t of targets) {
        await t.gen.stop();
        await t.server.stop();
      }
      await pg?.stop();
    }
    const [peer, nodePeer, sqlite, postgres] = targets as [Target, Target, Target, Target];
    const adapter = median(peer.runs.map((r, i) => rate(r) / rate(nodePeer.runs[i]!))) * 100;
    const rows: Row[] = [
      ratioRow(
        'accepted posts/s, SQLite, as a share of a minimal peer on the same HTTP stack (@hono/node-server + a one-route Hono app + one SQLite insert per post)',
        sqlite,
        peer,
        'minimal peer, same stack',
        true,
        'the hub commits the posts that arrive together in one SQLite transaction (hub/store/sqlite.ts), the peer each insert on its own, ' +
          'so a round can pass 100%; ',
      ),
      ratioRow(
        'the same, as a share of the minimal peer on plain node:http (for information)',
        sqlite,
        nodePeer,
        'minimal peer, node:http',
        false,
        `the difference is the adapter (Node request → web Request → Response): the same-stack peer does ${fmt(adapter, 0)}% of the node:http peer's posts; `,
      ),
      ratioRow('accepted posts/s, PostgreSQL, as a share of SQLite (same run)', postgres, sqlite, 'hub on SQLite', true),
      {
        what: 'accepted posts/s, SQLite',
        ours: Math.round(median(sqlite.runs.map(rate))),
        unit: 'per s',
        shown: perS(median(sqlite.runs.map(rate))),
        peer: `minimal peer, same stack: ${details(peer)}; on node:http: ${details(nodePeer)}`,
        note: `for scale: 5,000 /s on the 2-core EPYC where it was first measured; ${details(sqlite)}`,
      },
      {
        what: 'accepted posts/s, PostgreSQL (same machine)',
        ours: Math.round(median(postgres.runs.map(rate))),
        unit: 'per s',
        shown: perS(median(postgres.runs.map(rate))),
        note: details(postgres),
      },
    ];
    return {
      rows,
      how:
        `${GROUPS} groups of ${MEMBERS} members (made through the API), ${THREADS} threads each; a load generator in its own process ` +
        `keeps ${IN_FLIGHT} POST /groups/:id/threads/:id/messages in flight over keep-alive HTTP, each by a random member with a ` +
        `new client id and a body of one to three generated sentences (median 114 characters, no @ mentions), rate limit off; 2xx answers counted over ${SECONDS} s after ${WARMUP_S} s of ` +
        `warm-up. The minimal peer (bench/hub-peer.ts) answers the same requests with one SQLite insert each, no auth or validation, ` +
        `once on the hub's HTTP stack (@hono/node-server and a Hono app with that one route: the budget, what Nook's own routing, checks and ` +
        `statements cost) and once on plain node:http (what the adapter costs on top). ` +
        `The two peers, hub on SQLite and hub on PostgreSQL take turns, ${ROUNDS} rounds; figures are medians of the rounds, ratios the median of each round's ratio. ` +
        `PostgreSQL runs on the same 2 cores (fsync off, as in the tests). On Postgres a post is one round trip: one function call ` +
        `that checks the token too (hub/store/postgres-post.ts, docs/SCALING.md).`,
    };
  },
};
