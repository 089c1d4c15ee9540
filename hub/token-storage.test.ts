import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPostgres } from './store/postgres';
import { openSqlite } from './store/sqlite';
import type { Db } from './store/store';
import { BACKENDS, useHubs, type TestHub } from './testing/hubs';

const hubs = useHubs();

function database(t: TestHub): Db {
  return t.options.databaseUrl ? openPostgres(t.options.databaseUrl) : openSqlite(join(t.options.dataDir!, 'hub.sqlite'));
}

async function everythingKept(db: Db): Promise<string> {
  const tables =
    db.dialect === 'sqlite'
      ? await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      : await db.all<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()');
  const out: string[] = [];
  for (const { name } of tables) out.push(JSON.stringify(await db.all(`SELECT * FROM ${name}`)));
  return out.join('\n');
}

describe.each(BACKENDS)('member tokens on the hub (%s)', (backend) => {
  it('are kept only as their SHA-256: a copy of the database signs nobody in', async () => {
    const t = await hubs.start(backend);
    const g = await t.api.group({ ownerName: 'Olive' });
    const ann = await t.api.member(g.groupId, g.token, 'Ann');
    const code = (await t.api.post('/me/link-codes', {}, ann.token)).body.code as string;
    const db = database(t);
    try {
      const kept = await everythingKept(db);
      for (const secret of [g.token, ann.token]) {
        expect(kept).not.toContain(secret);
        expect(kept).toContain(createHash('sha256').update(secret).digest('hex'));
      }
      // A link code moves an identity to another device: it is a credential too.
      expect(kept).not.toContain(code);
    } finally {
      await db.close();
    }
  });
});
