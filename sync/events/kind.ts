import type { EventKind, GroupEvent } from '../../protocol/events';
import type { Role } from '../types';
import type { GroupTables, Reads } from '../store';

export type EventOf<K extends EventKind> = Extract<GroupEvent, { kind: K }>;

/** The member's own standing in the group while a batch is applied, written once at its end. */
export interface Standing {
  readonly groupId: string;
  /** The member this device is. */
  readonly memberId: string;
  memberCount: number;
  role: Role;
  ended: 'left' | 'removed' | null;
}

/**
 * One event kind: the rows it reads (so the Dexie side reads them all up front, in one
 * transaction) and how it changes the local tables. `apply` is synchronous, see Rows.
 */
export interface EventKindHandler<K extends EventKind> {
  reads(e: EventOf<K>, need: Reads): void;
  apply(e: EventOf<K>, tables: GroupTables, me: Standing): void;
}

export type EventHandlers<K extends EventKind = EventKind> = { [P in K]: EventKindHandler<P> };
