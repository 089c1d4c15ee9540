import { signal } from '@preact/signals';
import type { HubStatus, JoinRequestItem } from '../../sync/types';
import type { GroupInfoRow, GroupTables, Rows } from '../../sync/store';
import type { OutboxRow } from '../../sync/outbox/ops';
import { recordKey, type MemberRow, type MembershipRow, type MessageRow, type RecordKey, type RecordRow, type ThreadRow } from '../../sync/rows';

/**
 * The panel's copy of its one group, in memory: the same rows the extension keeps in Dexie
 * (sync/rows.ts), written by the same event registrations (sync/events/), read through the
 * same row-to-item functions (sync/views.ts). Where the browser allows storage,
 * widget/panel/cache.ts mirrors it into IndexedDB.
 */

const keyText = (key: unknown): string => (Array.isArray(key) ? key.join('\n') : String(key));

export class MemoryTable<K, T> implements Rows<K, T> {
  private readonly rows = new Map<string, T>();
  /** Keys written since the cache last saved them. */
  private readonly dirty = new Set<string>();

  constructor(
    readonly name: string,
    private readonly keyOf: (row: T) => K,
    private readonly changed: () => void,
  ) {}

  private touch(k: string) {
    this.dirty.add(k);
    this.changed();
  }

  get(key: K): T | undefined {
    return this.rows.get(keyText(key));
  }

  put(row: T): void {
    const k = keyText(this.keyOf(row));
    this.rows.set(k, row);
    this.touch(k);
  }

  update(key: K, changes: Partial<T>): number {
    const k = keyText(key);
    const row = this.rows.get(k);
    if (!row) return 0;
    this.rows.set(k, { ...row, ...changes });
    this.touch(k);
    return 1;
  }

  delete(key: K): void {
    const k = keyText(key);
    if (this.rows.delete(k)) this.touch(k);
  }

  all(): T[] {
    return [...this.rows.values()];
  }

  clear(): void {
    for (const k of this.rows.keys()) this.dirty.add(k);
    this.rows.clear();
    this.changed();
  }

  /** What changed since the last call: rows to save (by key) and keys to delete. */
  takeChanges(): { put: [string, T][]; gone: string[] } {
    const put: [string, T][] = [];
    const gone: string[] = [];
    for (const k of this.dirty) {
      const row = this.rows.get(k);
      if (row) put.push([k, row]);
      else gone.push(k);
    }
    this.dirty.clear();
    return { put, gone };
  }

  /** Rows read back from the cache: not changes to save again. */
  restore(rows: [string, T][]): void {
    for (const [k, row] of rows) this.rows.set(k, row);
    this.changed();
  }
}

/** The group's own row: what its events say about it (see GroupTables.groups). */
export type GroupRow = GroupInfoRow;

export class GroupStore implements GroupTables {
  /** Moves on every change (at most once per microtask): live queries re-run when it does. */
  readonly version = signal(0);
  private scheduled = false;
  private readonly bump = () => {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.version.value++;
    });
  };

  readonly memberships = new MemoryTable<string, MembershipRow>('memberships', (r) => r.groupId, this.bump);
  readonly groups = new MemoryTable<string, GroupRow>('groups', (r) => r.id, this.bump);
  readonly members = new MemoryTable<[string, string], MemberRow>('members', (r) => [r.groupId, r.id], this.bump);
  readonly threads = new MemoryTable<string, ThreadRow>('threads', (r) => r.id, this.bump);
  readonly messages = new MemoryTable<string, MessageRow>('messages', (r) => r.id, this.bump);
  readonly records = new MemoryTable<RecordKey, RecordRow>('records', recordKey, this.bump);
  readonly outbox = new MemoryTable<number, OutboxRow>('outbox', (r) => r.n!, this.bump);
  /** Every table, for the cache. */
  readonly tables = [this.memberships, this.groups, this.members, this.threads, this.messages, this.records, this.outbox] as MemoryTable<unknown, unknown>[];

  /** Join requests (moderators): fetched from the hub, not events. */
  readonly requests = signal<JoinRequestItem[]>([]);
  readonly status = signal<HubStatus | null>(null);

  clear(): void {
    for (const t of this.tables) t.clear();
    this.requests.value = [];
  }
}
