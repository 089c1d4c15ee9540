import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db, Queryable, SqlValue, Tx } from './store';

type Conn = Database.Database;

function queryable(conn: Conn): Queryable {
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = conn.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => stmt(sql).all(...params) as T[],
    one: async <T>(sql: string, params: readonly SqlValue[] = []) => stmt(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => stmt(sql).run(...params).changes,
  };
}

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** Transactions waiting at once commit together; each keeps its own savepoint. */
const MAX_BATCH = 256;

/**
 * SQLite in WAL mode: one connection writes, one reads. Reads never see a transaction in
 * progress (it might still roll back). Writes queue, because a transaction awaits between
 * statements and no other may slip into it; those that queued meanwhile share one
 * BEGIN IMMEDIATE ... COMMIT, each inside a savepoint so a refusal undoes only its own
 * work, and each is answered only after that commit.
 */
export function openSqlite(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = NORMAL');
  writer.pragma('busy_timeout = 5000');
  writer.pragma('foreign_keys = ON');
  const reader = new Database(file);
  reader.pragma('busy_timeout = 5000');
  reader.pragma('query_only = ON');

  const w = queryable(writer);
  const r = queryable(reader);
  const tx: Tx = { ...w, lockGroup: (id) => w.one('SELECT * FROM groups WHERE id = ?', [id]) };
  const queue: Job[] = [];
  let draining: Promise<void> | undefined;

  async function runBatch(batch: Job[]) {
    const outcomes: { job: Job; ok: boolean; value: unknown }[] = [];
    writer.exec('BEGIN IMMEDIATE');
    for (const job of batch) {
      writer.exec('SAVEPOINT job');
      try {
        const value = await job.fn(tx);
        writer.exec('RELEASE job');
        outcomes.push({ job, ok: true, value });
      } catch (err) {
        writer.exec('ROLLBACK TO job');
        writer.exec('RELEASE job');
        outcomes.push({ job, ok: false, value: err });
      }
    }
    writer.exec('COMMIT');
    for (const o of outcomes) (o.ok ? o.job.resolve : o.job.reject)(o.value);
  }

  async function drain() {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        await runBatch(batch);
      } catch (err) {
        // The database itself failed (busy past the timeout, disk full): nothing committed.
        if (writer.inTransaction) writer.exec('ROLLBACK');
        for (const job of batch) job.reject(err);
      }
    }
    draining = undefined;
  }

  return {
    dialect: 'sqlite',
    ...r,
    tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        // Started after the current I/O phase, so requests that arrived together commit together.
        draining ??= new Promise<void>((go) => setImmediate(go)).then(drain);
      });
    },
    async close() {
      await draining;
      reader.close();
      writer.close();
    },
  };
}
