import type { Table as DexieTable, UpdateSpec } from 'dexie';
import type { GroupEvent } from '../protocol/events';
import { applyBatch, readsOf } from '../sync/events/apply';
import type { GroupTables, LocalTables, OutboxTable, Rows, SyncStore, Table } from '../sync/store';
import type { NookDB } from './db';
import { endMembership } from './hosted/membership';
import { followApplied } from './message-index';
import type { OutboxRow } from '../sync/outbox/ops';
import { recordKey } from '../sync/rows';

/**
 * The sync core's store in the background: the member's Dexie database. A batch of events
 * is one transaction: every row its events name is read up front, the batch is applied in
 * memory, and each changed row is written once.
 */
export function dexieSyncStore(db: NookDB): SyncStore {
  const groupTables = [db.memberships, db.groups, db.members, db.threads, db.messages, db.records];
  const local: LocalTables = { threads: table(db.threads), messages: table(db.messages), records: table(db.records), outbox: outboxTable(db.outbox) };
  return {
    async cursors(hub) {
      const rows = await db.memberships.where('hub').equals(hub).toArray();
      return Object.fromEntries(rows.filter((m) => m.endedAt === null).map((m) => [m.groupId, m.seq]));
    },
    async cursor(groupId) {
      const m = await db.memberships.get(groupId);
      return m && m.endedAt === null ? m.seq : null;
    },
    applyEvents: (groupId, events) =>
      db.transaction('rw', [...groupTables, db.search, db.searchQueue], async () => {
        const batch = await stage(db, groupId, events);
        const applied = applyBatch(batch.tables, groupId, events);
        await batch.flush();
        // The search index follows the messages (storage/message-index.ts).
        await followApplied(db, groupId, events);
        return applied;
      }),
    pending: (hub) => db.outbox.where('hub').equals(hub).sortBy('n'),
    async bump(n, attempts) {
      await db.outbox.update(n, { attempts });
    },
    write: (fn) => db.transaction('rw', [db.threads, db.messages, db.records, db.outbox], () => fn(local)),
    endMembership: (groupId, reason, now) => endMembership(db, groupId, reason, now),
    async status(s) {
      await db.hubStatus.put(s);
    },
  };
}

function table<K, T>(t: DexieTable<T, K>): Table<K, T> {
  return {
    get: (key) => t.get(key),
    put: (row) => t.put(row),
    update: (key, changes) => t.update(key as never, changes as UpdateSpec<T>),
    delete: (key) => t.delete(key),
    where: (field, value) =>
      t.schema.idxByName[field] || t.schema.primKey.name === field
        ? t.where(field).equals(value as never).toArray()
        : t.filter((r) => r[field] === value).toArray(),
    filter: (test) => t.filter(test).toArray(),
  };
}

function outboxTable(t: DexieTable<OutboxRow, number>): OutboxTable {
  return { ...table(t), add: (row) => t.add(row as OutboxRow) };
}

/**
 * Rows of one batch, read once and written once: a batch touches each row several times (a
 * message posted, then reacted to; a thread's count bumped by every message).
 */
class StagedRows<K, T> implements Rows<K, T> {
  private rows = new Map<string, T | undefined>();
  private dirty = new Set<string>();
  constructor(
    private table: DexieTable<T, K>,
    private keyOf: (row: T) => K,
  ) {}

  async prefetch(keys: K[]): Promise<void> {
    const wanted = [...new Map(keys.map((k) => [JSON.stringify(k), k])).entries()].filter(([id]) => !this.rows.has(id));
    if (wanted.length === 0) return;
    const found = await this.table.bulkGet(wanted.map(([, k]) => k));
    wanted.forEach(([id], i) => this.rows.set(id, found[i]));
  }

  get(key: K): T | undefined {
    const id = JSON.stringify(key);
    // A key the batch did not name up front is a bug in an event kind's `reads`, not something to read now.
    if (!this.rows.has(id)) throw new Error(`sync: ${this.table.name} row ${id} was not read before applying`);
    return this.rows.get(id);
  }

  put(row: T): void {
    const id = JSON.stringify(this.keyOf(row));
    this.rows.set(id, row);
    this.dirty.add(id);
  }

  update(key: K, changes: Partial<T>): void {
    const row = this.get(key);
    // As Dexie's update: nothing happens to a row that is not there.
    if (row !== undefined) this.put({ ...row, ...changes });
  }

  async flush(): Promise<void> {
    const rows = [...this.dirty].map((id) => this.rows.get(id)).filter((r): r is T => r !== undefined);
    if (rows.length) await this.table.bulkPut(rows);
    this.dirty.clear();
  }
}

async function stage(db: NookDB, groupId: string, events: GroupEvent[]) {
  const staged = {
    memberships: new StagedRows(db.memberships, (r) => r.groupId),
    groups: new StagedRows(db.groups, (r) => r.id),
    members: new StagedRows(db.members, (r) => [r.groupId, r.id] as [string, string]),
    threads: new StagedRows(db.threads, (r) => r.id),
    messages: new StagedRows(db.messages, (r) => r.id),
    records: new StagedRows(db.records, recordKey),
  };
  const keys = readsOf(groupId, events);
  await Promise.all([
    staged.memberships.prefetch(keys.memberships),
    staged.groups.prefetch(keys.groups),
    staged.members.prefetch(keys.members),
    staged.threads.prefetch(keys.threads),
    staged.messages.prefetch(keys.messages),
    staged.records.prefetch(keys.records),
  ]);
  const tables: GroupTables = staged;
  return { tables, flush: () => Promise.all(Object.values(staged).map((t) => t.flush())) };
}
