import pg from 'pg';
import type { Db, Queryable, SqlValue, Tx } from './store';

const INT8 = 20;

// BIGINT columns hold epoch ms and sequence numbers, all well inside 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

interface Statement {
  text: string;
  name: string | undefined;
}

const statements = new Map<string, Statement>();
const DML = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;
/**
 * `?` placeholders (what the shared SQL uses) to `$1, $2, ...`, and a name: a named
 * statement is parsed and planned once per connection rather than on every call, which is
 * Postgres's CPU on the same cores as the hub. Not for statements with `*`: a prepared
 * `SELECT *` fails ("cached plan must not change result type") once another instance's
 * migration adds a column, and those are off the hot path. Nor for DDL, which runs once.
 */
function statement(sql: string): Statement {
  let s = statements.get(sql);
  if (s === undefined) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    s = { text, name: DML.test(sql) && !sql.includes('*') ? `nook_${statements.size}` : undefined };
    statements.set(sql, s);
  }
  return s;
}

function queryable(c: pg.Pool | pg.PoolClient): Queryable {
  const query = (sql: string, params: readonly SqlValue[]) => c.query({ ...statement(sql), values: [...params] });
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows as T[],
    one: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rowCount ?? 0,
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
