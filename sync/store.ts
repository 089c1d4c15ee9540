import type { GroupEvent } from '../protocol/events';
import type { HubStatus } from './types';
import type { OutboxRow } from './outbox/ops';
import type { MemberRow, MembershipRow, MessageRow, RecordKey, RecordRow, ThreadRow } from './rows';

/**
 * The small store the sync core runs over. The background implements it on Dexie
 * (storage/sync-store.ts), the widget panel in memory with an optional IndexedDB mirror
 * (widget/panel/panel-store.ts); sync/contract.test.ts runs both against a real hub.
 */

/** What a batch of events did. */
export interface Applied {
  /** Events newly applied (already-held ones are skipped). */
  applied: number;
  /** An event was missing before these: the core pages them from the hub. */
  gap: boolean;
  /** The member is no longer in the group (left or removed). */
  ended: 'left' | 'removed' | null;
}

/**
 * A keyed table as event application reads and writes it: synchronous, because a batch is
 * applied in memory (the panel's store, or rows the Dexie side read up front) — awaiting
 * between events would let IndexedDB commit the transaction mid-batch.
 */
export interface Rows<K, T> {
  get(key: K): T | undefined;
  put(row: T): unknown;
  update(key: K, changes: Partial<T>): unknown;
}

/** What group events say about the group itself (the extension's group row holds more). */
export interface GroupInfoRow {
  id: string;
  name: string;
  topic: string;
  memberLimit: number;
  updatedAt: number;
  /** Slow mode: one message per member per this many seconds (0 or absent: off). */
  slowModeSeconds?: number;
}

/** The key of each table events touch. */
export interface TableKeys {
  memberships: string;
  groups: string;
  members: [string, string];
  threads: string;
  messages: string;
  records: RecordKey;
}
interface TableRows {
  memberships: MembershipRow;
  groups: GroupInfoRow;
  members: MemberRow;
  threads: ThreadRow;
  messages: MessageRow;
  records: RecordRow;
}

/** Where a group's events land. */
export type GroupTables = { [T in keyof TableKeys]: Rows<TableKeys[T], TableRows[T]> };

/** The rows an event will read, named before the batch is applied (the membership and group are always read). */
export type Reads = { [T in Exclude<keyof TableKeys, 'memberships' | 'groups'>]: (key: TableKeys[T]) => void };

/** A table as acknowledgements and refusals use it: asynchronous, inside the store's transaction. */
export interface Table<K, T> {
  get(key: K): Promise<T | undefined>;
  put(row: T): Promise<unknown>;
  update(key: K, changes: Partial<T>): Promise<unknown>;
  delete(key: K): Promise<unknown>;
  /** Rows whose `field` holds `value` (an index on the Dexie side, where there is one). */
  where<F extends keyof T & string>(field: F, value: T[F]): Promise<T[]>;
  filter(test: (row: T) => boolean): Promise<T[]>;
}

export interface OutboxTable extends Table<number, OutboxRow> {
  /** Adds a write at the end of the queue; answers its number. */
  add(row: Omit<OutboxRow, 'n'>): Promise<number>;
}

/** The tables writes touch, locally and when the hub answers them. */
export interface LocalTables {
  threads: Table<string, ThreadRow>;
  messages: Table<string, MessageRow>;
  records: Table<RecordKey, RecordRow>;
  outbox: OutboxTable;
}

export interface SyncStore {
  /** The groups followed on `hub` (active memberships), each with the last event number held. */
  cursors(hub: string): Promise<Record<string, number>>;
  /** The last event number held for the group; null once the membership ended (or never was). */
  cursor(groupId: string): Promise<number | null>;
  /** Applies a batch in order, atomically: all of it is visible, or none. */
  applyEvents(groupId: string, events: GroupEvent[]): Promise<Applied>;
  /** The writes waiting for `hub`, oldest first. */
  pending(hub: string): Promise<OutboxRow[]>;
  /** A write the hub could not take yet: counted, kept in its place. */
  bump(n: number, attempts: number): Promise<void>;
  /** Runs `fn` in one transaction over the local tables. */
  write<R>(fn: (t: LocalTables) => Promise<R>): Promise<R>;
  /** Left or removed: the group's content goes at once; the membership stays, ended, so views can say why. */
  endMembership(groupId: string, reason: 'left' | 'removed', now: number): Promise<void>;
  /** How the connection to the hub is, for the member to see. */
  status(s: HubStatus): Promise<void>;
}
