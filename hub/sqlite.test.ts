import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './store/sqlite';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite checkpoints', () => {
  it('are made off the writer, by the checkpointer, and stop with close()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nook-sqlite-'));
    dirs.push(dir);
    const file = join(dir, 'hub.sqlite');
    const db = openSqlite(file);
    await db.tx(async (tx) => {
      await tx.run('CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT)');
    });
    const before = statSync(file).size;
    await Promise.all(
      Array.from({ length: 500 }, () =>
        db.tx(async (tx) => {
          await tx.run('INSERT INTO t (b) VALUES (?)', ['x'.repeat(1000)]);
        }),
      ),
    );
    // The writer never checkpoints (wal_autocheckpoint = 0), so pages reach the database file only through the worker.
    const end = Date.now() + 5_000;
    while (statSync(file).size < before + 400_000 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(statSync(file).size).toBeGreaterThan(before + 400_000);
    expect(await db.one('SELECT COUNT(*) AS n FROM t')).toEqual({ n: 500 });
    await db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
