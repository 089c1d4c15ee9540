import type { z } from 'zod';
import { MAX_LISTED, UserError, mutedAt, type LogEntry, type MuteBody, type Report, type ReportBody, type Role } from '../../protocol';
import { enter, membership } from './access';
import { logAction, mutedUntilOf, type ModeratedMembership } from './moderation-rules';
import type { MembershipRow } from './rows';
import type { Queryable } from './store';
import { write, type StoreContext, type Write } from './write';

/**
 * Reports, warnings, mutes and the slow mode (issue #17). Every action is a moderator's (an
 * owner or a moderator of that group, checked again inside the action's transaction), is
 * written to the log in the same transaction, and a refused one changes nothing. Removing a
 * message is the deletion path (discussion.ts deleteMessage), which settles its reports;
 * removing a member is groups.ts removeMember; both log themselves.
 */

export const MODERATORS: readonly Role[] = ['owner', 'moderator'];

interface ReportRow {
  id: string;
  group_id: string;
  message_id: string;
  reporter_id: string;
  author_id: string;
  reason: Report['reason'];
  note: string;
  status: Report['status'];
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
}

type ReportWithMessage = ReportRow & { thread_id: string; body: string };

const num = (v: number | string | null) => (v === null ? null : Number(v));

const toReport = (r: ReportWithMessage): Report => ({
  id: r.id,
  groupId: r.group_id,
  messageId: r.message_id,
  threadId: r.thread_id,
  reporterId: r.reporter_id,
  authorId: r.author_id,
  reason: r.reason,
  note: r.note,
  status: r.status,
  createdAt: Number(r.created_at),
  decidedAt: num(r.decided_at),
  decidedBy: r.decided_by,
  body: r.body,
});

const REPORT_SELECT = 'SELECT r.*, m.thread_id, m.body FROM reports r JOIN messages m ON m.id = r.message_id';

const reportById = (q: Queryable, groupId: string, id: string) =>
  q.one<ReportWithMessage>(`${REPORT_SELECT} WHERE r.id = ? AND r.group_id = ?`, [id, groupId]);

const moderatorIn = (tx: Write['tx'], groupId: string, memberId: string) => enter(tx, groupId, memberId, MODERATORS);

/**
 * The member a moderator acts on: active, not the moderator themself; an owner acts on anyone
 * else, a moderator on plain members only (as for removal, groups.ts removeMember).
 */
async function targetOf(w: Write, me: MembershipRow, targetId: string) {
  if (targetId === me.member_id) throw new UserError('forbidden', 'You cannot moderate yourself.');
  const target = await membership(w.tx, me.group_id, targetId);
  if (!target || target.status !== 'active') throw new UserError('member_not_found', 'No such member in this group.');
  if (!(me.role === 'owner' || target.role === 'member')) throw new UserError('forbidden', 'Only the owner moderates a moderator.');
  return target;
}

/** Any member reports a message of someone else, once while the report is open. */
export function reportMessage(s: StoreContext, memberId: string, groupId: string, messageId: string, body: z.output<typeof ReportBody>) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const same = await tx.one<ReportRow>('SELECT * FROM reports WHERE id = ?', [body.id]);
    if (same) {
      if (same.group_id !== groupId || same.reporter_id !== memberId || same.message_id !== messageId) {
        throw new UserError('id_taken', 'A report with this id exists.');
      }
      return { report: toReport((await reportById(tx, groupId, body.id))!) };
    }
    const message = await tx.one<{ author_id: string; deleted_at: number | null }>('SELECT author_id, deleted_at FROM messages WHERE id = ? AND group_id = ?', [
      messageId,
      groupId,
    ]);
    if (!message) throw new UserError('message_not_found', 'No such message.');
    if (message.deleted_at !== null) throw new UserError('message_deleted', 'This message was deleted.');
    if (message.author_id === memberId) throw new UserError('forbidden', 'You cannot report your own message.');
    const open = await tx.one("SELECT 1 AS x FROM reports WHERE message_id = ? AND reporter_id = ? AND status = 'open'", [messageId, memberId]);
    if (open) throw new UserError('already_reported', 'You already reported this message; the moderators will look at it.');
    await tx.run(
      `INSERT INTO reports (id, group_id, message_id, reporter_id, author_id, reason, note, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
      [body.id, groupId, messageId, memberId, message.author_id, body.reason, body.note.trim(), now],
    );
    return { report: toReport((await reportById(tx, groupId, body.id))!) };
  });
}

/** The queue: open reports, oldest first (the longest waiting on top). */
export async function listReports(q: Queryable, groupId: string) {
  const rows = await q.all<ReportWithMessage>(`${REPORT_SELECT} WHERE r.group_id = ? AND r.status = 'open' ORDER BY r.created_at, r.id LIMIT ?`, [
    groupId,
    MAX_LISTED,
  ]);
  return { reports: rows.map(toReport) };
}

export function dismissReport(s: StoreContext, memberId: string, groupId: string, reportId: string) {
  return write(s, async (w) => {
    await moderatorIn(w.tx, groupId, memberId);
    const row = await reportById(w.tx, groupId, reportId);
    if (!row) throw new UserError('report_not_found', 'No such report.');
    if (row.status !== 'open') return { report: toReport(row) };
    await w.tx.run("UPDATE reports SET status = 'dismissed', decided_at = ?, decided_by = ? WHERE id = ?", [w.now, memberId, reportId]);
    await logAction(w, groupId, memberId, 'report.dismissed', { reportId, messageId: row.message_id, memberId: row.author_id });
    return { report: toReport({ ...row, status: 'dismissed', decided_at: w.now, decided_by: memberId }) };
  });
}

/** A note only its target (and the moderators, in the log) reads; the same id again is that warning. */
export function warnMember(s: StoreContext, memberId: string, groupId: string, targetId: string, body: { id: string; note: string }) {
  return write(s, async (w) => {
    const { me } = await moderatorIn(w.tx, groupId, memberId);
    const same = await w.tx.one<{ group_id: string; member_id: string }>('SELECT group_id, member_id FROM warnings WHERE id = ?', [body.id]);
    if (same) {
      if (same.group_id !== groupId || same.member_id !== targetId) throw new UserError('id_taken', 'A warning with this id exists.');
      const target = await membership(w.tx, groupId, targetId);
      return { memberId: targetId, mutedUntil: target ? activeMute(target, w.now) : null };
    }
    const target = await targetOf(w, me, targetId);
    await w.tx.run('INSERT INTO warnings (id, group_id, member_id, note, given_by, at) VALUES (?, ?, ?, ?, ?, ?)', [
      body.id,
      groupId,
      targetId,
      body.note,
      memberId,
      w.now,
    ]);
    await logAction(w, groupId, memberId, 'member.warned', { memberId: targetId, note: body.note });
    return { memberId: targetId, mutedUntil: activeMute(target, w.now) };
  });
}

const activeMute = (m: MembershipRow, now: number) => {
  const until = mutedUntilOf(m);
  return mutedAt(until, now) ? until : null;
};

/** Mutes for a time from now (a new mute replaces the one before); the group sees until when, not why. */
export function muteMember(s: StoreContext, memberId: string, groupId: string, targetId: string, body: z.output<typeof MuteBody>) {
  return write(s, async (w) => {
    const { me } = await moderatorIn(w.tx, groupId, memberId);
    await targetOf(w, me, targetId);
    const until = w.now + body.minutes * 60_000;
    await w.tx.run('UPDATE memberships SET muted_until = ?, mute_reason = ? WHERE group_id = ? AND member_id = ?', [until, body.reason, groupId, targetId]);
    await w.emit(groupId, 'member.muted', memberId, { memberId: targetId, until });
    await logAction(w, groupId, memberId, 'member.muted', { memberId: targetId, note: body.reason, until });
    return { memberId: targetId, mutedUntil: until };
  });
}

/** Lifts a mute before its end; a member not muted stays as they are. */
export function unmuteMember(s: StoreContext, memberId: string, groupId: string, targetId: string) {
  return write(s, async (w) => {
    const { me } = await moderatorIn(w.tx, groupId, memberId);
    const target = await targetOf(w, me, targetId);
    if (activeMute(target, w.now) === null) return { memberId: targetId, mutedUntil: null };
    await w.tx.run("UPDATE memberships SET muted_until = NULL, mute_reason = '' WHERE group_id = ? AND member_id = ?", [groupId, targetId]);
    await w.emit(groupId, 'member.unmuted', memberId, { memberId: targetId });
    await logAction(w, groupId, memberId, 'member.unmuted', { memberId: targetId });
    return { memberId: targetId, mutedUntil: null };
  });
}

export function setSlowMode(s: StoreContext, memberId: string, groupId: string, seconds: number) {
  return write(s, async (w) => {
    const { group } = await moderatorIn(w.tx, groupId, memberId);
    if (Number((group as { slow_mode?: number }).slow_mode ?? 0) === seconds) return { seconds };
    await w.tx.run('UPDATE groups SET slow_mode = ? WHERE id = ?', [seconds, groupId]);
    await w.emit(groupId, 'group.slowmode', memberId, { seconds });
    await logAction(w, groupId, memberId, 'slowmode.set', { seconds });
    return { seconds };
  });
}

interface LogRow {
  id: string;
  group_id: string;
  action: LogEntry['action'];
  actor_id: string;
  at: number;
  member_id: string | null;
  message_id: string | null;
  report_id: string | null;
  note: string;
  until: number | null;
  seconds: number | null;
}

/** The log, latest first. */
export async function moderationLog(q: Queryable, groupId: string) {
  const rows = await q.all<LogRow>('SELECT * FROM moderation_log WHERE group_id = ? ORDER BY at DESC, id LIMIT ?', [groupId, MAX_LISTED]);
  const entries: LogEntry[] = rows.map((r) => ({
    id: r.id,
    groupId: r.group_id,
    action: r.action,
    actorId: r.actor_id,
    at: Number(r.at),
    memberId: r.member_id,
    messageId: r.message_id,
    reportId: r.report_id,
    note: r.note,
    until: num(r.until),
    seconds: num(r.seconds),
  }));
  return { entries };
}

/** What the caller is told of themselves: a mute in force with its reason, their warnings, the slow mode. */
export async function myStanding(q: Queryable, groupId: string, me: MembershipRow, now: number) {
  const until = activeMute(me, now);
  const warnings = await q.all<{ id: string; note: string; at: number }>(
    'SELECT id, note, at FROM warnings WHERE group_id = ? AND member_id = ? ORDER BY at DESC, id LIMIT ?',
    [groupId, me.member_id, MAX_LISTED],
  );
  const group = await q.one<{ slow_mode: number }>('SELECT slow_mode FROM groups WHERE id = ?', [groupId]);
  return {
    mutedUntil: until,
    muteReason: until === null ? '' : ((me as ModeratedMembership).mute_reason ?? ''),
    warnings: warnings.map((r) => ({ id: r.id, note: r.note, at: Number(r.at) })),
    slowModeSeconds: Number(group?.slow_mode ?? 0),
  };
}
