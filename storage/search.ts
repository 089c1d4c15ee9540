import type { NookDB, SearchKey, SearchRow } from './db';
import { searchKey, toNote } from './db';
import { excerpt } from './excerpt';
import {
  AUTHOR_CODE_AT,
  authorTerm,
  drainSoon,
  filterCode,
  GROUP_CODE_AT,
  groupTerm,
  isMessageId,
  messageHits,
  messageIdOf,
  messageKey,
  pageTerm,
} from './message-index';
import { PREFIX_LENGTHS, type QueryTerm, queryTerms } from './tokenize';
import type { SearchHit, SearchOptions } from '../types/search';

/**
 * How the search stays fast over 100,000 notes. Each note has a row in the `search` table
 * keyed `[rank+id]` (rank = -updatedAt) with its terms in the multi-entry `terms` index, so a
 * term's run of the index (its postings) lists notes newest first. Costs measured on a
 * disk-backed IndexedDB in Chromium, in index keys (about 8 µs each): a search row read in a
 * term's run of the index 5, a row read by its key 11, a request 75 (`keyCost`,
 * `indexRowCost`, `rowCost`, `requestCost`). There is no cheap `count()` (it walks the range),
 * and a read always starts at the newest key of its range (reading further means reading
 * again), so reads grow geometrically and their sizes are estimated.
 *
 * 1. Each query word stands for index terms: a word of 3 or 4 characters (or a Chinese or
 *    Japanese character or pair) is a term itself (tokenize.ts indexes prefixes of those
 *    lengths); a longer word stands for the terms it starts, found by hopping from term to
 *    term (a longer word starts few words; at most `expansions`, else its 4-character prefix
 *    finds candidates that its rows confirm). One- and two-letter words are checked on rows.
 *    A word that starts no term answers nothing.
 * 2. The first `probe` keys of each term, and the first `sample` keys of the table, tell how
 *    common each word is among the newest notes (counted over the same stretch of notes,
 *    never extrapolated over time). The word whose candidates cost least drives: its notes,
 *    newest first, are checked in batches sized by the rate of matches so far.
 * 3. A candidate's other words are known from their keys read so far, where those reach back
 *    to it; otherwise the search reads further keys of some of those words, or the
 *    candidates' rows (in order, until enough match), whichever is expected to cost less.
 *    When checking keys costs more than a row, the driver's rows are read in its run of the
 *    index instead of its keys, and answer for every word at once.
 * 4. A query of one- and two-letter words only reads rows newest first a while; if that
 *    finds too few, its words' terms after all (a rare prefix starts few of them).
 * 5. A group or author filter is known from every key read: a message's key carries codes of
 *    its group and author (storage/message-index.ts), a note's none. It never drives a query
 *    with words, and checking it costs nothing.
 * 6. Only the notes matched (at most `limit`) are read, for their excerpts.
 */
export interface SearchTuning {
  /** Keys first read from each term's postings. */
  probe: number;
  /** Keys first read from the table, newest first: how many notes the probes' stretch holds. */
  sample: number;
  /** Terms a query word may stand for (the words it starts) before it is checked on rows instead. */
  expansions: number;
  /** Candidates checked in the first batch (at most; each next batch may be 16 times as large). */
  batch: number;
  /** What one index key costs to read. */
  keyCost: number;
  /** What one search row costs, read in a run of the index (a term's notes, rows and all). */
  indexRowCost: number;
  /** What one search row costs, read by its key. */
  rowCost: number;
  /** What one more request costs. */
  requestCost: number;
}

export const SEARCH_TUNING: SearchTuning = {
  probe: 32,
  sample: 128,
  expansions: 16,
  batch: 100,
  keyCost: 1,
  indexRowCost: 5,
  rowCost: 11,
  requestCost: 75,
};

/** Tokens hold letters, digits and marks only: below every other character, and above. */
const NEXT = '\u0000';
const END = '\uffff';

const cmp = (a: SearchKey, b: SearchKey): number => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/** Up to where a run of keys is known: every key up to it has been read ('all': every key; null: none). */
type Reach = SearchKey | 'all' | null;

const before = (a: Reach, b: Reach): boolean =>
  a === null ? b !== null : a === 'all' ? false : b === 'all' ? true : b === null ? false : cmp(a, b) < 0;
const covers = (r: Reach, key: SearchKey): boolean => r === 'all' || (r !== null && cmp(key, r) <= 0);

/** Keys read newest first, from the index (one term's postings) or the table. */
interface Run {
  keys: SearchKey[];
  complete: boolean;
}

const reachOf = (run: Run): Reach => (run.complete ? 'all' : (run.keys[run.keys.length - 1] ?? null));

/** How many of the run's keys are at or before `r`. */
function countTo(keys: SearchKey[], r: Reach): number {
  if (r === 'all') return keys.length;
  if (r === null) return 0;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(keys[mid]!, r) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many keys `a` holds per key of `b`, counted over the stretch both have read. */
function rate(a: Run, b: Run): number {
  const ra = reachOf(a);
  const rb = reachOf(b);
  const r = before(ra, rb) ? ra : rb;
  return (countTo(a.keys, r) + 0.5) / (countTo(b.keys, r) + 0.5);
}

interface Posting extends Run {
  term: string;
}

interface Word {
  q: QueryTerm;
  /** A group or author filter: its code, and where it sits in a message's search id. */
  code?: { at: number; value: string };
  /** The terms whose postings hold the notes matching (exact), or some more (a prefix's). */
  postings: Posting[];
  /** The postings hold exactly the matching notes; else a match needs the row checked. */
  exact: boolean;
  /** Every note id read in the postings. */
  ids: Set<string>;
}

const rowHolds = (row: SearchRow, q: QueryTerm): boolean => row.terms.some((t) => t.startsWith(q.text));

function wordReach(word: Word): Reach {
  let min: Reach = 'all';
  for (const p of word.postings) {
    const r = reachOf(p);
    if (before(r, min)) min = r;
  }
  return min;
}

/** The word's notes known in order (up to its reach), newest first, each once. */
function wordRun(word: Word): Run {
  const reach = wordReach(word);
  if (word.postings.length === 1) return word.postings[0]!;
  const seen = new Set<string>();
  const keys: SearchKey[] = [];
  for (const p of word.postings) {
    for (const key of p.keys) {
      if (!covers(reach, key)) break;
      if (seen.has(key[1])) continue;
      seen.add(key[1]);
      keys.push(key);
    }
  }
  keys.sort(cmp);
  return { keys, complete: reach === 'all' };
}

/** What the keys read say of a note: true (holds the word), false (does not), null (unknown). */
function known(word: Word, key: SearchKey, reach: Reach): boolean | null {
  if (word.code) return isMessageId(key[1]) && key[1].startsWith(word.code.value, word.code.at);
  if (word.postings.length === 0) return null;
  if (word.ids.has(key[1])) return word.exact ? true : null;
  return covers(reach, key) ? false : null;
}

/** Reads the first `n` keys of a posting (again: a read starts at the newest), or its rows into `rows`. */
async function fetchPosting(db: NookDB, p: Posting, n: number, ids?: Set<string>, rows?: Map<string, SearchRow>): Promise<void> {
  const complete = p.complete;
  const asked = Math.max(1, Math.ceil(n));
  if ((complete || p.keys.length >= asked) && (!rows || p.keys.slice(0, asked).every((key) => rows.has(key[1])))) return;
  // Never fewer keys than known already (and all of them when there are no more).
  const want = Math.max(asked, p.keys.length + (complete ? 1 : 0));
  const range = db.search.where('terms').equals(p.term).limit(want);
  let keys: SearchKey[];
  if (rows) {
    const read = await range.toArray();
    for (const row of read) rows.set(row.id, row);
    keys = read.map((row) => [row.rank, row.id]);
  } else {
    keys = (await range.primaryKeys()) as SearchKey[];
  }
  p.keys = keys;
  p.complete = complete || keys.length < want;
  if (ids) for (const key of keys) ids.add(key[1]);
}

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * The index terms a query word stands for: those that it starts, up to the next prefix
 * length (a prefix stands for every longer term starting with it), found by hopping from
 * one to the next; each one's first keys are read as it is found. Null when there are more
 * than `cap`.
 */
async function expand(db: NookDB, q: QueryTerm, cap: number, probe: number): Promise<Word | null> {
  const word: Word = { q, postings: [], exact: true, ids: new Set() };
  const length = codePoints(q.text);
  const next = PREFIX_LENGTHS.filter((n) => n > length).reduce((a, b) => Math.min(a, b), Infinity);
  const range = (lower: string) => db.search.where('terms').between(lower, q.text + END, true, false);
  const reads: Promise<void>[] = [];
  const add = (term: string) => {
    const posting: Posting = { term, keys: [], complete: false };
    word.postings.push(posting);
    reads.push(fetchPosting(db, posting, probe, word.ids));
  };
  // The first and the last term in the range at once: the same one when the word starts one
  // term (as a rule, for a longer word), most often the word itself, whose keys are read
  // meanwhile.
  const own: Posting = { term: q.text, keys: [], complete: false };
  const ids = new Set<string>();
  const [[first], [last]] = (await Promise.all([
    range(q.text).limit(1).keys(),
    range(q.text).reverse().limit(1).keys(),
    fetchPosting(db, own, probe, ids),
  ])) as [string[], string[], void];
  if (first === undefined) return word;
  if (cap < 1) return null;
  if (first === q.text) {
    word.postings.push(own);
    for (const id of ids) word.ids.add(id);
  } else {
    add(first);
  }
  if (first === last) {
    await Promise.all(reads);
    return word;
  }
  let key = first;
  for (;;) {
    // Past the term itself; past every term it starts when it is a prefix standing for them.
    const [found] = (await range(key + (codePoints(key) >= next ? END : NEXT)).limit(1).keys()) as string[];
    if (found === undefined) break;
    if (word.postings.length >= cap) {
      void Promise.allSettled(reads);
      return null;
    }
    add(found);
    key = found;
  }
  await Promise.all(reads);
  return word;
}

/** The word's terms, their first `probe` keys read. */
async function planWord(db: NookDB, q: QueryTerm, tuning: SearchTuning, probe: number, expandShort: boolean): Promise<Word> {
  const single = async (term: string, exact: boolean): Promise<Word> => {
    const word: Word = { q, postings: [{ term, keys: [], complete: false }], exact, ids: new Set() };
    await fetchPosting(db, word.postings[0]!, probe, word.ids);
    return word;
  };
  const length = codePoints(q.text);
  if (!q.wordStart || PREFIX_LENGTHS.includes(length)) return single(q.text, true);
  const short = length < Math.min(...PREFIX_LENGTHS);
  const expanded = !short || expandShort ? await expand(db, q, tuning.expansions, probe) : null;
  if (expanded) return expanded;
  // Too many terms: the longest prefix that is a term finds candidates, their rows tell.
  const longest = PREFIX_LENGTHS.filter((n) => n < length).reduce((a, b) => Math.max(a, b), 0);
  if (longest > 0) return single(Array.from(q.text).slice(0, longest).join(''), false);
  return { q, postings: [], exact: false, ids: new Set() };
}

interface Scan {
  found: string[];
  /** The last row read (the next scan or drive goes on after it), or null when every row was read. */
  after: SearchKey | null;
}

/**
 * Reads search rows newest first after `from`, keeping those that hold every word, until `max`
 * match or `budget` rows were read (a word of a letter or two: about every other note).
 */
async function scan(db: NookDB, words: Word[], max: number, budget: number, from: SearchKey | null): Promise<Scan> {
  const found: string[] = [];
  let after = from;
  let read = 0;
  let size = Math.min(Math.max(Math.ceil(max * 2.4), 16), 1024, budget);
  for (;;) {
    const rows: SearchRow[] = await (after === null ? db.search.toCollection() : db.search.where(':id').above(after))
      .limit(size)
      .toArray();
    read += rows.length;
    for (const row of rows) {
      after = [row.rank, row.id];
      if (words.every((w) => rowHolds(row, w.q))) found.push(row.id);
      if (found.length >= max) return { found, after };
    }
    if (rows.length < size) return { found, after: null };
    if (read >= budget) return { found, after };
    size = Math.min(size * 2, 4096, budget - read);
  }
}

interface Plan {
  driver: Word;
  others: Word[];
  /** Per other word, the share of the driver's notes holding it (estimated). */
  share: Map<Word, number>;
  /** Read the driver's rows, not just its keys: the other words are checked on them. */
  byRows: boolean;
  /** Search rows read so far, by note id. */
  rows: Map<string, SearchRow>;
  tuning: SearchTuning;
}

/**
 * How many keys to read of a posting so that it reaches `target`: its keys per driver key
 * times the driver's keys up to there, with a margin (reading again costs as much: a read
 * starts at the newest key).
 */
function keysToReach(p: Posting, driver: Run, target: SearchKey): number {
  const gap = countTo(driver.keys, target) - countTo(driver.keys, reachOf(p));
  return p.keys.length + Math.ceil(rate(p, driver) * Math.max(gap, 1) * 1.25) + 8;
}

/** Reads further keys of the word's postings until they reach `target` (or end). */
async function extend(db: NookDB, plan: Plan, word: Word, target: SearchKey): Promise<void> {
  const driver = wordRun(plan.driver);
  for (;;) {
    const behind = word.postings.filter((p) => !covers(reachOf(p), target));
    if (behind.length === 0) return;
    await Promise.all(
      behind.map((p) => fetchPosting(db, p, Math.max(keysToReach(p, driver, target), p.keys.length * 1.5), word.ids)),
    );
  }
}

/** What reading the word's postings up to `target` is expected to cost. */
function extensionCost(plan: Plan, word: Word, target: SearchKey): number {
  const driver = wordRun(plan.driver);
  let cost = 0;
  for (const p of word.postings) {
    if (covers(reachOf(p), target)) continue;
    cost += keysToReach(p, driver, target) * plan.tuning.keyCost + plan.tuning.requestCost;
  }
  return cost;
}

/**
 * Whether each candidate holds every word, from keys read, further keys, or its row, in
 * order until `need` of them do (the answer covers the candidates checked).
 */
async function check(db: NookDB, plan: Plan, batch: SearchKey[], need: number): Promise<boolean[]> {
  const { tuning } = plan;
  const words = plan.driver.exact ? plan.others : [plan.driver, ...plan.others];
  const status = (): (boolean | null)[][] => {
    const reaches = words.map(wordReach);
    return batch.map((key) => words.map((w, j) => known(w, key, reaches[j]!)));
  };
  let table = status();
  // Rows read already (the driver's, read as rows) answer for their notes.
  batch.forEach((key, i) => {
    const row = plan.rows.get(key[1]);
    if (row) table[i] = table[i]!.map((s, j) => s ?? rowHolds(row, words[j]!.q));
  });
  const open = table.filter((row) => !row.includes(false) && row.includes(null));
  // Words known by keys: reading further keys may cost less than rows. Try every choice of
  // them (a query has few words; the first 6 at most).
  const keyed = words
    .flatMap((w, j) => (w.exact && w.postings.length > 0 && open.some((row) => row[j] === null) ? [j] : []))
    .slice(0, 6);
  if (keyed.length > 0) {
    const targets = keyed.map((j) => batch.filter((_, i) => table[i]![j] === null).pop()!);
    const costs = keyed.map((j, k) => extensionCost(plan, words[j]!, targets[k]!));
    let best = { mask: 0, cost: Infinity };
    for (let mask = 0; mask < 1 << keyed.length; mask++) {
      let cost = 0;
      let rows = 0;
      keyed.forEach((_, k) => {
        if (mask & (1 << k)) cost += costs[k]!;
      });
      for (const row of open) {
        // Extended words resolve; the row is read unless they all did, and only if the note passed them.
        let survives = 1;
        let rest = false;
        row.forEach((s, j) => {
          if (s !== null) return;
          const k = keyed.indexOf(j);
          if (k >= 0 && mask & (1 << k)) survives *= plan.share.get(words[j]!) ?? 1;
          else rest = true;
        });
        if (rest) rows += survives;
      }
      cost += rows * tuning.rowCost + (rows > 0 ? tuning.requestCost : 0);
      if (cost < best.cost) best = { mask, cost };
    }
    if (best.mask !== 0) {
      await Promise.all(keyed.map((j, k) => (best.mask & (1 << k) ? extend(db, plan, words[j]!, targets[k]!) : undefined)));
      const again = status();
      table = table.map((row, i) => row.map((s, j) => s ?? again[i]![j]!));
    }
  }

  // The rows still needed are read in order, a chunk at a time (as many as should bring the
  // matches needed), until `need` candidates matched; the answer covers the candidates checked.
  const outcome: boolean[] = [];
  const holds = (i: number) =>
    table[i]!.every((s, j) => {
      if (s !== null) return s;
      const row = plan.rows.get(batch[i]![1]);
      return row !== undefined && rowHolds(row, words[j]!.q);
    });
  let matched = 0;
  let read = 0;
  let passed = 0;
  while (outcome.length < batch.length && matched < need) {
    const rowRate = (passed + 1) / (read + 2);
    const chunk: SearchKey[] = [];
    const inChunk = new Set<number>();
    let expected = matched;
    let end = outcome.length;
    for (; end < batch.length && (expected < need || chunk.length < 8); end++) {
      const row = table[end]!;
      if (row.includes(false)) continue;
      if (!row.includes(null) || plan.rows.has(batch[end]![1])) expected++;
      else {
        chunk.push(batch[end]!);
        inChunk.add(end);
        expected += rowRate;
      }
    }
    if (chunk.length > 0) {
      for (const row of await db.search.bulkGet(chunk)) if (row) plan.rows.set(row.id, row);
    }
    for (let i = outcome.length; i < end && matched < need; i++) {
      const ok = holds(i);
      outcome.push(ok);
      if (ok) matched++;
      if (inChunk.has(i)) {
        read++;
        if (ok) passed++;
      }
    }
  }
  return outcome;
}

/** The driver's notes newest first (after `from`), each checked for the other words, until `max` match. */
async function drive(db: NookDB, plan: Plan, max: number, from: SearchKey | null): Promise<string[]> {
  const { driver, tuning } = plan;
  const prior = plan.others.reduce((r, w) => r * (plan.share.get(w) ?? 1), 1);
  const found: string[] = [];
  let done = 0;
  let tried = 0;
  let passed = 0;
  // Rows cost more to read again than keys: the first batch of rows may be larger.
  let cap = Math.max(tuning.batch * (plan.byRows ? 4 : 1), 1);
  const checked = plan.others.length > 0 || !driver.exact;
  while (found.length < max) {
    // Matches per candidate: what the batches so far say, weighed with the estimate.
    const hitRate = checked ? (passed + 4 * prior) / (tried + 4) : 1;
    const left = max - found.length;
    const size = checked ? Math.min(Math.max(Math.ceil((left / Math.max(hitRate, 1e-4)) * 1.1), 8), cap) : left;
    cap *= 16;
    let run = wordRun(driver);
    // Candidates up to `from` were checked already (rows read in order).
    if (from !== null) done = Math.max(done, countTo(run.keys, from));
    const short = done + size > run.keys.length && !run.complete;
    const rowless = plan.byRows && run.keys.slice(done, done + size).some((key) => !plan.rows.has(key[1]));
    if (short || rowless) {
      const need = Math.max(done + size - run.keys.length, 0);
      await Promise.all(
        driver.postings.map((p) => {
          // What the batch needs (of several postings, each its share), with a margin. Each
          // read starts again at the newest, so at least half as many again as before.
          const share = driver.postings.length === 1 ? 1 : Math.min(1, rate(p, run) * 1.25);
          const more = need * share * 1.1 + 8;
          const n = short ? Math.max(p.keys.length + more, p.keys.length * 1.5) : p.keys.length;
          return fetchPosting(db, p, n, driver.ids, plan.byRows ? plan.rows : undefined);
        }),
      );
      run = wordRun(driver);
      if (from !== null) done = Math.max(done, countTo(run.keys, from));
    }
    const batch = run.keys.slice(done, done + size);
    if (batch.length === 0) break;
    const outcome = await check(db, plan, batch, left);
    done += outcome.length;
    tried += outcome.length;
    outcome.forEach((ok, i) => {
      if (!ok) return;
      passed++;
      if (found.length < max) found.push(batch[i]![1]);
    });
  }
  return found;
}

/**
 * What checking one of the driver's candidates is expected to cost: for some of the other
 * words, their keys (as many per candidate as the word is more common than the driver), and
 * for the rest, the candidate's row if it got past those (words read to the end cost nothing).
 */
function checkCost(driver: Word, others: Word[], share: Map<Word, number>, tuning: SearchTuning): number {
  const run = wordRun(driver);
  const keyed: { keys: number; share: number }[] = [];
  let rowsNeeded = false;
  for (const w of others) {
    if (w.code) continue;
    const r = wordRun(w);
    if (w.exact && w.postings.length > 0) {
      // Read again from the newest as the driver goes deeper, and with a margin: half as many again.
      if (!r.complete) keyed.push({ keys: rate(r, run) * tuning.keyCost * 1.2, share: share.get(w) ?? 1 });
    } else {
      rowsNeeded = true;
    }
  }
  let best = Infinity;
  const n = Math.min(keyed.length, 6);
  for (let mask = 0; mask < 1 << n; mask++) {
    let cost = 0;
    let survive = 1;
    let rest = rowsNeeded || keyed.length > n;
    keyed.slice(0, n).forEach((k, i) => {
      if (mask & (1 << i)) {
        cost += k.keys;
        survive *= k.share;
      } else {
        rest = true;
      }
    });
    best = Math.min(best, cost + (rest ? tuning.rowCost * survive : 0));
  }
  return best;
}

/** A query term, and the code of a group or author filter. */
interface Wanted {
  q: QueryTerm;
  code?: Word['code'];
}

/** Ids of the matching notes, newest first, at most `max`. */
async function matchIds(db: NookDB, wanted: Wanted[], max: number, tuning: SearchTuning): Promise<string[]> {
  const terms = wanted.map((w) => w.q);
  const probe = terms.length === 1 ? Math.max(max, tuning.probe) : tuning.probe;
  const sampling = db.search.toCollection().limit(tuning.sample).primaryKeys() as Promise<SearchKey[]>;
  const coded = (words: Word[]) => words.map((w, i) => (wanted[i]!.code ? { ...w, code: wanted[i]!.code } : w));
  let words = coded(await Promise.all(terms.map((q) => planWord(db, q, tuning, probe, false))));
  const sample: Run = { keys: await sampling, complete: false };
  sample.complete = sample.keys.length < tuning.sample;
  if (sample.keys.length === 0) return [];
  if (words.some((w) => w.postings.length > 0 && w.postings.every((p) => p.complete) && w.ids.size === 0)) return [];
  if (words.some((w) => w.exact && w.postings.length === 0)) return [];

  let found: string[] = [];
  let from: SearchKey | null = null;
  if (words.every((w) => w.postings.length === 0)) {
    // One- and two-letter words only: they start many terms, and many notes, as a rule: read
    // rows in order a while; if that finds too few, the words' terms after all.
    const first = await scan(db, words, max, Math.max(8 * max, 256), null);
    if (first.after === null || first.found.length >= max) return first.found;
    found = first.found;
    from = first.after;
    words = coded(await Promise.all(terms.map((q) => planWord(db, q, tuning, probe, true))));
    if (words.some((w) => w.exact && w.postings.length > 0 && w.postings.every((p) => p.complete) && w.ids.size === 0)) return found;
    if (words.some((w) => w.exact && w.postings.length === 0)) return found;
    if (words.every((w) => w.postings.length === 0)) {
      return [...found, ...(await scan(db, words, max - found.length, Infinity, from)).found];
    }
  }

  // The driver: its candidates cost least (a key each, and a row when they are a prefix's). A
  // filter known from the keys drives only a query of filters.
  const indexed = words.filter((w) => w.postings.length > 0);
  if (indexed.length === 0) return [...found, ...(await scan(db, words, max - found.length, Infinity, from)).found];
  const drivers = indexed.some((w) => !w.code) ? indexed.filter((w) => !w.code) : indexed;
  const factor = (w: Word) => tuning.keyCost + (w.exact ? 0 : tuning.rowCost);
  let driver = drivers[0]!;
  for (const w of drivers) if (rate(wordRun(w), wordRun(driver)) * factor(w) < factor(driver)) driver = w;
  // How many of the driver's notes hold each other word: among the driver's notes that word's
  // first keys reach, weighed with its share of all notes (as if independent).
  const driverRun = wordRun(driver);
  const share = new Map(
    words.map((w) => {
      if (w.postings.length === 0) return [w, 0.5];
      if (w.code && w !== driver) {
        // Counted on every driver key read.
        const held = driverRun.keys.filter((key) => known(w, key, null)).length;
        return [w, (held + 1) / (driverRun.keys.length + 2)];
      }
      const all = Math.min(1, rate(wordRun(w), sample));
      const seen = driverRun.keys.slice(0, countTo(driverRun.keys, wordReach(w)));
      const held = seen.filter((key) => w.ids.has(key[1])).length;
      return [w, w === driver ? all : (held + 2 * all) / (seen.length + 2)];
    }),
  );
  const others = words.filter((w) => w !== driver);
  // The driver's rows, read in its run of the index, answer for every other word at once:
  // worth it unless checking the candidates costs less (see `checkCost`).
  const byRows = !driver.exact || tuning.keyCost + checkCost(driver, others, share, tuning) > tuning.indexRowCost;
  const plan: Plan = { driver, others, share, byRows, rows: new Map(), tuning };
  return [...found, ...(await drive(db, plan, max - found.length, from))];
}

/** The hits of a search, newest first, whatever they are. */
async function hitsOf(db: NookDB, ids: string[], terms: QueryTerm[], filters: { group?: string; author?: string } = {}): Promise<SearchHit[]> {
  const noteIds = ids.filter((id) => !isMessageId(id));
  const messageIds = ids.filter(isMessageId).map(messageIdOf);
  const [notes, messages] = await Promise.all([db.notes.bulkGet(noteIds), messageHits(db, messageIds, terms, filters)]);
  const byId = new Map<string, SearchHit>();
  for (const row of notes) if (row) byId.set(row.id, { kind: 'note', note: toNote(row), excerpt: excerpt(row.body, terms) });
  for (const hit of messages) byId.set(hit.id, hit);
  return ids.map((id) => byId.get(isMessageId(id) ? messageIdOf(id) : id)).filter((h): h is SearchHit => h !== undefined);
}

/**
 * The note of the page filtered on, when it holds every word: notes carry no page term (a
 * page has one note at most), so it is checked on its own row.
 */
async function pageNote(db: NookDB, url: string, terms: QueryTerm[]): Promise<SearchKey | null> {
  const note = await db.notes.where('url').equals(url).first();
  if (!note) return null;
  const row = await db.search.get(searchKey(note));
  return row && terms.every((q) => rowHolds(row, q)) ? [row.rank, row.id] : null;
}

/**
 * Notes and messages where every query word starts some word of the note's title or body or
 * the message's body (accents and case ignored; Chinese/Japanese matched by characters),
 * newest first, each with an excerpt around its first match. Filters (group, author, page)
 * are terms of the index, planned with the words; group and author leave the notes out.
 */
export async function search(
  db: NookDB,
  query: string,
  { limit = 20, group, author, page }: SearchOptions = {},
  tuning: SearchTuning = SEARCH_TUNING,
): Promise<SearchHit[]> {
  const words = queryTerms(query);
  const filters: Wanted[] = [];
  if (group) filters.push({ q: { text: groupTerm(group), wordStart: false }, code: { at: GROUP_CODE_AT, value: filterCode(group) } });
  if (author) filters.push({ q: { text: authorTerm(author), wordStart: false }, code: { at: AUTHOR_CODE_AT, value: filterCode(author) } });
  if (page) filters.push({ q: { text: pageTerm(page), wordStart: false } });
  const max = Math.max(0, Math.floor(limit));
  if (words.length + filters.length === 0 || max === 0) return [];

  return db.transaction('r', [db.search, db.searchQueue, db.notes, db.messages, db.threads, db.groups, db.members], async () => {
    const [ids, note, queued] = await Promise.all([
      matchIds(db, [...words.map((q) => ({ q })), ...filters], max, tuning),
      page && !group && !author ? pageNote(db, page, words) : null,
      db.searchQueue.limit(1).primaryKeys(),
    ]);
    drainSoon(db, queued.length > 0);
    if (!note) return hitsOf(db, ids, words, { group, author });
    // The page's note in its place by time (ranks: messages by when posted, notes by when saved).
    const hits = await hitsOf(db, ids, words);
    const [noteHit] = await hitsOf(db, [note[1]], words);
    const at = hits.findIndex((h) => cmp(rankKey(h), note) > 0);
    if (at === -1 && hits.length >= max) return hits;
    hits.splice(at === -1 ? hits.length : at, 0, noteHit!);
    return hits.slice(0, max);
  });
}

const rankKey = (h: SearchHit): SearchKey =>
  h.kind === 'note' ? searchKey(h.note) : messageKey({ id: h.id, createdAt: h.createdAt, groupId: h.groupId, authorId: h.authorId });
