import { UserError, type ReadPosition } from '../../protocol';
import { membership } from './access';
import type { Queryable } from './store';
import type { StoreContext } from './write';

/**
 * Read positions: per member and thread, the last event number they saw. Kept by the hub so
 * every device of the member shows the same unread counts; never part of the group's events
 * (nobody else learns what a member read).
 */
export async function markRead(s: StoreContext, memberId: string, groupId: string, threadId: string, seq: number): Promise<ReadPosition> {
  // One transaction (on SQLite, the one writing connection): a removal cannot slip between the checks and the write.
  const { read, moved } = await s.db.tx(async (tx) => {
    const me = await membership(tx, groupId, memberId);
    if (!me || me.status !== 'active') throw new UserError('not_member', 'You are not a member of this group.');
    const thread = await tx.one<{ id: string }>('SELECT id FROM threads WHERE id = ? AND group_id = ?', [threadId, groupId]);
    if (!thread) throw new UserError('thread_not_found', 'No such thread.');
    // A position past the group's head would hide messages still to come.
    const head = Number((await tx.one<{ seq: number }>('SELECT seq FROM groups WHERE id = ?', [groupId]))?.seq ?? 0);
    const at = Math.min(seq, head);
    const before = await tx.one<{ seq: number }>('SELECT seq FROM read_positions WHERE member_id = ? AND thread_id = ?', [memberId, threadId]);
    const held = before ? Number(before.seq) : null;
    if (held !== null && held >= at) return { read: { groupId, threadId, seq: held }, moved: false };
    await tx.run(
      `INSERT INTO read_positions (member_id, group_id, thread_id, seq, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (member_id, thread_id) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at`,
      [memberId, groupId, threadId, at, s.clock.now()],
    );
    return { read: { groupId, threadId, seq: at }, moved: true };
  });
  // Only a position that moved is told: a repeated or older one costs the member's devices nothing.
  if (moved) s.onMember?.(memberId, 'reads');
  return read;
}

/** The member's positions in the groups they are still in (all, or those named). */
export async function readPositions(q: Queryable, memberId: string, groupIds?: readonly string[]): Promise<ReadPosition[]> {
  if (groupIds && groupIds.length === 0) return [];
  const only = groupIds ? ` AND r.group_id IN (${groupIds.map(() => '?').join(', ')})` : '';
  const rows = await q.all<{ group_id: string; thread_id: string; seq: number }>(
    `SELECT r.group_id, r.thread_id, r.seq FROM read_positions r
     JOIN memberships m ON m.group_id = r.group_id AND m.member_id = r.member_id AND m.status = 'active'
     WHERE r.member_id = ?${only}`,
    [memberId, ...(groupIds ?? [])],
  );
  return rows.map((r) => ({ groupId: r.group_id, threadId: r.thread_id, seq: Number(r.seq) }));
}
