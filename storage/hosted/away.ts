import { awayDue, awaySummary, type AwaySummary } from '../../sync/away';
import type { NookDB } from '../db';

/** "Since you were away" in the background: when the member last looked (on the membership row), and what came since. */

/** The group's view opened: notes now; answers the last look before it if that is long enough ago for a summary (else null). */
export async function openedGroup(db: NookDB, groupId: string, now: number): Promise<number | null> {
  return db.transaction('rw', db.memberships, async () => {
    const m = await db.memberships.get(groupId);
    if (!m || m.endedAt !== null) return null;
    await db.memberships.update(groupId, { lastSeenAt: now });
    return awayDue(m.lastSeenAt, now) ? m.lastSeenAt! : null;
  });
}

/** The view closed (or moved to another group): the member saw the group until now. */
export async function seenGroup(db: NookDB, groupId: string, now: number): Promise<void> {
  const m = await db.memberships.get(groupId);
  if (m && m.endedAt === null) await db.memberships.update(groupId, { lastSeenAt: now });
}

export async function groupAway(db: NookDB, groupId: string, since: number): Promise<AwaySummary | null> {
  const m = await db.memberships.get(groupId);
  if (!m || m.endedAt !== null) return null;
  const [threads, messages, members, records] = await Promise.all([
    db.threads.where('groupId').equals(groupId).toArray(),
    db.messages.where('groupId').equals(groupId).filter((x) => x.createdAt > since).toArray(),
    db.members.where('groupId').equals(groupId).toArray(),
    db.records.where('groupId').equals(groupId).toArray(),
  ]);
  return awaySummary({ since, me: m.memberId, threads, messages, members, records });
}
