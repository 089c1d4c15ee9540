import pg from 'pg';
import type { Db, Queryable, SqlValue, Tx } from './store';

const INT8 = 20;

// BIGINT columns hold epoch ms and sequence numbers, all well inside 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const numbered = new Map<string, string>();
/** `?` placeholders (what the shared SQL uses) to `$1, $2, ...`. */
function toPg(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

function queryable(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await c.query({ text: toPg(sql), values: [...params] })).rows as T[],
    one: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await c.query({ text: toPg(sql), values: [...params] })).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) =>
      (await c.query({ text: toPg(sql), values: [...params] })).rowCount ?? 0,
  };
}

export function openPostgres(url: string, log: (line: string) => void = () => {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle client losing its connection must not take the hub down; the pool replaces it.
  pool.on('error', (err) => log(`postgres: idle client error: ${err.message}`));
  const q = queryable(pool);

  return {
    dialect: 'postgres',
    ...q,
    async tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const cq = queryable(client);
      const tx: Tx = { ...cq, lockGroup: (id) => cq.one('SELECT * FROM groups WHERE id = ? FOR UPDATE', [id]) };
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch (rollbackErr) {
          client.release(rollbackErr as Error);
        }
        throw err;
      }
    },
    close: () => pool.end(),
  };
}
