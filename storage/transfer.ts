import { UserError } from '../protocol/errors';
import { type NookDB, toNote } from './db';
import { checkNoteRecord, describeFault } from './note-schema';
import { putNotes, removeNotes } from './notes';
import type { ImportResult, Note } from '../types/local';

export const EXPORT_FORMAT = 'nook-notes';
export const EXPORT_VERSION = 1;

/** The JSON export file. */
export interface NotesFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO 8601 time of the export. */
  exportedAt: string;
  notes: Note[];
}

const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Markdown: a section per community, in it a section per page (title, address, note). */
function toMarkdown(notes: Note[], exportedAt: string): string {
  const communities = new Map<string, Note[]>();
  for (const note of notes) {
    const key = `${note.community}\u0000${note.site}`;
    communities.set(key, [...(communities.get(key) ?? []), note]);
  }
  const out = [`# Nook notes`, '', `Exported ${exportedAt}: ${notes.length} ${notes.length === 1 ? 'note' : 'notes'}.`];
  const keys = [...communities.keys()].sort(byName);
  for (const key of keys) {
    const [community, site] = key.split('\u0000') as [string, string];
    out.push('', `## ${oneLine(community) || site} (${site})`);
    const pages = communities.get(key)!.sort((a, b) => byName(a.title || a.url, b.title || b.url));
    for (const note of pages) {
      out.push('', `### ${oneLine(note.title) || note.url}`, '', `<${note.url}>`, '', note.body.trimEnd());
    }
  }
  return out.join('\n') + '\n';
}

/** Every note, as a JSON file to import again (`json`) or as a document to read (`markdown`). */
export async function exportNotes(db: NookDB, format: 'json' | 'markdown'): Promise<string> {
  const notes = (await db.notes.orderBy('updatedAt').reverse().toArray()).map(toNote);
  const exportedAt = new Date().toISOString();
  if (format === 'markdown') return toMarkdown(notes, exportedAt);
  const file: NotesFile = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, notes };
  return JSON.stringify(file, null, 2);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const wrongFormat = (): UserError =>
  new UserError('import_wrong_format', 'This file is not a Nook notes export.');

/** Parses and checks a whole export file; throws on the first fault, before anything is written. */
export function parseNotesFile(text: string): Note[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError('import_not_json', 'This file is not JSON, so it is not a Nook notes export.');
  }
  if (!isObject(data) || data.format !== EXPORT_FORMAT) throw wrongFormat();
  if (data.version !== EXPORT_VERSION) {
    throw new UserError(
      'import_unsupported_version',
      `This file has format version ${String(data.version)}; this Nook reads version ${EXPORT_VERSION}.`,
      { version: String(data.version), supported: EXPORT_VERSION },
    );
  }
  if (!Array.isArray(data.notes)) throw wrongFormat();

  const notes: Note[] = [];
  const ids = new Set<string>();
  const urls = new Set<string>();
  data.notes.forEach((input: unknown, index: number) => {
    const record = index + 1;
    const checked = checkNoteRecord(input);
    let fault = 'fault' in checked ? checked.fault : null;
    if (!fault && 'note' in checked) {
      if (ids.has(checked.note.id)) fault = { field: 'id', problem: 'duplicate' };
      else if (urls.has(checked.note.url)) fault = { field: 'url', problem: 'duplicate' };
      else {
        ids.add(checked.note.id);
        urls.add(checked.note.url);
        notes.push(checked.note);
      }
    }
    if (fault) {
      throw new UserError('import_invalid', `Note ${record}: ${describeFault(fault)}. Nothing was imported.`, {
        record,
        field: fault.field,
        problem: fault.problem,
      });
    }
  });
  return notes;
}

/**
 * Imports an export file. Every record is checked before anything is written; then, in one
 * transaction, each note is matched to a local one by id or page URL:
 * - none: added;
 * - the file's copy is newer (`updatedAt`): it replaces the local one (updated);
 * - otherwise (same, or the local one is newer): left as it is (unchanged).
 * Importing the same file twice changes nothing the second time.
 */
export async function importNotes(db: NookDB, text: string): Promise<ImportResult> {
  const notes = parseNotesFile(text);
  return db.transaction('rw', db.notes, db.search, async () => {
    const byId = await db.notes.bulkGet(notes.map((n) => n.id));
    const byUrl = new Map(
      (await db.notes.where('url').anyOf(notes.map((n) => n.url)).toArray()).map((row) => [row.url, row]),
    );
    const result: ImportResult = { added: 0, updated: 0, unchanged: 0 };
    const puts: Note[] = [];
    const replaced: Note[] = [];
    const deletes: Note[] = [];
    notes.forEach((note, i) => {
      const sameId = byId[i];
      const samePage = byUrl.get(note.url);
      const local = [sameId, samePage?.id === sameId?.id ? undefined : samePage].filter(
        (r): r is Note => r !== undefined,
      );
      if (local.length === 0) {
        result.added++;
        puts.push(note);
        return;
      }
      if (local.some((row) => row.updatedAt >= note.updatedAt)) {
        result.unchanged++;
        return;
      }
      result.updated++;
      for (const row of local) (row.id === note.id ? replaced : deletes).push(row);
      const createdAt = Math.min(note.createdAt, ...local.map((row) => row.createdAt));
      puts.push({ ...note, createdAt });
    });
    await removeNotes(db, deletes);
    await putNotes(db, puts, replaced);
    return result;
  });
}
