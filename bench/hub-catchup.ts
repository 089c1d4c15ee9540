import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { cores, loadAverage, spawnChild } from './hub-proc';
import { fmt, median } from './stats';
import type { Row, Section } from './types';

/**
 * A new member of a group with 50,000 messages catches up: the extension's real sync
 * engine (in Node, with fake-indexeddb) joins through an invite link and follows the
 * group; the clock runs from the join to the 50,000th message in the local database.
 */
const MESSAGES = 50_000;
const MEMBERS = 10;
const THREADS = 20;
const RUNS = 3;
/** Runs after the first only while the whole section stays within this. */
const BUDGET_MS = 80_000;

interface Caught {
  joinedMs: number;
  firstMs: number | null;
  allMs: number | null;
  seq: number;
  held: number;
  cpuShare: number;
  thread: { running: number; waiting: number } | null;
  rejections: string[];
  frames: { count: number; firstMs: number; lastMs: number };
}

/** How the engine's main thread spent the catch-up: it needs a core to itself, and other jobs may hold it. */
function engineUse(runs: Caught[]): string {
  const t = runs.filter((r) => r.thread).map((r) => r.thread!);
  if (t.length === 0) return `the sync engine used ${fmt(median(runs.map((r) => r.cpuShare)) * 100, 0)}% of a core`;
  const pct = (xs: number[]) => `${Math.round(median(xs) * 100)}%`;
  return `the sync engine's thread was on a core ${pct(t.map((x) => x.running))} of the time and waited for one ${pct(t.map((x) => x.waiting))}`;
}

export const hubCatchup: Section = {
  id: 'hub-catchup',
  title: 'Hub: a new member catches up',
  builds: [],
  async run(env) {
    const started = performance.now();
    const hub = await spawnChild('hub-server-child.ts', { name: 'hub' });
    const gen = await spawnChild('hub-load-child.ts', { name: 'load generator' });
    const client = await spawnChild('hub-catchup-child.ts', { name: 'sync engine' });
    const runs: (Caught & { loadAvg: number })[] = [];
    let seeded: { seconds: number; firstSeq: number; lastSeq: number; groupId: string };
    try {
      const { url } = await hub.call<{ url: string }>('hub', { dataDir: mkdtempSync(join(env.tmp, 'hub-catchup-')) });
      await gen.call('setup', { url, groups: 1, members: MEMBERS, threads: THREADS, sockets: 128 });
      seeded = await gen.call<typeof seeded>('seed', { count: MESSAGES, concurrency: 128 }, 180_000);
      env.log(`hub-catchup: ${MESSAGES.toLocaleString('en-US')} messages posted through the API in ${fmt(seeded.seconds)} s`);
      for (let i = 0; i < RUNS; i++) {
        const elapsed = performance.now() - started;
        const last = runs.at(-1);
        if (last && elapsed + (last.allMs ?? Infinity) > BUDGET_MS) break;
        const invite = await gen.call<string>('invite');
        const loadAvg = loadAverage();
        const r = await client.call<Caught>(
          'catchup',
          { invite, groupId: seeded.groupId, firstSeq: seeded.firstSeq, lastSeq: seeded.lastSeq, messages: MESSAGES, timeoutMs: 120_000 },
          180_000,
        );
        env.log(
          `  run ${i + 1}: joined in ${fmt(r.joinedMs)} ms, first message at ${r.firstMs === null ? '-' : fmt(r.firstMs)} ms, ` +
            `all at ${r.allMs === null ? 'never' : fmt(r.allMs)} ms (${r.held} held, seq ${r.seq}); ${engineUse([r])}; ` +
            `${r.frames.count} event frames arrived from ${fmt(r.frames.firstMs)} to ${fmt(r.frames.lastMs)} ms`,
        );
        for (const why of r.rejections) env.log(`  the sync engine left a promise rejected: ${why.slice(0, 300)}`);
        runs.push({ ...r, loadAvg });
        if (r.allMs === null) break;
      }
    } finally {
      await client.stop();
      await gen.stop();
      await hub.stop();
    }
    const done = runs.filter((r) => r.allMs !== null);
    const all = done.length ? median(done.map((r) => r.allMs!)) : null;
    const first = done.length ? median(done.map((r) => r.firstMs!)) : null;
    const complete = runs.every((r) => r.held === MESSAGES);
    const loads = runs.map((r) => fmt(r.loadAvg)).join(', ');
    const lastFrame = done.length ? median(done.map((r) => r.frames.lastMs)) : null;
    const rows: Row[] = [
      {
        what: 'new member catches up 50,000 messages',
        ours: all === null ? null : Math.round(all) / 1000,
        unit: 's',
        shown: all === null ? 'did not finish in 120 s' : `${fmt(all / 1000, 2)} s`,
        budget: { max: 3 },
        note:
          `median of ${done.length} run${done.length === 1 ? '' : 's'} (${runs.map((r) => (r.allMs === null ? 'unfinished' : `${fmt(r.allMs / 1000, 2)} s`)).join(', ')}); ` +
          `${complete ? 'every run held all 50,000' : 'NOT every run held all 50,000'}; ` +
          `the last event frame had reached the engine by ${lastFrame === null ? '-' : fmt(lastFrame / 1000, 2)} s, the rest is applying them locally ` +
          `(${engineUse(runs)}); ` +
          `fake-indexeddb stands in for the browser's IndexedDB; load average ${loads} on ${cores()} cores`,
      },
      {
        what: 'time to the first message in the local database',
        ours: first === null ? null : Math.round(first),
        unit: 'ms',
        note: `join (POST /join and the local records) took ${fmt(median(runs.map((r) => r.joinedMs)))} ms of it`,
      },
    ];
    return {
      rows,
      how:
        `One group of ${MEMBERS} members on a SQLite hub, ${MESSAGES.toLocaleString('en-US')} messages in ${THREADS} threads posted through ` +
        `the API (${fmt(seeded!.seconds)} s); then, in a process of its own, the extension's SyncEngine and Dexie database (fake-indexeddb, ` +
        `ws) join through an invite link and catch up over the live socket as the background would; timed from the join call to the ` +
        `group's local event number reaching the last message's (checked every 5 ms), then the held messages are counted; up to ${RUNS} runs, each a new member.`,
    };
  },
};
