import { Dexie } from 'dexie';
import { UserError } from '../protocol/errors';
import type { PageContext } from '../sites/types';
import { type NookDB, searchKey, searchRow, toNote } from './db';
import { checkNoteRecord, describeFault } from './note-schema';
import { MAX_NOTE_BYTES, type Note } from '../types/local';
import { exceedsUtf8 } from './validate';

const tooLarge = (): UserError =>
  new UserError('note_too_large', `A note can hold at most ${MAX_NOTE_BYTES} bytes (UTF-8).`, {
    max: MAX_NOTE_BYTES,
  });

/**
 * Writes notes and their search rows (call inside a transaction on `notes` and `search`). A
 * note's search row is keyed by its time, so a note written again drops its old row: pass the
 * notes as they were stored (`replaced`) when there were any.
 */
export async function putNotes(db: NookDB, notes: Note[], replaced: Note[] = []): Promise<void> {
  if (replaced.length > 0) await db.search.bulkDelete(replaced.map(searchKey));
  if (notes.length === 0) return;
  await db.notes.bulkPut(notes);
  await db.search.bulkPut(notes.map(searchRow));
}

/** Deletes notes and their search rows (inside a transaction on `notes` and `search`). */
export async function removeNotes(db: NookDB, notes: Note[]): Promise<void> {
  if (notes.length === 0) return;
  await db.notes.bulkDelete(notes.map((n) => n.id));
  await db.search.bulkDelete(notes.map(searchKey));
}

/** The note for a page (by canonical URL), or null. */
export async function getNote(db: NookDB, url: string): Promise<Note | null> {
  const row = await db.notes.where('url').equals(url).first();
  return row ? toNote(row) : null;
}

/**
 * Saves the note for the context's page (one note per canonical URL), creating it on first save.
 *
 * - A body over MAX_NOTE_BYTES is refused (`note_too_large`) and nothing changes.
 * - An empty (or whitespace-only) body deletes the page's note: the row is removed and the
 *   returned note has `body: ''` (with the old id when there was a note, a fresh id otherwise).
 *   Nothing is stored for it, so `getNote` then answers null.
 * - Saving the same body and title again writes nothing and returns the stored note.
 */
export async function saveNote(db: NookDB, context: PageContext, body: string): Promise<Note> {
  if (typeof body !== 'string') throw new TypeError('body must be a string');
  if (exceedsUtf8(body, MAX_NOTE_BYTES)) throw tooLarge();
  return db.transaction('rw', db.notes, db.search, async () => {
    const existing = await db.notes.where('url').equals(context.url).first();
    const now = Date.now();
    const note: Note = {
      id: existing?.id ?? crypto.randomUUID(),
      url: context.url,
      site: context.site,
      community: context.community,
      kind: context.kind,
      title: context.title || existing?.title || '',
      body,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    if (body.trim() === '') {
      if (existing) await removeNotes(db, [existing]);
      return { ...note, body: '' };
    }
    if (
      existing &&
      existing.body === body &&
      existing.title === note.title &&
      existing.community === note.community &&
      existing.site === note.site &&
      existing.kind === note.kind
    ) {
      return toNote(existing);
    }
    await putNotes(db, [note], existing ? [existing] : []);
    return note;
  });
}

/** Deletes a note; returns it (for undo through `restoreNote`), or null when there was none. */
export async function deleteNote(db: NookDB, id: string): Promise<Note | null> {
  return db.transaction('rw', db.notes, db.search, async () => {
    const row = await db.notes.get(id);
    if (!row) return null;
    await removeNotes(db, [row]);
    return toNote(row);
  });
}

/**
 * Puts a deleted note back as it was (undo). If a note was written for the same page in the
 * meantime, the restored note replaces it.
 */
export async function restoreNote(db: NookDB, note: Note): Promise<void> {
  const checked = checkNoteRecord(note);
  if ('fault' in checked) {
    if (checked.fault.problem === 'too_large' && checked.fault.field === 'body') throw tooLarge();
    throw new TypeError(`Cannot restore note: ${describeFault(checked.fault)}`);
  }
  const restored = checked.note;
  await db.transaction('rw', db.notes, db.search, async () => {
    const [same, samePage] = await Promise.all([
      db.notes.get(restored.id),
      db.notes.where('url').equals(restored.url).toArray(),
    ]);
    await removeNotes(db, samePage.filter((n) => n.id !== restored.id));
    await putNotes(db, [restored], same ? [same] : []);
  });
}

/**
 * Notes newest first, all of them or one community's. `limit` caps the answer (default: no
 * cap, so a view listing everything should pass one).
 */
export async function listNotes(
  db: NookDB,
  { community, limit }: { community?: string; limit?: number } = {},
): Promise<Note[]> {
  const max = limit === undefined ? Infinity : Math.max(0, Math.floor(limit));
  const query =
    community === undefined
      ? db.notes.orderBy('updatedAt').reverse()
      : db.notes
          .where('[community+updatedAt]')
          .between([community, Dexie.minKey], [community, Dexie.maxKey])
          .reverse();
  const rows = await (max === Infinity ? query : query.limit(max)).toArray();
  return rows.map(toNote);
}

export interface CommunityCount {
  community: string;
  site: string;
  count: number;
}

/** The communities that have notes, with how many each; sorted by name. */
export async function communities(db: NookDB): Promise<CommunityCount[]> {
  const keys = (await db.notes.orderBy('[site+community]').keys()) as unknown as [string, string][];
  const counts = new Map<string, CommunityCount>();
  for (const [site, community] of keys) {
    const id = `${site}\u0000${community}`;
    const entry = counts.get(id);
    if (entry) entry.count++;
    else counts.set(id, { community, site, count: 1 });
  }
  return [...counts.values()].sort(
    (a, b) => a.community.localeCompare(b.community, undefined, { sensitivity: 'base' }) || a.site.localeCompare(b.site),
  );
}
