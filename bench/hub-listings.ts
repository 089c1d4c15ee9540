import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { lookupPrefixes, matchListings, prefixOf, type ContextHashes } from '../protocol/context-keys';
import type { LookupAnswer } from '../protocol/listings';
import { bucketOf } from '../hub/store/listings';
import { migrate } from '../hub/store/migrate';
import { openSqlite } from '../hub/store/sqlite';
import { loadAverage, spawnChild } from './hub-proc';
import { fmt, median, percentile } from './stats';
import type { Section } from './types';

/**
 * Finding listed groups: a hub (SQLite) with 100,000 listed groups, half on a page and half
 * in a community, answers lookups for a page's two buckets over HTTP, as the extension's
 * background makes them. The database is filled directly (through the API it would take
 * minutes), then the hub starts on it in a process of its own.
 */
const LISTINGS = 100_000;
const LOOKUPS = 2_000;
const WARMUP = 200;

const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const pageKey = (i: number) => `reddit:thread:t3_bench${i}`;
const communityKey = (i: number) => `reddit:r/bench${i}`;

async function seed(dir: string): Promise<void> {
  const db = openSqlite(join(dir, 'hub.sqlite'));
  try {
    await migrate(db);
    await db.tx(async (tx) => {
      const owner = randomUUID();
      const now = Date.now();
      await tx.run('INSERT INTO members (id, created_at) VALUES (?, ?)', [owner, now]);
      for (let i = 0; i < LISTINGS; i++) {
        const id = randomUUID();
        const [scope, hash] = i % 2 ? ['community', sha(communityKey(i))] : ['page', sha(pageKey(i))];
        await tx.run(
          'INSERT INTO groups (id, name, topic, member_limit, allow_requests, created_by, created_at, seq) VALUES (?, ?, ?, 30, 1, ?, ?, 0)',
          [id, `Group ${i}`, 'A small group that meets about this', owner, now],
        );
        await tx.run("INSERT INTO memberships (group_id, member_id, name, intro, role, status, joined_at) VALUES (?, ?, 'Owner', '', 'owner', 'active', ?)", [id, owner, now]);
        await tx.run('INSERT INTO listings (group_id, scope, hash, bucket, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [id, scope, hash, bucketOf(hash), owner, now]);
      }
    });
  } finally {
    await db.close();
  }
}

export const hubListings: Section = {
  id: 'hub-listings',
  title: 'Hub: finding listed groups',
  builds: [],
  async run(env) {
    const dir = mkdtempSync(join(env.tmp, 'hub-listings-'));
    const seeding = performance.now();
    await seed(dir);
    env.log(`hub-listings: ${LISTINGS.toLocaleString('en-US')} listings written in ${fmt((performance.now() - seeding) / 1000)} s`);
    const hub = await spawnChild('hub-server-child.ts', { name: 'hub' });
    try {
      const { url } = await hub.call<{ url: string }>('hub', { dataDir: dir });
      const lookup = async (prefixes: string[]) => {
        const res = await fetch(`${url}/listings/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prefixes }) });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`lookup answered ${res.status}: ${text.slice(0, 200)}`);
        return { bytes: Buffer.byteLength(text), answer: JSON.parse(text) as LookupAnswer };
      };

      // A listed community's page: the client finds its group among the bucket's.
      const listed: ContextHashes = { page: sha(pageKey(LISTINGS + 1)), community: sha(communityKey(1)) };
      const found = matchListings(listed, (await lookup(lookupPrefixes(listed))).answer.listings);
      if (found.map((l) => l.name).join() !== 'Group 1') throw new Error(`the listed group was not found: ${JSON.stringify(found)}`);

      const times: number[] = [];
      const bucketBytes: number[] = [];
      const bucketSizes: number[] = [];
      const loadAvg = loadAverage();
      for (let i = 0; i < WARMUP + LOOKUPS; i++) {
        // Pages nobody listed anything for, or listed ones: either way two buckets of 65,536.
        const h: ContextHashes = { page: sha(`reddit:thread:t3_visit${i}`), community: sha(communityKey(i * 7919)) };
        const t0 = performance.now();
        await lookup(lookupPrefixes(h));
        const t = performance.now() - t0;
        if (i >= WARMUP) times.push(t);
        if (i % 10 === 0) {
          const one = await lookup([prefixOf(h.community)]);
          bucketBytes.push(one.bytes);
          bucketSizes.push(one.answer.listings.length);
        }
      }
      const p95 = percentile(times, 95);
      return {
        rows: [
          {
            what: `lookup of a page's two buckets, ${LISTINGS.toLocaleString('en-US')} listings, p95`,
            ours: p95,
            unit: 'ms',
            shown: `${fmt(p95)} ms (median ${fmt(median(times))} ms, p99 ${fmt(percentile(times, 99))} ms)`,
          },
          {
            what: 'answer for one bucket (16-bit prefix)',
            ours: median(bucketBytes) / 1000,
            unit: 'kB',
            shown: `${fmt(median(bucketBytes) / 1000, 2)} kB median, ${fmt(Math.max(...bucketBytes) / 1000, 2)} kB largest`,
            note: `listings per bucket: ${fmt(median(bucketSizes), 0)} median, ${Math.max(...bucketSizes)} at most`,
          },
        ],
        how: `${LOOKUPS.toLocaleString('en-US')} lookups (after ${WARMUP} to warm up), one at a time over HTTP keep-alive from the bench process to a hub (SQLite) in its own process, each naming a page's and its community's 4-hex-digit prefixes; the answer's size is its JSON body, uncompressed, for ${bucketBytes.length} single buckets. Load average ${fmt(loadAvg, 2)} at the start.`,
      };
    } finally {
      await hub.stop();
    }
  },
};
