import { migrations } from './schema';
import type { Db } from './store';

// Any constant: several hubs starting at once on one Postgres take turns migrating.
const MIGRATION_LOCK = 7_270_001;

export async function migrate(db: Db): Promise<void> {
  await db.tx(async (tx) => {
    if (db.dialect === 'postgres') await tx.one('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = await tx.one<{ version: number }>('SELECT version FROM schema_version');
    const from = row?.version ?? 0;
    for (let v = from; v < migrations.length; v++) {
      for (const sql of migrations[v] ?? []) await tx.run(sql);
    }
    if (!row) await tx.run('INSERT INTO schema_version (version) VALUES (?)', [migrations.length]);
    else if (from < migrations.length) await tx.run('UPDATE schema_version SET version = ?', [migrations.length]);
  });
}
