import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { NookDB, SCHEMA_VERSION } from './db';
import { listGroups } from './groups';
import { getNote, saveNote } from './notes';
import { searchNotes } from './search';
import { context, dropDbs, freshDb } from './test-helpers';

afterEach(dropDbs);

describe('schema', () => {
  it('opens at the latest version with every table', async () => {
    const db = freshDb();
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['groups', 'hubStatus', 'hubs', 'joinRequests', 'members', 'memberships', 'messages', 'notes', 'outbox', 'settings', 'sites', 'threads']);
    expect(db.notes.schema.idxByName.words?.multi).toBe(true);
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
      expect((await db.notes.get('n1'))?.words).toContain('creme');
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
});
