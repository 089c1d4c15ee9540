// npm run backup [-- <file>]: a copy of the hub's database, taken while the hub runs (docs/DEPLOY.md).
import { optionsFromEnv, SettingError } from '../hub/config';
import { backupPostgres, backupSqlite, sqliteFile } from '../hub/ops/backup';

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
try {
  const o = optionsFromEnv();
  const given = process.argv[2];
  if (o.databaseUrl) {
    const r = await backupPostgres(o.databaseUrl, given ?? `backups/nook-${stamp}.pgdump`);
    console.log(`nook backup: PostgreSQL dumped to ${r.file} (restore: pg_restore --no-owner -d <database> ${r.file})`);
  } else {
    const r = await backupSqlite(sqliteFile(o.dataDir ?? './data'), given ?? `backups/hub-${stamp}.sqlite`);
    console.log(`nook backup: SQLite copied to ${r.file} (${r.bytes} bytes)`);
  }
} catch (err) {
  console.error(`nook backup: ${err instanceof SettingError ? err.message : (err as Error).message}`);
  process.exit(1);
}
