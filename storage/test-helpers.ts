/** Shared by the storage tests: fresh databases and page contexts. */
import type { PageContext } from '../sites/types';
import type { NoteHit } from '../types/local';
import { type NookDB, openDb } from './db';
import { search, type SearchTuning } from './search';

let n = 0;
const opened: NookDB[] = [];

/** A database with a name no other test uses (fake-indexeddb keeps them all in memory). */
export function freshDb(): NookDB {
  const db = openDb(`nook-test-${process.pid}-${++n}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  return db;
}

/** Closes and deletes the databases `freshDb` made (call in afterEach). */
export async function dropDbs(): Promise<void> {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
}

export const context = (over: Partial<PageContext> = {}): PageContext => ({
  site: 'reddit',
  community: 'r/knitting',
  kind: 'thread',
  id: 't3_1abcde',
  title: 'Heel flaps for beginners?',
  url: 'https://www.reddit.com/r/knitting/comments/1abcde/',
  ...over,
});

/** A search where every hit must be a note (the tests of notes alone). */
export async function searchNotes(db: NookDB, query: string, limit?: number, tuning?: SearchTuning): Promise<NoteHit[]> {
  const hits = await search(db, query, { limit }, tuning);
  return hits.map((h) => {
    if (h.kind !== 'note') throw new Error(`a ${h.kind} among notes`);
    return h;
  });
}

/** The tables of schema version 3, as storage/db.ts declared them then (upgrade tests open older versions). */
const V3_STORES = {
  notes: 'id, &url, community, updatedAt, *words, [community+updatedAt], [site+community]',
  groups: 'id, updatedAt, *contexts, deletedAt',
  settings: 'key',
  sites: 'key',
  hubs: 'url',
  memberships: 'groupId, hub',
  members: '[groupId+id], groupId',
  threads: 'id, groupId, [groupId+anchorUrl]',
  messages: 'id, groupId, threadId, [threadId+seq]',
  outbox: '++n, hub, groupId',
  joinRequests: 'id, groupId',
  hubStatus: 'hub',
};

/** The tables of an older schema version: 3, 4 (notes searched through `search`), or 6 (records, the search queue). */
export function oldStores(version: 3 | 4 | 6): Record<string, string> {
  if (version === 3) return V3_STORES;
  const v4 = { ...V3_STORES, notes: 'id, &url, community, updatedAt, [community+updatedAt], [site+community]', search: '[rank+id], *terms' };
  return version === 4 ? v4 : { ...v4, records: '[groupId+kind+id], groupId', searchQueue: '++n' };
}
