import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../protocol/errors';
import { listNotes, saveNote } from './notes';
import { context, dropDbs, freshDb, searchNotes } from './test-helpers';
import { exportNotes, importNotes, type NotesFile } from './transfer';
import type { Note } from '../types/local';

afterEach(dropDbs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seeded() {
  const db = freshDb();
  await saveNote(db, context(), 'Slip stitch heel.\n\n- row 1\n- row 2');
  await sleep(2);
  await saveNote(db, context({ url: 'https://www.reddit.com/r/knitting/comments/2/', title: 'Cables' }), 'Cable *without* a needle');
  await sleep(2);
  await saveNote(
    db,
    context({ site: 'patreon', community: 'Ada Makes', kind: 'post', title: 'Pattern', url: 'https://www.patreon.com/posts/9' }),
    'Crème colour yarn',
  );
  return db;
}

const refusal = async (p: Promise<unknown>): Promise<UserError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
};

describe('export', () => {
  it('writes JSON with the format marker and every note', async () => {
    const db = await seeded();
    const file = JSON.parse(await exportNotes(db, 'json')) as NotesFile;
    expect(file).toMatchObject({ format: 'nook-notes', version: 1 });
    expect(new Date(file.exportedAt).getTime()).not.toBeNaN();
    expect(file.notes).toEqual(await listNotes(db));
    expect(file.notes[0]).not.toHaveProperty('words');
  });

  it('writes Markdown grouped by community, then page', async () => {
    const db = await seeded();
    const md = await exportNotes(db, 'markdown');
    expect(md).toMatch(/^# Nook notes\n\nExported .*: 3 notes\.\n/);
    const order = ['## Ada Makes (patreon)', '### Pattern', '<https://www.patreon.com/posts/9>', 'Crème colour yarn',
      '## r/knitting (reddit)', '### Cables', 'Cable *without* a needle', '### Heel flaps for beginners?',
      '<https://www.reddit.com/r/knitting/comments/1abcde/>', 'Slip stitch heel.\n\n- row 1\n- row 2'];
    let at = 0;
    for (const part of order) {
      const i = md.indexOf(part, at);
      expect(i, part).toBeGreaterThanOrEqual(at);
      at = i + part.length;
    }
  });
});

describe('import', () => {
  it('round-trips an export into a fresh database, searchable', async () => {
    const source = await seeded();
    const json = await exportNotes(source, 'json');
    const target = freshDb();
    expect(await importNotes(target, json)).toEqual({ added: 3, updated: 0, unchanged: 0 });
    expect(await listNotes(target)).toEqual(await listNotes(source));
    expect((await searchNotes(target, 'creme')).map((h) => h.note.url)).toEqual(['https://www.patreon.com/posts/9']);
  });

  it('importing the same file twice changes nothing the second time', async () => {
    const source = await seeded();
    const json = await exportNotes(source, 'json');
    const db = freshDb();
    expect(await importNotes(db, json)).toEqual({ added: 3, updated: 0, unchanged: 0 });
    const after = await db.notes.toArray();
    expect(await importNotes(db, json)).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(await db.notes.toArray()).toEqual(after);
    // Into the database it came from: all unchanged too.
    const original = await source.notes.toArray();
    expect(await importNotes(source, json)).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(await source.notes.toArray()).toEqual(original);
  });

  it('newer wins: the file updates older notes and leaves newer local ones', async () => {
    const db = await seeded();
    const file = JSON.parse(await exportNotes(db, 'json')) as NotesFile;
    const [newest, middle, oldest] = file.notes as [Note, Note, Note];
    await sleep(2);
    await saveNote(db, context(), 'edited locally after the export'); // the oldest note, now newer locally
    const edited: Note = { ...middle, body: 'edited in the file', updatedAt: Date.now() + 1000 };
    const fresh: Note = { ...oldest, id: 'other-id', url: 'https://a.example/new', body: 'new note' };
    const text = JSON.stringify({ ...file, notes: [newest, edited, oldest, fresh] });
    expect(await importNotes(db, text)).toEqual({ added: 1, updated: 1, unchanged: 2 });
    const byUrl = new Map((await listNotes(db)).map((n) => [n.url, n]));
    expect(byUrl.get(middle.url)).toEqual(edited);
    expect(byUrl.get(oldest.url)?.body).toBe('edited locally after the export');
    expect(byUrl.get(fresh.url)?.body).toBe('new note');
    expect(await searchNotes(db, 'edited file')).toHaveLength(1);
  });

  it('matches a note of the same page with another id (newer file copy replaces it)', async () => {
    const db = freshDb();
    const local = await saveNote(db, context(), 'local');
    const incoming: Note = { ...local, id: 'from-elsewhere', body: 'incoming', updatedAt: local.updatedAt + 10 };
    const text = JSON.stringify({ format: 'nook-notes', version: 1, exportedAt: '', notes: [incoming] });
    expect(await importNotes(db, text)).toEqual({ added: 0, updated: 1, unchanged: 0 });
    expect(await listNotes(db)).toEqual([incoming]);
  });

  it('refuses a malformed file, naming the record and field, and imports nothing', async () => {
    const db = await seeded();
    const before = await db.notes.toArray();
    const file = JSON.parse(await exportNotes(db, 'json')) as NotesFile;
    const good = (i: number): Note => ({ ...file.notes[0]!, id: `id-${i}`, url: `https://a.example/${i}` });
    const bad = (record: Record<string, unknown>) =>
      JSON.stringify({ ...file, notes: [good(1), good(2), record, good(4)] });

    const e = await refusal(importNotes(db, bad({ ...good(3), url: 'not a url' })));
    expect(e.code).toBe('import_invalid');
    expect(e.message).toBe('Note 3: field "url" must be a URL. Nothing was imported.');
    expect(e.params).toEqual({ record: 3, field: 'url', problem: 'url' });

    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...good(3), url: 'javascript:alert(1)' }, 'url', 'url'],
      [{ ...good(3), body: undefined }, 'body', 'missing'],
      [{ ...good(3), body: 42 }, 'body', 'type'],
      [{ ...good(3), body: 'x'.repeat(1_000_001) }, 'body', 'too_large'],
      [{ ...good(3), site: 'myspace' }, 'site', 'value'],
      [{ ...good(3), updatedAt: 1.5 }, 'updatedAt', 'value'],
      [{ ...good(3), createdAt: '2024' }, 'createdAt', 'type'],
      [{ ...good(3), id: '' }, 'id', 'value'],
      [{ ...good(2) }, 'id', 'duplicate'],
      [{ ...good(3), url: good(1).url }, 'url', 'duplicate'],
    ];
    for (const [record, field, problem] of cases) {
      expect((await refusal(importNotes(db, bad(record)))).params, `${field} ${problem}`).toEqual({ record: 3, field, problem });
    }
    const notObject = await refusal(importNotes(db, JSON.stringify({ ...file, notes: [good(1), 'text'] })));
    expect(notObject.message).toBe('Note 2: is not an object. Nothing was imported.');
    expect(notObject.params).toEqual({ record: 2, field: '', problem: 'not_object' });

    expect(await db.notes.toArray()).toEqual(before);
  });

  it('refuses what is not JSON or not a Nook export', async () => {
    const db = freshDb();
    expect((await refusal(importNotes(db, '{"format":'))).code).toBe('import_not_json');
    expect((await refusal(importNotes(db, '[]'))).code).toBe('import_wrong_format');
    expect((await refusal(importNotes(db, '{"format":"other","version":1,"notes":[]}'))).code).toBe('import_wrong_format');
    expect((await refusal(importNotes(db, '{"format":"nook-notes","version":1}'))).code).toBe('import_wrong_format');
    const v2 = await refusal(importNotes(db, '{"format":"nook-notes","version":2,"notes":[]}'));
    expect(v2).toMatchObject({ code: 'import_unsupported_version', params: { version: '2', supported: 1 } });
    expect(await importNotes(db, '{"format":"nook-notes","version":1,"notes":[]}')).toEqual({ added: 0, updated: 0, unchanged: 0 });
    expect(await db.notes.count()).toBe(0);
  });
});
