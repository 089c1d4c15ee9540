import type { DBCore, DBCoreMutateRequest, DBCoreTable, IndexableTypeArrayReadonly, Middleware, Transaction } from 'dexie';
import type { SearchKey, SearchRow } from './db';

/**
 * The search index's postings: one key `[term, rank, id]` per term of each search row, in a
 * table of its own (values are empty). A term's postings are a run of the table's keys, newest
 * first, and a read can start after any key: a search reads a term's next keys, or all of them
 * between two notes, without reading the ones before again. Primary keys of a table also cost
 * less than half as much to read as the entries of a multi-entry index (about 4 µs against
 * 9 µs each in Chromium: an index entry is checked against its row).
 *
 * The postings follow the `search` table by themselves: a middleware turns every write of
 * search rows into the writes of their postings, in the same transaction.
 */
export type PostingKey = [term: string, rank: number, id: string];

export const POSTINGS = 'postings';

/** The postings of a search row. */
export const postingKeys = (row: SearchRow): PostingKey[] => row.terms.map((t) => [t, row.rank, row.id]);

/** Bounds of a term's run of postings (below and above every key of the term). */
export const termStart = (term: string): [string] => [term];
export const termEnd = (term: string): [string, never[]] => [term, []];

/** The search key a posting stands for. */
export const postingNote = (key: PostingKey): SearchKey => [key[1], key[2]];

const rowKey = (row: SearchRow): SearchKey => [row.rank, row.id];
const keyString = (key: PostingKey): string => JSON.stringify(key);

/** The search rows the request replaces or removes, as stored before it (the read is issued at once). */
function replaced(table: DBCoreTable, req: DBCoreMutateRequest): Promise<SearchRow[]> {
  const { trans } = req;
  if (req.type === 'add') return Promise.resolve([]);
  if (req.type === 'deleteRange') {
    return table.query({ trans, values: true, query: { index: table.schema.primaryKey, range: req.range } }).then((r) => r.result as SearchRow[]);
  }
  const keys = req.type === 'delete' ? req.keys : (req.keys ?? (req.values as SearchRow[]).map(rowKey));
  return table.getMany({ trans, keys }).then((rows) => (rows as (SearchRow | undefined)[]).filter((r): r is SearchRow => r !== undefined));
}

/** The postings to delete and to put when `before` rows become `after` ones. */
function changes(before: SearchRow[], after: SearchRow[]): { removed: PostingKey[]; added: PostingKey[] } {
  const added = new Map<string, PostingKey>();
  for (const row of after) for (const key of postingKeys(row)) added.set(keyString(key), key);
  const removed: PostingKey[] = [];
  // Postings of a row put again with the same terms are there already.
  for (const row of before) {
    for (const key of postingKeys(row)) if (!added.delete(keyString(key))) removed.push(key);
  }
  return { removed, added: [...added.values()] };
}

/**
 * Keeps `postings` in step with `search`. A transaction that writes search rows must hold
 * `postings` too (a developer's mistake otherwise, refused at once); only an upgrade to a
 * version before postings existed writes rows without them (the version 8 upgrade makes them
 * from every row). It sits below Dexie's hooks middleware, which needs Dexie's zone: the
 * rows as they were and the write are requested at once (requests run in order), and the
 * postings' writes follow in plain promise callbacks, where that zone is gone.
 */
export const postingsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'postings',
  level: 1.5,
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== 'search') return table;
        return {
          ...table,
          mutate(req) {
            const trans = req.trans as unknown as IDBTransaction;
            if (!trans.objectStoreNames.contains(POSTINGS)) {
              if (trans.mode === 'versionchange') return table.mutate(req);
              return Promise.reject(new Error('A transaction that writes search rows must include the postings table.'));
            }
            const postings = down.table(POSTINGS);
            if (req.type === 'deleteRange' && req.range.lower === undefined && req.range.upper === undefined) {
              return Promise.all([table.mutate(req), postings.mutate({ type: 'deleteRange', trans: req.trans, range: req.range })]).then(([res]) => res);
            }
            const before = replaced(table, req);
            const written = table.mutate(req);
            return Promise.all([before, written]).then(([old, res]) => {
              const { removed, added } = changes(old, req.type === 'add' || req.type === 'put' ? (req.values as SearchRow[]) : []);
              return Promise.all([
                removed.length > 0 ? postings.mutate({ type: 'delete', trans: req.trans, keys: removed }) : undefined,
                added.length > 0 ? postings.mutate({ type: 'put', trans: req.trans, keys: added, values: added.map(() => 0) }) : undefined,
              ]).then(() => res);
            });
          },
        };
      },
    };
  },
};

/** Search rows the version 8 upgrade turns into postings per step. */
const FILL_BATCH = 1000;

/** The version 8 upgrade: postings for every search row (their multi-entry index is gone). */
export async function fillPostings(tx: Transaction): Promise<void> {
  const search = tx.table<SearchRow, SearchKey>('search');
  const postings = tx.table<number, PostingKey>(POSTINGS);
  await postings.clear();
  let after: SearchKey | null = null;
  for (;;) {
    const rows: SearchRow[] = await (after === null ? search.toCollection() : search.where(':id').above(after)).limit(FILL_BATCH).toArray();
    if (rows.length === 0) return;
    const keys = rows.flatMap(postingKeys);
    await postings.bulkPut(keys.map(() => 0), keys as unknown as IndexableTypeArrayReadonly);
    after = rowKey(rows[rows.length - 1]!);
  }
}
