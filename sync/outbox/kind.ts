import type { HubClient } from '../client';
import type { OutboxOp, OutboxRow } from './ops';
import type { LocalTables } from '../store';
import type { ErrorInfo } from '../wire';

export type OpName = OutboxOp['op'];
export type RowOf<O extends OpName> = Extract<OutboxRow, { op: O }>;

/**
 * One outbox operation: how it is sent, and what the member's device does with the hub's
 * answer. Both local steps run in one transaction with the row's removal from the outbox.
 */
export interface OutboxOpHandler<O extends OpName> {
  /** Sends the write; answers what to change locally now that the hub holds it, if anything. */
  send(client: HubClient, row: RowOf<O>): Promise<((t: LocalTables) => Promise<void>) | void>;
  /** The hub refused it for good: show the member why (they can retry or discard). */
  refused?(t: LocalTables, row: RowOf<O>, error: ErrorInfo): Promise<void>;
}

export type OutboxHandlers<O extends OpName = OpName> = { [P in O]: OutboxOpHandler<P> };
