import { fromAbsolute, parseDate } from '@internationalized/date';
import type { Availability, CandidateTime, Meeting } from '../../protocol/meetings';
import { localDateAt } from '../../protocol/rules/dates';
import { atNight, bestTime } from '../../protocol/rules/meetings';

/**
 * A meeting's grid as one member sees it: each candidate time in the viewer's own zone, its
 * answers, who it falls at night for (each member in their own zone, from their intro), and
 * the best time so far. Pure, so the sidebar, the panel and the bench derive it the same way.
 */

export interface GridTime {
  index: number;
  allDay: boolean;
  /** When it is, in the viewer's zone and language (an all-day time: its dates, the same everywhere). */
  when: string;
  /** The viewer's local date of the start; an all-day time's own date. */
  localDate: string;
  /** The viewer's local start, "HH:MM"; null for an all-day time. */
  localStart: string | null;
  yes: number;
  maybe: number;
  no: number;
  /** Members (with a zone) it falls at night for: before 07:00 or after 22:00 where they are. */
  night: number;
  /** The viewer's answer, the one waiting to be sent if there is one. */
  mine: Availability | null;
  best: boolean;
  confirmed: boolean;
  /** Over for the viewer: no use confirming it. */
  past: boolean;
}

export interface MeetingGrid {
  times: GridTime[];
  best: number | null;
  /** Members whose zone is known (from their intro), and those without one, counted at night for no time. */
  zoned: number;
  unzoned: number;
  /** How many members answered. */
  answered: number;
  /** The viewer's answers are waiting to reach the hub. */
  pending: boolean;
}

export interface GridInput {
  meeting: Meeting;
  /** The viewer's answers not yet acknowledged by the hub (RecordRow.myAnswers). */
  myAnswers?: Availability[] | null;
  /** The viewer; null while the membership is not known. */
  memberId: string | null;
  /** The group's members now. */
  memberIds: readonly string[];
  /** memberId -> IANA zone, from the members' intros. */
  zones: ReadonlyMap<string, string>;
  viewerZone: string;
  locale: string;
  now: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, allDay: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${allDay}`;
  let f = formatters.get(key);
  if (!f) {
    const date: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' };
    f = new Intl.DateTimeFormat(locale, allDay ? { ...date, timeZone } : { ...date, hour: 'numeric', minute: '2-digit', timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** When a time is, for the viewer: a timed one in their zone; an all-day one as its calendar dates (rallly #22). */
export function describeTime(t: CandidateTime, viewerZone: string, locale: string): Pick<GridTime, 'allDay' | 'when' | 'localDate' | 'localStart'> {
  if (t.kind === 'day') {
    // A date is not an instant: shown as itself (read at UTC midnight in UTC), never moved into a zone.
    const first = parseDate(t.date);
    const f = formatter(locale, 'UTC', true);
    const start = first.toDate('UTC');
    const when = t.days > 1 ? f.formatRange(start, first.add({ days: t.days - 1 }).toDate('UTC')) : f.format(start);
    return { allDay: true, when, localDate: t.date, localStart: null };
  }
  const local = fromAbsolute(t.start, viewerZone);
  const when = formatter(locale, viewerZone, false).formatRange(new Date(t.start), new Date(t.start + t.minutes * 60_000));
  return { allDay: false, when, localDate: localDateAt(t.start, viewerZone), localStart: `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}` };
}

function isPast(t: CandidateTime, viewerZone: string, now: number): boolean {
  if (t.kind === 'timed') return t.start <= now;
  return parseDate(t.date).add({ days: t.days - 1 }).toString() < localDateAt(now, viewerZone);
}

export function meetingGrid(input: GridInput): MeetingGrid {
  const { meeting, memberId, myAnswers } = input;
  const answers = memberId && myAnswers ? { ...meeting.answers, [memberId]: myAnswers } : meeting.answers;
  const zones: string[] = [];
  for (const id of input.memberIds) {
    const z = input.zones.get(id);
    if (z) zones.push(z);
  }
  const given = Object.values(answers);
  const counts = meeting.times.map((_, i) => {
    const c = { yes: 0, maybe: 0, no: 0 };
    for (const a of given) {
      const v = a[i];
      if (v) c[v]++;
    }
    return c;
  });
  const anyone = counts.some((c) => c.yes + c.maybe > 0);
  const best = anyone ? bestTime({ times: meeting.times, answers }, zones) : null;
  const mine = memberId ? answers[memberId] : undefined;
  return {
    times: meeting.times.map((t, index) => ({
      index,
      ...describeTime(t, input.viewerZone, input.locale),
      ...counts[index]!,
      night: zones.filter((z) => atNight(t, z)).length,
      mine: mine?.[index] ?? null,
      best: index === best,
      confirmed: index === meeting.confirmed,
      past: isPast(t, input.viewerZone, input.now),
    })),
    best,
    zoned: zones.length,
    unzoned: input.memberIds.length - zones.length,
    answered: given.length,
    pending: !!myAnswers,
  };
}

/** The viewer's answers after choosing `answer` for time `index`: the times not answered yet count as "no". */
export function answersWith(grid: MeetingGrid, index: number, answer: Availability): Availability[] {
  return grid.times.map((t) => (t.index === index ? answer : (t.mine ?? 'no')));
}
