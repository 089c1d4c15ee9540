import type { NookDB } from '../db';
import type { OutboxOp, OutboxRow } from './rows';

/**
 * Writes wait here until their hub acknowledges them, across browser restarts. Each carries
 * the id the client made, so sending one again after a lost answer is the same write.
 */
export async function enqueue(db: NookDB, hub: string, groupId: string, op: OutboxOp, now = Date.now()): Promise<void> {
  await db.outbox.add({ ...op, hub, groupId, createdAt: now, attempts: 0 } as OutboxRow);
}

export async function pendingFor(db: NookDB, hub: string): Promise<OutboxRow[]> {
  return db.outbox.where('hub').equals(hub).sortBy('n');
}
