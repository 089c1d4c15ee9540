import type { NookDB } from '../db';
import { unindexGroup } from '../message-index';

/**
 * The member left or was removed: the group's content goes from this device at once, and
 * the membership row stays (ended) so views can say what happened.
 */
export async function endMembership(db: NookDB, groupId: string, reason: 'left' | 'removed', now: number): Promise<void> {
  await db.transaction('rw', [db.memberships, db.groups, db.members, db.threads, db.messages, db.records, db.outbox, db.joinRequests, db.search], async () => {
    await db.memberships.update(groupId, { endedAt: now, endedReason: reason });
    await db.groups.delete(groupId);
    await db.members.where('groupId').equals(groupId).delete();
    await db.threads.where('groupId').equals(groupId).delete();
    await db.messages.where('groupId').equals(groupId).delete();
    await unindexGroup(db, groupId);
    await db.records.where('groupId').equals(groupId).delete();
    await db.outbox.where('groupId').equals(groupId).delete();
    await db.joinRequests.where('groupId').equals(groupId).delete();
  });
}
