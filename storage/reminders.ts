import { parseDateTime, toZoned } from '@internationalized/date';
import type { CheckIn, Goal } from '../protocol/goals';
import type { Meeting } from '../protocol/meetings';
import { addDays, localDateAt, weekStartOf, type WeekRule } from '../protocol/rules/dates';
import { periodOf } from '../protocol/rules/goals';
import type { RecordRow } from '../sync/rows';
import type { GroupTarget } from '../types/open';

/**
 * When the extension reminds the member (pure: the background turns the answer into
 * browser.alarms and notifications). Times are wall-clock times where the member is now,
 * turned into instants with @internationalized/date, so 20:00 stays 20:00 on the day a
 * clock changes.
 */

/** A check-in is due at 20:00 on a daily goal's day, and on a weekly goal's last day of the week. */
export const CHECKIN_REMINDER_AT = '20:00';
/** A timed meeting is announced this long before it starts. */
export const MEETING_LEAD_MINUTES = 15;
/** An all-day meeting has no start to count back from: it is announced that morning. */
export const ALL_DAY_REMINDER_AT = '09:00';

export interface ReminderGroup {
  groupId: string;
  name: string;
  /** The member's id in that group. */
  memberId: string;
}

export type Reminder =
  | { kind: 'checkin'; id: string; at: number; groupId: string; groupName: string; goalId: string; title: string; cadence: Goal['cadence'] }
  | { kind: 'meeting'; id: string; at: number; groupId: string; groupName: string; meetingId: string; title: string; start: number };

export interface ReminderInput {
  /** The groups the member is in now (ended memberships left out). */
  groups: readonly ReminderGroup[];
  records: readonly RecordRow[];
  settings: { remindCheckIns: boolean; remindMeetings: boolean };
  now: number;
  /** Where the member is (the browser's zone). */
  zone: string;
  /** How their week runs. */
  rule: WeekRule;
}

/** The instant of a wall-clock time on a date in a zone. */
export const wallClock = (date: string, time: string, zone: string): number => toZoned(parseDateTime(`${date}T${time}`), zone).toDate().getTime();

/** The goal's next reminder after `now`: the first day (or week) still to come that has no check-in yet and is not past its end. */
function goalReminder(g: Goal, checkIns: readonly CheckIn[], group: ReminderGroup, input: ReminderInput): Reminder | null {
  const today = localDateAt(input.now, input.zone);
  const done = new Set(checkIns.map((c) => periodOf(g.cadence, c.localDate, input.rule)));
  // This period and the next: the next has no check-in yet (none can be made for a day not begun).
  for (let i = 0; i < 2; i++) {
    const period = g.cadence === 'daily' ? addDays(today, i) : addDays(weekStartOf(today, input.rule), 7 * i);
    if (g.endDate !== null && g.endDate < period) return null;
    if (done.has(period)) continue;
    const lastDay = g.cadence === 'daily' ? period : addDays(period, 6);
    const day = g.endDate !== null && g.endDate < lastDay ? g.endDate : lastDay;
    const at = wallClock(day, CHECKIN_REMINDER_AT, input.zone);
    if (at <= input.now) continue;
    return { kind: 'checkin', id: `reminder:checkin:${group.groupId}:${g.id}:${day}`, at, groupId: group.groupId, groupName: group.name, goalId: g.id, title: g.title, cadence: g.cadence };
  }
  return null;
}

function meetingReminder(m: Meeting, group: ReminderGroup, input: ReminderInput): Reminder | null {
  if (m.confirmed === null) return null;
  const time = m.times[m.confirmed];
  if (!time) return null;
  // A member who said they cannot come is not called to it.
  if (m.answers[group.memberId]?.[m.confirmed] === 'no') return null;
  const start = time.kind === 'timed' ? time.start : wallClock(time.date, '00:00', input.zone);
  const at = time.kind === 'timed' ? time.start - MEETING_LEAD_MINUTES * 60_000 : wallClock(time.date, ALL_DAY_REMINDER_AT, input.zone);
  if (at <= input.now) return null;
  return { kind: 'meeting', id: `reminder:meeting:${group.groupId}:${m.id}:${m.sequence}`, at, groupId: group.groupId, groupName: group.name, meetingId: m.id, title: m.title, start };
}

/** Every reminder still to come, soonest first: one per goal of the member's, one per confirmed meeting. */
export function nextReminders(input: ReminderInput): Reminder[] {
  const groups = new Map(input.groups.map((g) => [g.groupId, g]));
  const checkIns = new Map<string, CheckIn[]>();
  for (const r of input.records) {
    if (r.kind !== 'checkin' || r.delivery === 'failed') continue;
    const list = checkIns.get(r.data.goalId);
    if (list) list.push(r.data);
    else checkIns.set(r.data.goalId, [r.data]);
  }
  const out: Reminder[] = [];
  for (const r of input.records) {
    const group = groups.get(r.groupId);
    if (!group || r.delivery === 'failed') continue;
    if (r.kind === 'goal' && input.settings.remindCheckIns && r.data.memberId === group.memberId) {
      const next = goalReminder(r.data, checkIns.get(r.data.id) ?? [], group, input);
      if (next) out.push(next);
    } else if (r.kind === 'meeting' && input.settings.remindMeetings) {
      const next = meetingReminder(r.data, group, input);
      if (next) out.push(next);
    }
  }
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
}

/** What a reminder's notification opens (its id names it): the group's Meetings on the meeting, or its Goals. Null for any other notification. */
export function reminderTarget(id: string): GroupTarget | null {
  const [prefix, kind, groupId, itemId] = id.split(':');
  if (prefix !== 'reminder' || !groupId || !itemId) return null;
  if (kind === 'meeting') return { groupId, threadId: null, section: 'meetings', itemId };
  if (kind === 'checkin') return { groupId, threadId: null, section: 'goals', itemId };
  return null;
}
