import { join } from 'node:path';
import { openPostgres } from '../store/postgres';
import { openSqlite } from '../store/sqlite';
import type { Db } from '../store/store';
import type { TestHub } from './hubs';

/** The hub's own database, opened beside it, as an operator (or a backup) would read it. */
export function database(t: TestHub): Db {
  return t.options.databaseUrl ? openPostgres(t.options.databaseUrl) : openSqlite(join(t.options.dataDir!, 'hub.sqlite'));
}

/** Every table of an open database, each with all its rows. */
export async function tablesOf(db: Db): Promise<Map<string, Record<string, unknown>[]>> {
  const tables =
    db.dialect === 'sqlite'
      ? await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      : await db.all<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()');
  const out = new Map<string, Record<string, unknown>[]>();
  for (const { name } of tables) out.set(name, await db.all(`SELECT * FROM ${name}`));
  return out;
}

/** Every table the hub keeps, each with all its rows. */
export async function everyTable(t: TestHub): Promise<Map<string, Record<string, unknown>[]>> {
  const db = database(t);
  try {
    return await tablesOf(db);
  } finally {
    await db.close();
  }
}

/** Every row of every table of an open database, as one text: to look for what must not be kept. */
export async function keptIn(db: Db): Promise<string> {
  const out: string[] = [];
  for (const [name, rows] of await tablesOf(db)) out.push(name, JSON.stringify(rows));
  return out.join('\n');
}

/** The same for a running test hub's database. */
export async function everythingKept(t: TestHub): Promise<string> {
  const db = database(t);
  try {
    return await keptIn(db);
  } finally {
    await db.close();
  }
}
