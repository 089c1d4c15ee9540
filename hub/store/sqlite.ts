import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
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

/** How often the checkpointer copies the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 200;
/** A WAL longer than this (pages) after a passive checkpoint is reset, briefly holding writers back. */
const WAL_MAX_FRAMES = 8_192;
/** A reset WAL file is cut back to this size, rather than keeping its largest. */
const WAL_KEEP_BYTES = 32 * 1024 * 1024;

/**
 * Runs in a worker thread on its own connection, so that checkpoints (which copy pages
 * into the database file and fsync it) block neither the event loop nor the writer.
 * PASSIVE never waits for anyone; when writes outpace it and the WAL passes maxFrames,
 * RESTART waits for the writer to finish its batch, copies everything, and makes the
 * next writer start the WAL from its beginning, so the WAL stays bounded.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let timer;
let stopped = false;
function tick() {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.log > workerData.maxFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // Busy past the timeout, or the disk: the next tick tries again.
  }
  if (!stopped) timer = setTimeout(tick, workerData.everyMs);
}
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
timer = setTimeout(tick, workerData.everyMs);
`;

function startCheckpointer(file: string, writer: Conn): () => Promise<void> {
  const fallback = () => {
    // Without the worker the writer checkpoints itself again, as SQLite does by default.
    if (writer.open) writer.pragma('wal_autocheckpoint = 1000');
  };
  let worker: Worker;
  try {
    worker = new Worker(CHECKPOINTER, {
      eval: true,
      workerData: {
        file,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        everyMs: CHECKPOINT_EVERY_MS,
        maxFrames: WAL_MAX_FRAMES,
      },
    });
  } catch {
    fallback();
    return async () => {};
  }
  worker.unref();
  let running = true;
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));
  void exited.then(() => {
    if (running) fallback();
    running = false;
  });
  worker.on('error', () => {}); // 'exit' follows and turns the fallback on
  return async () => {
    if (!running) return;
    running = false;
    worker.ref(); // keeps the process up until the worker has closed its connection
    worker.postMessage('stop');
    await exited;
  };
}

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
  // NORMAL in WAL mode: a commit is durable against a crash of the process, not of the machine.
  writer.pragma('synchronous = NORMAL');
  writer.pragma('busy_timeout = 5000');
  writer.pragma('foreign_keys = ON');
  // An edit or a delete frees the old text's bytes in its page; zeroed, they do not linger
  // in the database file (or a copy of it) until SQLite happens to reuse the space.
  writer.pragma('secure_delete = ON');
  // Checkpoints run in a worker (startCheckpointer), not inside the writer's COMMIT.
  writer.pragma('wal_autocheckpoint = 0');
  writer.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
  const reader = new Database(file);
  reader.pragma('busy_timeout = 5000');
  reader.pragma('query_only = ON');

  const w = queryable(writer);
  const r = queryable(reader);
  const tx: Tx = { ...w, lockGroup: (id) => w.one('SELECT * FROM groups WHERE id = ?', [id]) };
  const stopCheckpointer = startCheckpointer(file, writer);
  const queue: Job[] = [];
  let draining: Promise<void> | undefined;
  // Prepared once: exec() would parse them again for every transaction.
  const begin = writer.prepare('BEGIN IMMEDIATE');
  const commit = writer.prepare('COMMIT');
  const savepoint = writer.prepare('SAVEPOINT job');
  const release = writer.prepare('RELEASE job');
  const rollbackTo = writer.prepare('ROLLBACK TO job');

  async function runBatch(batch: Job[]) {
    const outcomes: { job: Job; ok: boolean; value: unknown }[] = [];
    begin.run();
    for (const job of batch) {
      savepoint.run();
      try {
        const value = await job.fn(tx);
        release.run();
        outcomes.push({ job, ok: true, value });
      } catch (err) {
        rollbackTo.run();
        release.run();
        outcomes.push({ job, ok: false, value: err });
      }
    }
    commit.run();
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
      await stopCheckpointer();
      reader.close();
      writer.close();
    },
  };
}
