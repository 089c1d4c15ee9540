import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { NookDB, SCHEMA_VERSION, type SearchRow } from './db';
import { type PostingKey, postingKeys } from './postings';
import { dropDbs, freshDb, oldStores, searchNotes } from './test-helpers';

afterEach(dropDbs);

const row = (rank: number, id: string, terms: string[]): SearchRow => ({ rank, id, terms });
const expected = (rows: SearchRow[]): PostingKey[] => rows.flatMap(postingKeys).sort((a, b) => indexedDB.cmp(a, b));
const stored = async (db: NookDB) => (await db.postings.toCollection().primaryKeys()) as PostingKey[];
const write = (db: NookDB, fn: () => Promise<unknown>) => db.transaction('rw', db.search, db.postings, fn);

describe('postings', () => {
  it('follow every write of search rows: puts, a row put again with other terms, deletes, a range and a clear', async () => {
    const db = freshDb();
    const a = row(-30, 'a', ['sock', 'soc', 'heel']);
    const b = row(-20, 'b', ['heel', 'hee', 'flap']);
    const c = row(-10, 'c', ['flap', 'fla']);
    await write(db, () => db.search.bulkPut([a, b, c]));
    expect(await stored(db)).toEqual(expected([a, b, c]));

    // A message edited keeps its key: the terms it lost leave, the new ones come.
    const a2 = row(-30, 'a', ['sock', 'yarn']);
    await write(db, () => db.search.put(a2));
    expect(await stored(db)).toEqual(expected([a2, b, c]));

    await write(db, () => db.search.bulkDelete([[-20, 'b']]));
    expect(await stored(db)).toEqual(expected([a2, c]));

    await write(db, () => db.search.where(':id').below([-15, '']).delete());
    expect(await stored(db)).toEqual(expected([c]));

    await write(db, () => db.search.bulkAdd([a]));
    await write(db, () => db.search.clear());
    expect(await stored(db)).toEqual([]);
  });

  it('refuses a write of search rows in a transaction without them, and nothing changes', async () => {
    const db = freshDb();
    const a = row(-30, 'a', ['sock']);
    await write(db, () => db.search.put(a));
    await expect(db.transaction('rw', db.search, () => db.search.put(row(-40, 'b', ['heel'])))).rejects.toThrow(/postings/);
    await expect(db.search.delete([-30, 'a'])).rejects.toThrow(/postings/);
    expect(await db.search.toArray()).toEqual([a]);
    expect(await stored(db)).toEqual(expected([a]));
  });

  it('are made from every search row of a version 7 database', async () => {
    const name = `nook-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    old.version(7).stores(oldStores(7));
    // More rows than one upgrade step, with the notes the search shows.
    const notes = Array.from({ length: 2500 }, (_, i) => ({
      id: `n${String(i).padStart(4, '0')}`, url: `https://a.example/${i}`, site: 'generic', community: 'a.example', kind: 'page',
      title: '', body: i % 2 ? `odd fold ${i}` : `even proof ${i}`, createdAt: i, updatedAt: i,
    }));
    const rows = notes.map((n) => row(-n.updatedAt, n.id, n.body.split(' ').flatMap((w) => [w, w.slice(0, 3), w.slice(0, 4)].filter((t, k, all) => t.length > 2 && all.indexOf(t) === k))));
    await old.table('notes').bulkAdd(notes);
    await old.table('search').bulkAdd(rows);
    old.close();

    const db = new NookDB(name);
    try {
      await db.open();
      expect(db.verno).toBe(SCHEMA_VERSION);
      expect(await stored(db)).toEqual(expected(rows));
      expect((await searchNotes(db, 'fold')).map((h) => h.note.id)).toEqual(notes.filter((_, i) => i % 2).reverse().slice(0, 20).map((n) => n.id));
      expect((await searchNotes(db, 'proof 2498')).map((h) => h.note.id)).toEqual(['n2498']);
    } finally {
      await db.delete();
    }
  });
});
