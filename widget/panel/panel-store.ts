import type { OutboxRow } from '../../sync/outbox/ops';
import { applyBatch } from '../../sync/events/apply';
import type { LocalTables, OutboxTable, SyncStore, Table } from '../../sync/store';
import type { PanelCache } from './cache';
import type { GroupStore, MemoryTable } from './store';

/**
 * The sync core's store in the widget panel: its one group in memory (widget/panel/store.ts),
 * mirrored into IndexedDB by the cache where the browser allows it. Memory needs no
 * staging: a batch is applied synchronously, so nothing sees it half done.
 */
export class PanelSyncStore implements SyncStore {
  /** The IndexedDB mirror once opened (widget/panel/cache.ts); it saves the store's changes by itself. */
  cache: PanelCache | null = null;
  private readonly local: LocalTables;

  constructor(
    readonly store: GroupStore,
    readonly hub: string,
  ) {
    this.local = { threads: table(store.threads), messages: table(store.messages), records: table(store.records), outbox: outboxTable(store.outbox) };
  }

  private active(groupId: string) {
    const m = this.store.memberships.get(groupId);
    return m && m.endedAt === null && m.hub === this.hub ? m : null;
  }

  async cursors(hub: string): Promise<Record<string, number>> {
    if (hub !== this.hub) return {};
    return Object.fromEntries(this.store.memberships.all().filter((m) => this.active(m.groupId)).map((m) => [m.groupId, m.seq]));
  }

  async cursor(groupId: string): Promise<number | null> {
    return this.active(groupId)?.seq ?? null;
  }

  async applyEvents(groupId: string, events: Parameters<SyncStore['applyEvents']>[1]) {
    return applyBatch(this.store, groupId, events);
  }

  async pending(hub: string): Promise<OutboxRow[]> {
    return this.store.outbox
      .all()
      .filter((o) => o.hub === hub)
      .sort((a, b) => a.n! - b.n!);
  }

  async bump(n: number, attempts: number): Promise<void> {
    this.store.outbox.update(n, { attempts });
  }

  write<R>(fn: (t: LocalTables) => Promise<R>): Promise<R> {
    return fn(this.local);
  }

  /** The group's content goes from memory and from the cache; the membership stays, ended. */
  async endMembership(groupId: string, reason: 'left' | 'removed', now: number): Promise<void> {
    const s = this.store;
    const m = s.memberships.get(groupId);
    const cache = this.cache;
    this.cache = null;
    s.clear();
    if (m) s.memberships.put({ ...m, endedAt: now, endedReason: reason });
    // Cleared, then closed before its next save: nothing of the group is left on disk.
    await cache?.clear().catch(() => undefined);
    cache?.close();
  }

  async status(st: Parameters<SyncStore['status']>[0]): Promise<void> {
    this.store.status.value = st;
  }
}

function table<K, T>(t: MemoryTable<K, T>): Table<K, T> {
  return {
    get: async (key) => t.get(key),
    put: async (row) => t.put(row),
    update: async (key, changes) => t.update(key, changes),
    delete: async (key) => t.delete(key),
    where: async (field, value) => t.all().filter((r) => r[field] === value),
    filter: async (test) => t.all().filter(test),
  };
}

function outboxTable(t: MemoryTable<number, OutboxRow>): OutboxTable {
  return {
    ...table(t),
    async add(row) {
      const n = Math.max(0, ...t.all().map((o) => o.n!)) + 1;
      t.put({ ...row, n } as OutboxRow);
      return n;
    },
  };
}
