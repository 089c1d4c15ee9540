import { randomUUID } from 'node:crypto';
import { UserError, mutedAt, type ModerationAction } from '../../protocol';
import type { MembershipRow } from './rows';
import type { Write } from './write';

/**
 * The moderation rules other writes obey (a mute, the slow mode) and the log every moderator's
 * action writes, in a file of their own so that the discussion's writes and the moderation
 * actions (moderation.ts) can both use them.
 */

/** A membership row as read with `SELECT *` since the moderation migration. */
export type ModeratedMembership = MembershipRow & { muted_until?: number | string | null; mute_reason?: string };

export const mutedUntilOf = (me: MembershipRow): number | null => {
  const until = (me as ModeratedMembership).muted_until;
  return until === null || until === undefined ? null : Number(until);
};

/**
 * A muted member writes nothing to the group until the mute ends: not a new message, not a
 * repeat of one (an outbox resending a post queued before the mute is refused the same way).
 * The refusal says until when and why: only the member themself is ever answered it.
 */
export function refuseIfMuted(me: MembershipRow, now: number) {
  const until = mutedUntilOf(me);
  if (!mutedAt(until, now)) return;
  const reason = (me as ModeratedMembership).mute_reason ?? '';
  throw new UserError('muted', `You are muted in this group until ${new Date(until!).toISOString()}: ${reason}`, { until: until!, reason });
}

/**
 * Slow mode: one message per member per N seconds; owners and moderators are exempt
 * (discord-api-docs #6466: moderators held back by their own slow mode). A resend of a
 * message the hub already took is not a new message: it is answered as before, not refused.
 */
export async function refuseIfTooSoon(w: Write, groupId: string, me: MembershipRow, messageId: string) {
  if (me.role !== 'member') return;
  const group = await w.tx.one<{ slow_mode: number }>('SELECT slow_mode FROM groups WHERE id = ?', [groupId]);
  const seconds = Number(group?.slow_mode ?? 0);
  if (seconds === 0) return;
  if (await w.tx.one('SELECT 1 AS x FROM messages WHERE id = ?', [messageId])) return;
  const last = await w.tx.one<{ at: number | string | null }>('SELECT MAX(created_at) AS at FROM messages WHERE group_id = ? AND author_id = ?', [
    groupId,
    me.member_id,
  ]);
  if (last?.at === null || last?.at === undefined) return;
  const wait = Math.ceil((Number(last.at) + seconds * 1000 - w.now) / 1000);
  if (wait > 0) {
    throw new UserError('slow_mode', `Slow mode is on: wait ${wait} seconds before your next message.`, { seconds: wait });
  }
}

export interface LogFields {
  memberId?: string | null;
  messageId?: string | null;
  reportId?: string | null;
  note?: string;
  until?: number | null;
  seconds?: number | null;
}

/** One line of the moderation log, in the action's own transaction. */
export async function logAction(w: Write, groupId: string, actorId: string, action: ModerationAction, f: LogFields = {}) {
  await w.tx.run(
    `INSERT INTO moderation_log (id, group_id, action, actor_id, at, member_id, message_id, report_id, note, until, seconds)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [randomUUID(), groupId, action, actorId, w.now, f.memberId ?? null, f.messageId ?? null, f.reportId ?? null, f.note ?? '', f.until ?? null, f.seconds ?? null],
  );
}

/**
 * A moderator removed someone else's message (its text already erased by the deletion path):
 * its open reports are settled and the log says so. Answers how many reports it settled.
 */
export async function recordRemoval(w: Write, groupId: string, actorId: string, messageId: string, authorId: string) {
  const settled = await w.tx.run("UPDATE reports SET status = 'removed', decided_at = ?, decided_by = ? WHERE message_id = ? AND status = 'open'", [
    w.now,
    actorId,
    messageId,
  ]);
  await logAction(w, groupId, actorId, 'message.removed', { memberId: authorId, messageId });
  return settled;
}
