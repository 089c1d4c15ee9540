import type { z } from 'zod';
import {
  MAX_GOALS_PER_MEMBER,
  MAX_LISTED,
  UserError,
  addDays,
  localDateAt,
  weekStartOf,
  type BoardQuery,
  type CheckIn,
  type CheckInBody,
  type CreateGoalBody,
  type Goal,
} from '../../protocol';
import { enter } from './access';
import type { StoredData } from './events';
import type { MembershipRow } from './rows';
import type { Queryable } from './store';
import { write, type StoreContext, type Write } from './write';

interface GoalRow {
  id: string;
  group_id: string;
  member_id: string;
  title: string;
  cadence: Goal['cadence'];
  end_date: string | null;
  created_at: number;
}

interface CheckInRow {
  id: string;
  group_id: string;
  goal_id: string;
  member_id: string;
  at: number;
  time_zone: string;
  local_date: string;
  note: string;
}

const toGoal = (r: GoalRow): Goal => ({
  id: r.id,
  groupId: r.group_id,
  memberId: r.member_id,
  title: r.title,
  cadence: r.cadence,
  endDate: r.end_date,
  createdAt: Number(r.created_at),
});

const toCheckIn = (r: CheckInRow, cheers: string[] = []): CheckIn => ({
  id: r.id,
  goalId: r.goal_id,
  memberId: r.member_id,
  at: Number(r.at),
  timeZone: r.time_zone,
  localDate: r.local_date,
  note: r.note,
  cheers,
});

/** The note stays in `checkins` (hub/store/events.ts). */
const stored = ({ note: _note, ...rest }: CheckIn): StoredData<'checkin.created'> => rest;

const inList = (ids: readonly string[]) => ids.map(() => '?').join(', ');

async function cheersOf(q: Queryable, ids: readonly string[]) {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await q.all<{ checkin_id: string; member_id: string }>(
    `SELECT checkin_id, member_id FROM cheers WHERE checkin_id IN (${inList(ids)}) ORDER BY created_at, member_id`,
    ids,
  );
  for (const r of rows) out.set(r.checkin_id, [...(out.get(r.checkin_id) ?? []), r.member_id]);
  return out;
}

async function withCheers(q: Queryable, rows: CheckInRow[]) {
  const cheers = await cheersOf(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toCheckIn(r, cheers.get(r.id) ?? []));
}

async function goalIn(w: Write, groupId: string, goalId: string) {
  const row = await w.tx.one<GoalRow>('SELECT * FROM goals WHERE id = ? AND group_id = ?', [goalId, groupId]);
  if (!row) throw new UserError('goal_not_found', 'No such goal.');
  return row;
}

export function createGoal(s: StoreContext, memberId: string, groupId: string, body: z.output<typeof CreateGoalBody>) {
  return write(s, async (w) => {
    await enter(w.tx, groupId, memberId);
    const existing = await w.tx.one<GoalRow>('SELECT * FROM goals WHERE id = ?', [body.id]);
    if (existing) {
      if (existing.group_id !== groupId || existing.member_id !== memberId) throw new UserError('id_taken', 'A goal with this id exists.');
      return { goal: toGoal(existing) };
    }
    const mine = await w.tx.one<{ n: number }>('SELECT COUNT(*) AS n FROM goals WHERE group_id = ? AND member_id = ?', [groupId, memberId]);
    if (Number(mine?.n ?? 0) >= MAX_GOALS_PER_MEMBER) {
      throw new UserError('too_many_goals', `A member may have at most ${MAX_GOALS_PER_MEMBER} goals in a group.`);
    }
    const row: GoalRow = { id: body.id, group_id: groupId, member_id: memberId, title: body.title, cadence: body.cadence, end_date: body.endDate, created_at: w.now };
    await w.tx.run('INSERT INTO goals (id, group_id, member_id, title, cadence, end_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      groupId,
      memberId,
      row.title,
      row.cadence,
      row.end_date,
      w.now,
    ]);
    const goal = toGoal(row);
    await w.emit(groupId, 'goal.created', memberId, goal);
    return { goal };
  });
}

/**
 * A check-in counts for its date where the member was when they made it (the instant and
 * zone they send; the hub computes the date). One per day for a daily goal, one per week
 * (the member's week) for a weekly one; none for a day that has not begun there yet.
 */
export function checkIn(s: StoreContext, memberId: string, groupId: string, goalId: string, body: z.output<typeof CheckInBody>) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const goal = await goalIn(w, groupId, goalId);
    if (goal.member_id !== memberId) throw new UserError('forbidden', 'Only its member checks in on a goal.');
    const existing = await tx.one<CheckInRow>('SELECT * FROM checkins WHERE id = ?', [body.id]);
    if (existing) {
      if (existing.goal_id !== goalId || existing.member_id !== memberId) throw new UserError('id_taken', 'A check-in with this id exists.');
      return { checkIn: (await withCheers(tx, [existing]))[0]! };
    }
    const localDate = localDateAt(body.at, body.timeZone);
    if (localDate > localDateAt(now, body.timeZone)) {
      throw new UserError('checkin_future', `${localDate} has not begun in ${body.timeZone} yet.`);
    }
    if (goal.end_date !== null && localDate > goal.end_date) throw new UserError('goal_ended', `This goal ended on ${goal.end_date}.`);
    const [from, to] = goal.cadence === 'daily' ? [localDate, localDate] : ((d) => [d, addDays(d, 6)])(weekStartOf(localDate, body));
    const taken = await tx.one('SELECT id FROM checkins WHERE goal_id = ? AND local_date >= ? AND local_date <= ?', [goalId, from, to]);
    if (taken) {
      throw new UserError('already_checked_in', goal.cadence === 'daily' ? `Already checked in for ${localDate}.` : `Already checked in for the week of ${from}.`);
    }
    const row: CheckInRow = { id: body.id, group_id: groupId, goal_id: goalId, member_id: memberId, at: body.at, time_zone: body.timeZone, local_date: localDate, note: body.note };
    await tx.run(
      'INSERT INTO checkins (id, group_id, goal_id, member_id, at, time_zone, local_date, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [row.id, groupId, goalId, memberId, row.at, row.time_zone, localDate, row.note],
    );
    const made = toCheckIn(row);
    await w.emit(groupId, 'checkin.created', memberId, stored(made));
    return { checkIn: made };
  });
}

/** Cheers a check-in, or takes the cheer back; asking for the state it is in changes nothing. */
export function cheer(s: StoreContext, memberId: string, groupId: string, checkInId: string, on: boolean) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const row = await tx.one<CheckInRow>('SELECT * FROM checkins WHERE id = ? AND group_id = ?', [checkInId, groupId]);
    if (!row) throw new UserError('checkin_not_found', 'No such check-in.');
    const has = await tx.one('SELECT 1 AS x FROM cheers WHERE checkin_id = ? AND member_id = ?', [checkInId, memberId]);
    if (on && !has) await tx.run('INSERT INTO cheers (checkin_id, member_id, created_at) VALUES (?, ?, ?)', [checkInId, memberId, now]);
    if (!on && has) await tx.run('DELETE FROM cheers WHERE checkin_id = ? AND member_id = ?', [checkInId, memberId]);
    if (on !== Boolean(has)) await w.emit(groupId, 'checkin.cheered', memberId, { checkInId, goalId: row.goal_id, memberId, on });
    return { checkIn: (await withCheers(tx, [row]))[0]! };
  });
}

export async function listGoals(q: Queryable, groupId: string) {
  const goals = await q.all<GoalRow>('SELECT * FROM goals WHERE group_id = ? ORDER BY created_at DESC, id LIMIT ?', [groupId, MAX_LISTED]);
  const ids = goals.map((g) => g.id);
  const rows =
    ids.length === 0
      ? []
      : await q.all<CheckInRow>(`SELECT * FROM checkins WHERE goal_id IN (${inList(ids)}) ORDER BY local_date, id`, ids);
  return { goals: goals.map(toGoal), checkIns: await withCheers(q, rows) };
}

/** Members × their goals × the week's check-ins, for the week holding `query.week` by the viewer's rule. */
export async function board(q: Queryable, groupId: string, query: z.output<typeof BoardQuery>, now: number) {
  const weekStart = weekStartOf(query.week ?? localDateAt(now, query.timeZone ?? 'UTC'), query);
  const weekEnd = addDays(weekStart, 6);
  const members = await q.all<MembershipRow>(
    "SELECT * FROM memberships WHERE group_id = ? AND status = 'active' ORDER BY joined_at, member_id",
    [groupId],
  );
  const goals = await q.all<GoalRow>('SELECT * FROM goals WHERE group_id = ? ORDER BY created_at, id', [groupId]);
  const week = await withCheers(
    q,
    await q.all<CheckInRow>('SELECT * FROM checkins WHERE group_id = ? AND local_date >= ? AND local_date <= ? ORDER BY local_date, id', [
      groupId,
      weekStart,
      weekEnd,
    ]),
  );
  return {
    weekStart,
    weekEnd,
    rows: members.map((m) => ({
      memberId: m.member_id,
      name: m.name,
      goals: goals
        .filter((g) => g.member_id === m.member_id)
        .map((g) => ({ goal: toGoal(g), checkIns: week.filter((c) => c.goalId === g.id) })),
    })),
  };
}
