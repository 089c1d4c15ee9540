import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Copies the hub's SQLite file while the hub runs, through SQLite's online backup (pages are
 * copied in steps; a write by the hub meanwhile restarts the copy of what changed, so the
 * result is one consistent moment). The copy is checked and only then takes its name, so a
 * file with the final name is always a whole, valid database.
 */
export async function backupSqlite(file: string, dest: string): Promise<{ file: string; bytes: number }> {
  if (!existsSync(file)) throw new Error(`no hub database at ${file} (set NOOK_DATA_DIR to the hub's data directory)`);
  mkdirSync(dirname(resolve(dest)), { recursive: true });
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(file, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial);
  } finally {
    source.close();
  }
  const copy = new Database(partial, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy does not pass SQLite's integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  renameSync(partial, dest);
  return { file: dest, bytes: statSync(dest).size };
}

/**
 * The PostgreSQL way is pg_dump (one consistent snapshot, while the hubs run). The URL is
 * handed over in libpq's variables rather than on the command line, where every user of
 * the machine could read its password in the process list.
 */
export async function backupPostgres(databaseUrl: string, dest: string, pgDump = 'pg_dump'): Promise<{ file: string }> {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.hostname) env.PGHOST = decodeURIComponent(url.hostname);
  if (url.port) env.PGPORT = url.port;
  if (url.username) env.PGUSER = decodeURIComponent(url.username);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  env.PGDATABASE = decodeURIComponent(url.pathname.slice(1)) || 'postgres';
  const options = url.searchParams.get('options');
  if (options) env.PGOPTIONS = options;
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  mkdirSync(dirname(resolve(dest)), { recursive: true });
  const partial = `${dest}.partial`;
  await new Promise<void>((ok, fail) => {
    const child = spawn(pgDump, ['--format=custom', '--no-owner', `--file=${partial}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.once('error', (e) => fail(new Error(`${pgDump} did not run: ${e.message} (apt-get install -y postgresql-client)`)));
    child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`${pgDump} failed (${code}): ${err.trim()}`))));
  });
  renameSync(partial, dest);
  return { file: dest };
}

export const sqliteFile = (dataDir: string) => join(resolve(dataDir), 'hub.sqlite');
