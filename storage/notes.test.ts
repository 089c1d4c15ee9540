import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../protocol/errors';
import { communities, deleteNote, getNote, listNotes, restoreNote, saveNote } from './notes';
import { context, dropDbs, freshDb } from './test-helpers';
import { MAX_NOTE_BYTES } from '../types/local';

afterEach(dropDbs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('notes', () => {
  it('creates, reads, updates and deletes the note of a page', async () => {
    const db = freshDb();
    const ctx = context();
    expect(await getNote(db, ctx.url)).toBeNull();

    const created = await saveNote(db, ctx, 'Use a **slip stitch** heel.');
    expect(created).toMatchObject({ url: ctx.url, site: 'reddit', community: 'r/knitting', kind: 'thread', title: ctx.title });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(created).not.toHaveProperty('words');
    expect(await getNote(db, ctx.url)).toEqual(created);

    await sleep(2);
    const updated = await saveNote(db, ctx, 'Eye of partridge heel.');
    expect(updated.id).toBe(created.id);
    expect(updated.createdAt).toBe(created.createdAt);
    expect(updated.updatedAt).toBeGreaterThan(created.updatedAt);
    expect((await getNote(db, ctx.url))?.body).toBe('Eye of partridge heel.');
    expect(await db.notes.count()).toBe(1);

    const deleted = await deleteNote(db, created.id);
    expect(deleted).toEqual(updated);
    expect(await getNote(db, ctx.url)).toBeNull();
    expect(await deleteNote(db, created.id)).toBeNull();

    await restoreNote(db, deleted!);
    expect(await getNote(db, ctx.url)).toEqual(updated);
  });

  it('saving the same text again writes nothing', async () => {
    const db = freshDb();
    const first = await saveNote(db, context(), 'same');
    await sleep(2);
    expect(await saveNote(db, context(), 'same')).toEqual(first);
  });

  it('an empty body deletes the note and answers it with an empty body', async () => {
    const db = freshDb();
    const ctx = context();
    const note = await saveNote(db, ctx, 'something');
    const emptied = await saveNote(db, ctx, '  \n ');
    expect(emptied).toMatchObject({ id: note.id, url: ctx.url, body: '' });
    expect(await getNote(db, ctx.url)).toBeNull();
    expect(await db.notes.count()).toBe(0);
    // No note yet and an empty body: nothing stored either.
    expect((await saveNote(db, context({ url: 'https://www.reddit.com/r/x/' }), '')).body).toBe('');
    expect(await db.notes.count()).toBe(0);
  });

  it('refuses a body over 1 MB in UTF-8 and changes nothing', async () => {
    const db = freshDb();
    const ctx = context();
    const before = await saveNote(db, ctx, 'keep me');
    // 'é' is two bytes in UTF-8: this is 1,000,002 bytes in 500,001 characters.
    const tooBig = 'é'.repeat(MAX_NOTE_BYTES / 2 + 1);
    const error = await saveNote(db, ctx, tooBig).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'note_too_large', params: { max: MAX_NOTE_BYTES } });
    expect(await getNote(db, ctx.url)).toEqual(before);
    await expect(saveNote(db, context({ url: 'https://www.reddit.com/r/y/' }), tooBig)).rejects.toThrow(UserError);
    expect(await db.notes.count()).toBe(1);

    // Exactly the limit is fine.
    const atLimit = 'a'.repeat(MAX_NOTE_BYTES);
    expect((await saveNote(db, ctx, atLimit)).body.length).toBe(MAX_NOTE_BYTES);
  });

  it('restoring replaces a note written for the same page meanwhile', async () => {
    const db = freshDb();
    const ctx = context();
    const note = await saveNote(db, ctx, 'original');
    await deleteNote(db, note.id);
    await saveNote(db, ctx, 'new one');
    await restoreNote(db, note);
    expect(await getNote(db, ctx.url)).toEqual(note);
    expect(await db.notes.count()).toBe(1);
  });

  it('lists newest first, per community, and counts communities', async () => {
    const db = freshDb();
    const urls = ['a', 'b', 'c', 'd'].map((p) => `https://www.reddit.com/r/knitting/comments/${p}/`);
    await saveNote(db, context({ url: urls[0] }), 'one');
    await sleep(2);
    await saveNote(db, context({ url: urls[1], community: 'r/crochet' }), 'two');
    await sleep(2);
    await saveNote(db, context({ url: urls[2] }), 'three');
    await sleep(2);
    await saveNote(db, context({ url: 'https://www.patreon.com/posts/1', site: 'patreon', community: 'Ada', kind: 'post' }), 'four');

    expect((await listNotes(db)).map((n) => n.body)).toEqual(['four', 'three', 'two', 'one']);
    expect((await listNotes(db, { limit: 2 })).map((n) => n.body)).toEqual(['four', 'three']);
    expect((await listNotes(db, { community: 'r/knitting' })).map((n) => n.body)).toEqual(['three', 'one']);
    expect((await listNotes(db, { community: 'r/knitting', limit: 1 })).map((n) => n.body)).toEqual(['three']);
    expect(await listNotes(db, { community: 'r/none' })).toEqual([]);
    expect((await listNotes(db))[0]).not.toHaveProperty('words');

    expect(await communities(db)).toEqual([
      { community: 'Ada', site: 'patreon', count: 1 },
      { community: 'r/crochet', site: 'reddit', count: 1 },
      { community: 'r/knitting', site: 'reddit', count: 2 },
    ]);
  });
});
