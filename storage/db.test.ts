import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { NookDB, SCHEMA_VERSION, type SearchRow, searchRow } from './db';
import { listGroups } from './groups';
import { getNote, saveNote } from './notes';
import { context, dropDbs, freshDb, oldStores, searchNotes } from './test-helpers';
import { noteWords } from './tokenize';
import type { Note } from '../types/local';

afterEach(dropDbs);

describe('schema', () => {
  it('opens at the latest version with every table', async () => {
    const db = freshDb();
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['groups', 'hubStatus', 'hubs', 'joinRequests', 'members', 'memberships', 'messages', 'notes', 'outbox', 'records', 'search', 'searchQueue', 'settings', 'sites', 'threads']);
    expect(db.notes.schema.idxByName.words).toBeUndefined();
    expect(db.search.schema.primKey.keyPath).toEqual(['rank', 'id']);
    expect(db.search.schema.idxByName.terms?.multi).toBe(true);
    expect(db.groups.schema.idxByName.contexts?.multi).toBe(true);
  });

  it('migrates a version 1 database: every record kept, notes searchable, groups backfilled', async () => {
    const name = `nook-migration-${Math.random().toString(36).slice(2)}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ notes: 'id, &url, community, updatedAt', groups: 'id, updatedAt', settings: 'key' });
    const notes = [
      { id: 'n1', url: 'https://www.reddit.com/r/knitting/comments/1/', site: 'reddit', community: 'r/knitting', kind: 'thread', title: 'Heel flaps', body: 'Slip stitch heel for the Crème socks', createdAt: 1, updatedAt: 10 },
      { id: 'n2', url: 'https://courses.example.com/lesson/2', site: 'generic', community: 'courses.example.com', kind: 'page', title: '東京の講座', body: 'メモ: 黒猫', createdAt: 2, updatedAt: 20 },
    ];
    const groups = [
      { id: 'g1', name: 'Sock club', topic: 'Heels', memberLimit: 30, hub: null, createdAt: 1, updatedAt: 1 },
      { id: 'g2', name: 'Cohort 4', memberLimit: 25, hub: 'https://hub.example', createdAt: 2, updatedAt: 2 },
    ];
    await v1.table('notes').bulkAdd(notes);
    await v1.table('groups').bulkAdd(groups);
    await v1.table('settings').put({ key: 'displayName', value: 'Ada' });
    v1.close();

    const db = new NookDB(name);
    try {
      await db.open();
      expect(db.verno).toBe(SCHEMA_VERSION);
      // Every record is there; notes come out as they went in (tokens stay internal).
      expect(await getNote(db, notes[0]!.url)).toEqual(notes[0]);
      expect(await getNote(db, notes[1]!.url)).toEqual(notes[1]);
      expect(await db.notes.get('n1')).not.toHaveProperty('words');
      expect(await db.search.toArray()).toEqual([searchRow(notes[1] as Note), searchRow(notes[0] as Note)]);
      expect((await db.search.get([-10, 'n1']))?.terms).toEqual(expect.arrayContaining(['creme', 'cre', 'crem', 'sock']));
      expect(await db.settings.get('displayName')).toEqual({ key: 'displayName', value: 'Ada' });
      expect(await db.sites.count()).toBe(0);

      // Search works on the migrated notes (body, title, accents, Japanese).
      expect((await searchNotes(db, 'creme sock')).map((h) => h.note.id)).toEqual(['n1']);
      expect((await searchNotes(db, 'heel')).map((h) => h.note.id)).toEqual(['n1']);
      expect((await searchNotes(db, '黒猫')).map((h) => h.note.id)).toEqual(['n2']);
      expect((await searchNotes(db, '東京')).map((h) => h.note.id)).toEqual(['n2']);

      // Groups got contexts [] and deletedAt null (and a topic where it was missing).
      expect(await db.groups.get('g1')).toEqual({ ...groups[0], contexts: [], deletedAt: null });
      expect(await db.groups.get('g2')).toEqual({ ...groups[1], topic: '', contexts: [], deletedAt: null });
      expect((await listGroups(db)).others.map((g) => g.id)).toEqual(['g2', 'g1']);

      // And the migrated database takes new writes through the new indexes.
      await saveNote(db, context({ url: 'https://www.reddit.com/r/knitting/comments/3/' }), 'new heel note');
      expect(await searchNotes(db, 'heel')).toHaveLength(2);
    } finally {
      await db.delete();
    }
  });

  it('migrates a version 3 database: search rows built in batches, words dropped from notes', async () => {
    const name = `nook-migration-${Math.random().toString(36).slice(2)}`;
    const v3 = new Dexie(name);
    v3.version(3).stores(oldStores(3));
    // More notes than one upgrade batch; ids in another order than times.
    const notes: Note[] = Array.from({ length: 1234 }, (_, i) => ({
      id: `n${String((i * 7919) % 1234).padStart(4, '0')}`,
      url: `https://a.example/${i}`,
      site: 'generic',
      community: 'a.example',
      kind: 'page',
      title: i % 100 === 0 ? 'Hydration notes' : `Note ${i}`,
      body: i % 2 ? `Stretch and fold, round ${i}` : `Crème brûlée number ${i}`,
      createdAt: 1000 + i,
      updatedAt: 2000 + i,
    }));
    await v3.table('notes').bulkAdd(notes.map((n) => ({ ...n, words: noteWords(n.title, n.body) })));
    v3.close();

    const db = new NookDB(name);
    try {
      await db.open();
      expect(db.verno).toBe(SCHEMA_VERSION);
      const stored = await db.notes.toArray();
      expect(stored).toHaveLength(notes.length);
      expect(stored.filter((n) => 'words' in n)).toEqual([]);
      expect(await db.notes.get(notes[5]!.id)).toEqual(notes[5]);
      const rows = await db.search.toArray();
      const byRank = (a: SearchRow, b: SearchRow) => a.rank - b.rank;
      expect(rows).toEqual(notes.map(searchRow).sort(byRank));

      const newest = (predicate: (n: Note) => boolean, n: number) =>
        notes.filter(predicate).sort((a, b) => b.updatedAt - a.updatedAt).slice(0, n).map((x) => x.id);
      expect((await searchNotes(db, 'hydra')).map((h) => h.note.id)).toEqual(newest((n) => n.title.startsWith('Hydration'), 20));
      expect((await searchNotes(db, 'creme brul', 50)).map((h) => h.note.id)).toEqual(newest((n) => n.body.startsWith('Crème'), 50));
      expect((await searchNotes(db, 'fold 1233')).map((h) => h.note.id)).toEqual([notes[1233]!.id]);
    } finally {
      await db.delete();
    }
  });
});
