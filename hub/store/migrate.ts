import { POSTGRES_FUNCTIONS } from './postgres-post';
import { migrations } from './schema';
import type { Db, Queryable } from './store';

// Any constant: several hubs starting at once on one Postgres take turns migrating.
const MIGRATION_LOCK = 7_270_001;

/**
 * Brings the schema to this hub's version. On Postgres the whole run is one transaction
 * under a transaction-scoped advisory lock: instances starting together wait for the first,
 * then find nothing left to do; a run that fails rolls back whole and frees the lock.
 */
export async function migrate(db: Db, now: number = Date.now()): Promise<void> {
  await db.tx(async (tx) => {
    if (db.dialect === 'postgres') await tx.one('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = await tx.one<{ version: number }>('SELECT version FROM schema_version');
    const from = row?.version ?? 0;
    for (let v = from; v < migrations.length; v++) {
      for (const step of migrations[v] ?? []) {
        if (typeof step === 'function') await step(tx, now, db.dialect);
        else await tx.run(typeof step === 'string' ? step : step[db.dialect]);
      }
    }
    if (!row) await tx.run('INSERT INTO schema_version (version) VALUES (?)', [migrations.length]);
    else if (from < migrations.length) await tx.run('UPDATE schema_version SET version = ?', [migrations.length]);
    if (db.dialect === 'postgres') for (const sql of POSTGRES_FUNCTIONS) await tx.run(sql);
  });
}

/** The schema version the database is at (0: never migrated), and the one this hub's code needs. */
export async function schemaVersion(q: Queryable): Promise<{ database: number; code: number }> {
  let database = 0;
  try {
    database = (await q.one<{ version: number }>('SELECT version FROM schema_version'))?.version ?? 0;
  } catch (err) {
    // No table yet is "never migrated"; anything else (the database is away) is the caller's to report.
    if (!/schema_version/.test((err as Error).message)) throw err;
  }
  return { database, code: migrations.length };
}
