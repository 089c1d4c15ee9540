import type { NookDB, NoteRow } from './db';
import { toNote } from './db';
import { excerpt } from './excerpt';
import { type QueryTerm, queryTerms } from './tokenize';
import type { NoteHit } from './types';

/**
 * How the search stays fast over 100,000 notes. Reading a note costs far more than reading
 * a key, and one bulk read of keys in index order (`getAll`) far less than many single reads,
 * so the plan is chosen from index counts (no rows read) and reads as few notes as it can:
 *
 * 1. Count each query term in the `words` index.
 * 2. Rarest term found at most `fetchLimit` times (about the square root of the number of
 *    notes): read those notes, keep the ones matching every term, newest first.
 * 3. Rarest term found at most `keyLimit` times: take the ids of the notes holding it
 *    (keys only), intersected with the next rarest terms' ids while the keys read stay within
 *    `keyBudget`. Few candidates: as in 2. Many: walk ids newest first on the `updatedAt`
 *    index (keys only) and read just the candidates met, until `limit` notes matched.
 * 4. Every term very common: matching notes are dense, so walk notes newest first, a growing
 *    page at a time, until `limit` matched.
 */
export interface SearchTuning {
  keyLimit: number;
  keyBudget: number;
  /** Override of the computed fetch limit (tests). */
  fetchLimit?: number;
  /** First page of a newest-first walk; each next one is four times larger. */
  firstPage: number;
}

export const SEARCH_TUNING: SearchTuning = { keyLimit: 10_000, keyBudget: 20_000, firstPage: 64 };

const matchesAll = (row: NoteRow, terms: QueryTerm[]): boolean =>
  terms.every((t) => row.words.some((w) => w.startsWith(t.text)));

/** Newest first; ties as the `updatedAt` index walked backwards gives them. */
const newestFirst = (a: NoteRow, b: NoteRow): number => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1);

async function readAndRank(db: NookDB, ids: Iterable<string>, terms: QueryTerm[], max: number): Promise<NoteRow[]> {
  const rows = await db.notes.bulkGet([...new Set(ids)]);
  return rows
    .filter((row): row is NoteRow => row !== undefined && matchesAll(row, terms))
    .sort(newestFirst)
    .slice(0, max);
}

/** Newest first over the ids in `candidates`, reading only those, until `max` match. */
async function walkIds(
  db: NookDB,
  candidates: Set<string>,
  total: number,
  terms: QueryTerm[],
  max: number,
): Promise<NoteRow[]> {
  const out: NoteRow[] = [];
  const checked = new Set<string>();
  // Enough ids to meet `max` candidates if they are spread evenly, with some to spare.
  let size = Math.ceil(((max * total) / candidates.size) * 1.5) + max;
  for (;;) {
    const ids = (await db.notes.orderBy('updatedAt').reverse().limit(size).primaryKeys()) as string[];
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
    size *= 4;
  }
}

/** Newest first over all notes, a growing page at a time, until `max` match. */
async function walkNotes(db: NookDB, terms: QueryTerm[], max: number, firstPage: number): Promise<NoteRow[]> {
  const out: NoteRow[] = [];
  const seen = new Set<string>();
  let size = Math.max(firstPage, max);
  let from: number | null = null;
  for (;;) {
    const page: NoteRow[] = await (from === null
      ? db.notes.orderBy('updatedAt')
      : db.notes.where('updatedAt').belowOrEqual(from)
    )
      .reverse()
      .limit(size)
      .toArray();
    let fresh = 0;
    for (const row of page) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      fresh++;
      if (matchesAll(row, terms)) out.push(row);
      if (out.length >= max) return out;
    }
    if (page.length < size) return out;
    // The next page starts at the last time seen (ties are skipped as seen); a page of
    // nothing but ties of one time grows until it gets past them.
    from = page[page.length - 1]!.updatedAt;
    size = fresh === 0 ? size * 4 : Math.min(size * 4, 4096);
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
    const [total, ...counts] = await Promise.all([
      db.notes.count(),
      ...terms.map((t) => words.startsWith(t.text).count()),
    ]);
    if (counts.some((n) => n === 0)) return [];
    const byRarity = terms.map((t, i) => ({ t, n: counts[i]! })).sort((a, b) => a.n - b.n);
    const rarest = byRarity[0]!;
    const fetchLimit = tuning.fetchLimit ?? Math.max(200, Math.round(Math.sqrt(total)));

    if (rarest.n <= fetchLimit) {
      return readAndRank(db, (await words.startsWith(rarest.t.text).primaryKeys()) as string[], terms, max);
    }
    if (rarest.n > tuning.keyLimit) return walkNotes(db, terms, max, tuning.firstPage);

    let candidates = new Set((await words.startsWith(rarest.t.text).primaryKeys()) as string[]);
    let budget = tuning.keyBudget - rarest.n;
    for (const { t, n } of byRarity.slice(1)) {
      if (candidates.size <= fetchLimit || n > budget) break;
      budget -= n;
      const next = new Set<string>();
      for (const id of (await words.startsWith(t.text).primaryKeys()) as string[]) {
        if (candidates.has(id)) next.add(id);
      }
      candidates = next;
    }
    if (candidates.size === 0) return [];
    if (candidates.size <= fetchLimit) return readAndRank(db, candidates, terms, max);
    return walkIds(db, candidates, total, terms, max);
  });

  return rows.map((row) => ({ note: toNote(row), excerpt: excerpt(row.body, terms) }));
}
