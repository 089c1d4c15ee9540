import type { NookDB, NoteRow } from './db';
import { toNote } from './db';
import { excerpt } from './excerpt';
import { type QueryTerm, queryTerms } from './tokenize';
import type { NoteHit } from './types';

/**
 * How the search stays fast over 100,000 notes. Notes are far dearer to read than keys, so
 * the plan reads keys first and notes only where they can be answers; and every step reads a
 * bounded number of entries where it can (no `count()`: on a disk-backed IndexedDB it walks
 * the whole range):
 *
 * 1. Probe each query term in the `words` index for at most `probe` + 1 note ids (keys only).
 * 2. Some terms are rare (at most `probe` ids): the candidates are the notes holding all of
 *    them.
 * 3. Every term is common, so matching notes are usually dense: walk notes newest first, a
 *    growing page at a time, reading at most `walkBudget`, until `limit` matched. If the walk
 *    runs out (common terms that seldom meet), the candidates are the remaining notes holding
 *    the term the walk met least (and the next one, when that leaves more than `fetchLimit`
 *    and the walk met it in at most a quarter of the notes).
 * 4. At most `fetchLimit` candidates: read them, keep those matching every term, newest first.
 *    More: walk ids newest first on the `updatedAt` index (keys only, growing pages up to
 *    `keyWalkLimit`) and read just the candidates met, until `limit` matched; candidates older
 *    than the walk reached are read last.
 */
export interface SearchTuning {
  probe: number;
  fetchLimit: number;
  walkBudget: number;
  keyWalkLimit: number;
  /** First page of a walk; each next one is four times larger. */
  firstPage: number;
}

export const SEARCH_TUNING: SearchTuning = {
  probe: 2_000,
  fetchLimit: 200,
  walkBudget: 256,
  keyWalkLimit: 16_384,
  firstPage: 64,
};

const holds = (row: NoteRow, term: QueryTerm): boolean => row.words.some((w) => w.startsWith(term.text));
const matchesAll = (row: NoteRow, terms: QueryTerm[]): boolean => terms.every((t) => holds(row, t));

/** Newest first; ties as the `updatedAt` index walked backwards gives them. */
const newestFirst = (a: NoteRow, b: NoteRow): number => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1);

const intersect = (a: Set<string>, b: Iterable<string>): Set<string> => {
  const out = new Set<string>();
  for (const id of b) if (a.has(id)) out.add(id);
  return out;
};

async function readAndRank(db: NookDB, ids: Iterable<string>, terms: QueryTerm[], max: number): Promise<NoteRow[]> {
  const rows = await db.notes.bulkGet([...new Set(ids)]);
  return rows
    .filter((row): row is NoteRow => row !== undefined && matchesAll(row, terms))
    .sort(newestFirst)
    .slice(0, max);
}

interface Walk {
  found: NoteRow[];
  /** Ids of the notes read: the newest ones, every note newer than the last read among them. */
  seen: Set<string>;
  /** Per term, how many of the notes read hold it. */
  hits: number[];
  /** The walk read every note. */
  complete: boolean;
  /** The time of the last note read (the walk goes on from there). */
  from: number | null;
}

/** Newest first over all notes, a growing page at a time, until `max` match or `budget` notes were read. */
async function walkNotes(db: NookDB, terms: QueryTerm[], max: number, tuning: SearchTuning): Promise<Walk> {
  const walk: Walk = { found: [], seen: new Set(), hits: terms.map(() => 0), complete: false, from: null };
  let read = 0;
  let size = Math.max(1, tuning.firstPage);
  while (read < tuning.walkBudget) {
    size = Math.min(size, tuning.walkBudget - read);
    const page: NoteRow[] = await (walk.from === null
      ? db.notes.orderBy('updatedAt')
      : db.notes.where('updatedAt').belowOrEqual(walk.from)
    )
      .reverse()
      .limit(size)
      .toArray();
    read += page.length;
    for (const row of page) {
      if (walk.seen.has(row.id)) continue; // a tie with the previous page's last time
      walk.seen.add(row.id);
      let all = true;
      terms.forEach((t, i) => {
        if (holds(row, t)) walk.hits[i]!++;
        else all = false;
      });
      if (all) walk.found.push(row);
      if (walk.found.length >= max) return walk;
    }
    if (page.length < size) {
      walk.complete = true;
      return walk;
    }
    walk.from = page[page.length - 1]!.updatedAt;
    size *= 4;
  }
  return walk;
}

/**
 * Newest first over the ids in `candidates` (keys of the `updatedAt` index, from time `from`
 * down), reading just those, until `max` match. Pages grow from the top again (keys are cheap
 * next to notes) up to `keyWalkLimit`; the candidates not met by then are read and ranked.
 */
async function walkIds(
  db: NookDB,
  candidates: Set<string>,
  terms: QueryTerm[],
  max: number,
  from: number | null,
  tuning: SearchTuning,
): Promise<NoteRow[]> {
  const out: NoteRow[] = [];
  const checked = new Set<string>();
  for (let size = Math.max(1, tuning.firstPage) * 16; ; size *= 4) {
    const range = from === null ? db.notes.orderBy('updatedAt') : db.notes.where('updatedAt').belowOrEqual(from);
    const ids = (await range.reverse().limit(size).primaryKeys()) as string[];
    const met = ids.filter((id) => candidates.has(id) && !checked.has(id));
    for (let i = 0; i < met.length && out.length < max; ) {
      const batch = met.slice(i, i + Math.max(8, 2 * (max - out.length)));
      i += batch.length;
      for (const id of batch) checked.add(id);
      for (const row of await db.notes.bulkGet(batch)) {
        if (row && matchesAll(row, terms) && out.length < max) out.push(row);
      }
    }
    if (out.length >= max || ids.length < size) return out;
    if (size >= tuning.keyWalkLimit) {
      // Every candidate the walk met was read; the others are older.
      const older = [...candidates].filter((id) => !checked.has(id));
      return [...out, ...(await readAndRank(db, older, terms, max - out.length))];
    }
  }
}

/**
 * Notes where every query word starts some word of the title or body (accents and case
 * ignored; Chinese/Japanese matched by characters), newest first, each with an excerpt
 * around its first match.
 */
export async function searchNotes(
  db: NookDB,
  query: string,
  limit = 20,
  tuning: SearchTuning = SEARCH_TUNING,
): Promise<NoteHit[]> {
  const terms = queryTerms(query);
  const max = Math.max(0, Math.floor(limit));
  if (terms.length === 0 || max === 0) return [];

  const rows = await db.transaction('r', db.notes, async (): Promise<NoteRow[]> => {
    const words = db.notes.where('words');
    const idsOf = async (t: QueryTerm, cap?: number): Promise<string[]> => {
      const range = words.startsWith(t.text);
      return (await (cap === undefined ? range : range.limit(cap)).primaryKeys()) as string[];
    };

    const probes = await Promise.all(terms.map((t) => idsOf(t, tuning.probe + 1)));
    if (probes.some((ids) => ids.length === 0)) return [];
    const rare = probes.filter((ids) => ids.length <= tuning.probe).sort((a, b) => a.length - b.length);

    let found: NoteRow[] = [];
    let candidates: Set<string>;
    let from: number | null = null;
    if (rare.length > 0) {
      candidates = rare.slice(1).reduce(intersect, new Set(rare[0]));
    } else {
      const walk = await walkNotes(db, terms, max, tuning);
      if (walk.found.length >= max || walk.complete) return walk.found;
      // Every note the walk did not read is older than those it did: those rank after.
      found = walk.found;
      from = walk.from;
      const order = terms
        .map((t, i) => ({ t, hits: walk.hits[i]! }))
        .sort((a, b) => a.hits - b.hits || b.t.text.length - a.t.text.length);
      candidates = new Set(await idsOf(order[0]!.t));
      const second = order[1];
      // The next term's ids are worth reading when it cuts the candidates (the walk met it seldom).
      if (candidates.size > tuning.fetchLimit && second && second.hits <= walk.seen.size / 4) {
        candidates = intersect(candidates, await idsOf(second.t));
      }
      for (const id of walk.seen) candidates.delete(id);
    }
    const need = max - found.length;
    const rest =
      candidates.size <= tuning.fetchLimit
        ? await readAndRank(db, candidates, terms, need)
        : await walkIds(db, candidates, terms, need, from, tuning);
    return [...found, ...rest];
  });

  return rows.map((row) => ({ note: toNote(row), excerpt: excerpt(row.body, terms) }));
}
