import type { CheckIn, Goal } from '../../protocol/goals';
import { addDays, localDateAt, weekStartOf, type WeekRule } from '../../protocol/rules/dates';
import { periodOf, streak } from '../../protocol/rules/goals';
import type { Delivery } from '../../sync/types';

/**
 * The weekly board and the member's own goals, derived from the group's records (pure, so
 * the sidebar, the panel and the bench render the same thing).
 *
 * Every date here is a wall-clock date: a check-in counts for the date it had where its
 * member was (`localDate`, computed by the hub from its instant and zone), never for the
 * viewer's date of the same instant, nor the hub's. The week shown is the viewer's week (their
 * locale's first day); its seven dates come from calendar arithmetic, so a week with a DST
 * change still has seven days.
 */

export interface BoardMember {
  id: string;
  name: string;
  self: boolean;
}

/** A record as the board needs it: the hub's object and how this device's write of it stands. */
export interface Held<T> {
  data: T;
  delivery: Delivery;
  error: { code: string; message: string } | null;
}

export interface BoardCheckIn {
  checkIn: CheckIn;
  delivery: Delivery;
  /** The viewer cheered it. */
  cheered: boolean;
  mine: boolean;
}

export interface BoardGoal {
  goal: Goal;
  delivery: Delivery;
  error: { code: string; message: string } | null;
  streak: number;
  /** Daily goals: one cell per date of the week. Weekly goals: the week's check-in, if any. */
  days: { date: string; checkIn: BoardCheckIn | null }[];
  /** The week's check-ins, oldest first. */
  checkIns: BoardCheckIn[];
  /** The goal's end date is before today (for its member). */
  ended: boolean;
}

export interface BoardRow {
  member: BoardMember;
  goals: BoardGoal[];
}

export interface Board {
  weekStart: string;
  weekEnd: string;
  dates: string[];
  /** The viewer's today, where they are. */
  today: string;
  /** The week shown holds the viewer's today. */
  current: boolean;
  rows: BoardRow[];
}

export interface BoardInput {
  members: readonly BoardMember[];
  goals: readonly Held<Goal>[];
  checkIns: readonly Held<CheckIn>[];
  viewerId: string | null;
  now: number;
  /** The viewer's zone (the browser's). */
  zone: string;
  /** The viewer's week. */
  rule: WeekRule;
  /** Weeks from the viewer's current one: -1 the week before, 0 this week. */
  offset: number;
}

/** The first date of the week `offset` weeks from the one holding `now` where the viewer is. */
export function weekAt(now: number, zone: string, rule: WeekRule, offset: number): string {
  return addDays(weekStartOf(localDateAt(now, zone), rule), offset * 7);
}

/**
 * A member's today: where their latest check-in was made (they may have travelled since, but
 * it is the best this device knows), else where the viewer is.
 */
function todayOf(checkIns: readonly CheckIn[], now: number, zone: string): string {
  let latest: CheckIn | null = null;
  for (const c of checkIns) if (!latest || c.at > latest.at) latest = c;
  return localDateAt(now, latest?.timeZone ?? zone);
}

const byAt = (a: Held<CheckIn>, b: Held<CheckIn>) => a.data.at - b.data.at || (a.data.id < b.data.id ? -1 : 1);

/** A member's goals with their streaks and the week's check-ins. */
function goalsOf(goals: readonly Held<Goal>[], checkIns: ReadonlyMap<string, Held<CheckIn>[]>, input: BoardInput, week: { start: string; end: string; dates: string[] }, mine: boolean): BoardGoal[] {
  const out: BoardGoal[] = [];
  for (const g of goals) {
    const all = checkIns.get(g.data.id) ?? [];
    // A refused check-in was never made: it neither shows nor counts.
    const held = all.filter((c) => c.delivery !== 'failed');
    const plain = held.map((c) => c.data);
    // The viewer's own goals count in the viewer's week; others' in the viewer's too, since
    // their own rule is not in their records (the hub took it when they checked in).
    const today = mine ? localDateAt(input.now, input.zone) : todayOf(plain, input.now, input.zone);
    const created = localDateAt(g.data.createdAt, input.zone);
    // Not yet made, or over before the week began: not on this week's board. `createdAt` is
    // the hub's clock and a check-in's date the member's device's: a check-in in the week
    // keeps the goal on it whatever the two clocks say.
    if (created > week.end && !held.some((c) => c.data.localDate <= week.end)) continue;
    if (g.data.endDate !== null && g.data.endDate < week.start) continue;
    const inWeek = held.filter((c) => c.data.localDate >= week.start && c.data.localDate <= week.end).sort(byAt);
    const shown = inWeek.map(
      (c): BoardCheckIn => ({ checkIn: c.data, delivery: c.delivery, cheered: input.viewerId !== null && c.data.cheers.includes(input.viewerId), mine }),
    );
    const onDate = new Map(shown.map((c) => [c.checkIn.localDate, c]));
    out.push({
      goal: g.data,
      delivery: g.delivery,
      error: g.error,
      streak: streak(plain, g.data.cadence, today, input.rule),
      days: g.data.cadence === 'daily' ? week.dates.map((date) => ({ date, checkIn: onDate.get(date) ?? null })) : [{ date: week.start, checkIn: shown[0] ?? null }],
      checkIns: shown,
      ended: g.data.endDate !== null && g.data.endDate < today,
    });
  }
  return out.sort((a, b) => a.goal.createdAt - b.goal.createdAt || (a.goal.id < b.goal.id ? -1 : 1));
}

/** The board for the week `input.offset` weeks from the viewer's: every member, those without goals too, the viewer first. */
export function deriveBoard(input: BoardInput): Board {
  const today = localDateAt(input.now, input.zone);
  const start = weekAt(input.now, input.zone, input.rule, input.offset);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const week = { start, end: dates[6]!, dates };
  const goalsBy = new Map<string, Held<Goal>[]>();
  for (const g of input.goals) {
    const list = goalsBy.get(g.data.memberId);
    if (list) list.push(g);
    else goalsBy.set(g.data.memberId, [g]);
  }
  const checkInsBy = new Map<string, Held<CheckIn>[]>();
  for (const c of input.checkIns) {
    const list = checkInsBy.get(c.data.goalId);
    if (list) list.push(c);
    else checkInsBy.set(c.data.goalId, [c]);
  }
  const members = [...input.members].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
  return {
    weekStart: start,
    weekEnd: week.end,
    dates,
    today,
    current: today >= start && today <= week.end,
    rows: members.map((member) => ({ member, goals: goalsOf(goalsBy.get(member.id) ?? [], checkInsBy, input, week, member.self) })),
  };
}

/** How the viewer's own goal stands today: whether the period it counts for has its check-in. */
export function checkedInNow(goal: Goal, checkIns: readonly Held<CheckIn>[], now: number, zone: string, rule: WeekRule): Held<CheckIn> | null {
  const period = periodOf(goal.cadence, localDateAt(now, zone), rule);
  return checkIns.find((c) => c.data.goalId === goal.id && c.delivery !== 'failed' && periodOf(goal.cadence, c.data.localDate, rule) === period) ?? null;
}

export interface MyGoal {
  goal: Goal;
  delivery: Delivery;
  error: { code: string; message: string } | null;
  streak: number;
  /** The check-in of the period holding today, if made. */
  done: Held<CheckIn> | null;
  /** A check-in the hub refused, to say why and let the member discard it. */
  refused: Held<CheckIn> | null;
  ended: boolean;
}

/** The viewer's own goals, newest first, each with today's state where the viewer is. */
export function myGoals(input: Pick<BoardInput, 'goals' | 'checkIns' | 'viewerId' | 'now' | 'zone' | 'rule'>): MyGoal[] {
  if (input.viewerId === null) return [];
  const today = localDateAt(input.now, input.zone);
  return input.goals
    .filter((g) => g.data.memberId === input.viewerId)
    .map((g): MyGoal => {
      const own = input.checkIns.filter((c) => c.data.goalId === g.data.id);
      return {
        goal: g.data,
        delivery: g.delivery,
        error: g.error,
        streak: streak(own.filter((c) => c.delivery !== 'failed').map((c) => c.data), g.data.cadence, today, input.rule),
        done: checkedInNow(g.data, own, input.now, input.zone, input.rule),
        refused: own.find((c) => c.delivery === 'failed') ?? null,
        ended: g.data.endDate !== null && g.data.endDate < today,
      };
    })
    .sort((a, b) => Number(a.ended) - Number(b.ended) || b.goal.createdAt - a.goal.createdAt);
}
