import { fromDate, parseZonedDateTime } from '@internationalized/date';
import { describe, expect, it } from 'vitest';
import type { CheckIn, Goal } from '../../protocol/goals';
import { localDateAt } from '../../protocol/rules/dates';
import { checkedInNow, deriveBoard, weekAt, type BoardInput, type Held } from './board';

/** An instant given as wall-clock time in a zone, e.g. at('2026-03-08T02:30', 'America/New_York'). */
const at = (local: string, zone: string) => parseZonedDateTime(`${local}[${zone}]`).toDate().getTime();

const sent = <T>(data: T): Held<T> => ({ data, delivery: 'sent', error: null });

const goal = (id: string, memberId: string, o: Partial<Goal> = {}): Held<Goal> =>
  sent({ id, groupId: 'g', memberId, title: `Goal ${id}`, cadence: 'daily', endDate: null, createdAt: at('2026-01-01T09:00', 'UTC'), ...o });

let n = 0;
/** A check-in as the hub records it: the instant, the zone, and the date it was there. */
const checkIn = (goalId: string, memberId: string, when: number, zone: string, o: Partial<CheckIn> = {}): Held<CheckIn> =>
  sent({ id: `c${++n}`, goalId, memberId, at: when, timeZone: zone, localDate: localDateAt(when, zone), note: '', cheers: [], ...o });

const ANN = { id: 'ann', name: 'Ann', self: true };
const BOB = { id: 'bob', name: 'Bob', self: false };
const CY = { id: 'cy', name: 'Cy', self: false };

const board = (o: Partial<BoardInput>) =>
  deriveBoard({ members: [BOB, ANN, CY], goals: [], checkIns: [], viewerId: 'ann', now: at('2026-03-11T12:00', 'UTC'), zone: 'UTC', rule: { locale: 'en-GB' }, offset: 0, ...o });

/** Each day's mark for a goal: the dates that have a check-in. */
const marked = (b: ReturnType<typeof deriveBoard>, memberId: string, goalId: string) =>
  b.rows.find((r) => r.member.id === memberId)!.goals.find((g) => g.goal.id === goalId)!.days.filter((d) => d.checkIn).map((d) => d.date);

describe('the weekly board', () => {
  it('has a row for every member, those without goals too, the viewer first', () => {
    const b = board({ goals: [goal('g1', 'bob')] });
    expect(b.rows.map((r) => [r.member.name, r.goals.length])).toEqual([
      ['Ann', 0],
      ['Bob', 1],
      ['Cy', 0],
    ]);
    expect(b.dates).toEqual(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15']);
    expect(b.current).toBe(true);
  });

  it('starts the week on the locale\'s first day, and moves by whole weeks', () => {
    const now = at('2026-03-11T12:00', 'UTC');
    expect(board({ rule: { locale: 'en-US' } }).weekStart).toBe('2026-03-08');
    expect(board({ rule: { locale: 'de-DE' } }).weekStart).toBe('2026-03-09');
    expect(weekAt(now, 'UTC', { locale: 'en-GB' }, -1)).toBe('2026-03-02');
    const next = board({ offset: 1 });
    expect([next.weekStart, next.weekEnd, next.current]).toEqual(['2026-03-16', '2026-03-22', false]);
  });

  it('counts a check-in for the member\'s own date, not the UTC date of its instant (a late-evening check-in in New York)', () => {
    const zone = 'America/New_York';
    const late = at('2026-03-10T23:30', zone); // 03:30 UTC on the 11th
    expect(new Date(late).toISOString().slice(0, 10)).toBe('2026-03-11');
    const b = board({ goals: [goal('g1', 'bob')], checkIns: [checkIn('g1', 'bob', late, zone)] });
    expect(marked(b, 'bob', 'g1')).toEqual(['2026-03-10']);
  });

  it('keeps a daily streak across the spring DST change in America/New_York (2026-03-08, a 23-hour day)', () => {
    const zone = 'America/New_York';
    // Every evening at 21:30 from 1 to 12 March, and once at 00:30 on the 8th itself, before the change at 02:00.
    const days = Array.from({ length: 12 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);
    const checkIns = days.map((d) => checkIn('g1', 'ann', at(d === '2026-03-08' ? `${d}T00:30` : `${d}T21:30`, zone), zone));
    const now = at('2026-03-12T22:00', zone);
    const b = board({ zone, now, rule: { locale: 'en-US' }, goals: [goal('g1', 'ann')], checkIns });
    expect(b.dates).toEqual(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14']);
    expect(marked(b, 'ann', 'g1')).toEqual(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12']);
    expect(b.rows[0]!.goals[0]!.streak).toBe(12);
    // The week before, across the change: seven dates, each with its check-in.
    const before = board({ zone, now, rule: { locale: 'en-US' }, goals: [goal('g1', 'ann')], checkIns, offset: -1 });
    expect(marked(before, 'ann', 'g1')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
  });

  it('keeps a daily streak across the autumn DST change in Europe/Berlin (2026-10-25, a 25-hour day), check-ins just after midnight', () => {
    const zone = 'Europe/Berlin';
    const days = ['2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'];
    const checkIns = days.map((d) => checkIn('g1', 'ann', at(`${d}T00:15`, zone), zone));
    // 23:45 on the 27th: 24 × 60 × 60 × 1000 after the first check-in would be a day off by now.
    const now = at('2026-10-27T23:45', zone);
    const b = board({ zone, now, rule: { locale: 'de-DE' }, goals: [goal('g1', 'ann')], checkIns, offset: -1 });
    expect(b.dates).toEqual(['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']);
    expect(marked(b, 'ann', 'g1')).toEqual(['2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']);
    expect(b.rows[0]!.goals[0]!.streak).toBe(6);
  });

  it('counts a traveller\'s days where they were each time (Berlin, New York, Tokyo), seen from Auckland', () => {
    const trip = [
      checkIn('g1', 'bob', at('2026-03-09T22:00', 'Europe/Berlin'), 'Europe/Berlin'),
      checkIn('g1', 'bob', at('2026-03-10T23:00', 'America/New_York'), 'America/New_York'),
      checkIn('g1', 'bob', at('2026-03-11T08:00', 'America/New_York'), 'America/New_York'),
      checkIn('g1', 'bob', at('2026-03-12T07:00', 'Asia/Tokyo'), 'Asia/Tokyo'),
    ];
    // By UTC dates the last three fall on one day, the 11th.
    expect(new Set(trip.slice(1).map((c) => new Date(c.data.at).toISOString().slice(0, 10)))).toEqual(new Set(['2026-03-11']));
    const zone = 'Pacific/Auckland';
    const now = at('2026-03-12T09:00', 'Asia/Tokyo');
    const b = board({ zone, now, goals: [goal('g1', 'bob')], checkIns: trip });
    expect(marked(b, 'bob', 'g1')).toEqual(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12']);
    expect(b.rows.find((r) => r.member.id === 'bob')!.goals[0]!.streak).toBe(4);
  });

  it('does not break a streak for a day not yet over, and breaks it for a day missed', () => {
    const zone = 'UTC';
    const checkIns = ['2026-03-08', '2026-03-09', '2026-03-10'].map((d) => checkIn('g1', 'ann', at(`${d}T10:00`, zone), zone));
    expect(board({ now: at('2026-03-11T08:00', zone), goals: [goal('g1', 'ann')], checkIns }).rows[0]!.goals[0]!.streak).toBe(3);
    expect(board({ now: at('2026-03-12T08:00', zone), goals: [goal('g1', 'ann')], checkIns }).rows[0]!.goals[0]!.streak).toBe(0);
  });

  it('counts weekly goals by the viewer\'s week: a Sunday belongs to the next week in en-US, to the same in en-GB', () => {
    const zone = 'UTC';
    const g = goal('w1', 'ann', { cadence: 'weekly' });
    const checkIns = [checkIn('w1', 'ann', at('2026-03-02T10:00', zone), zone), checkIn('w1', 'ann', at('2026-03-08T10:00', zone), zone)];
    const now = at('2026-03-11T10:00', zone);
    const gb = board({ now, rule: { locale: 'en-GB' }, goals: [g], checkIns }).rows[0]!.goals[0]!;
    const us = board({ now, rule: { locale: 'en-US' }, goals: [g], checkIns }).rows[0]!.goals[0]!;
    // en-GB: both in the week of 2 March, none this week (9-15): the streak is 1, this week not over.
    expect([gb.streak, gb.days[0]!.checkIn]).toEqual([1, null]);
    // en-US: 1 March-7 March and 8-14 March: two weeks running, the second is this one.
    expect([us.streak, us.days[0]!.checkIn?.checkIn.localDate]).toEqual([2, '2026-03-08']);
  });

  it('marks what the viewer cheered, leaves out refused check-ins, and drops goals over before the week', () => {
    const zone = 'UTC';
    const cheered = checkIn('g1', 'bob', at('2026-03-10T10:00', zone), zone, { cheers: ['ann', 'cy'] });
    const refused: Held<CheckIn> = { ...checkIn('g1', 'bob', at('2026-03-11T10:00', zone), zone), delivery: 'failed', error: { code: 'x', message: 'no' } };
    const b = board({ goals: [goal('g1', 'bob'), goal('old', 'bob', { endDate: '2026-03-01' })], checkIns: [cheered, refused] });
    const bob = b.rows.find((r) => r.member.id === 'bob')!;
    expect(bob.goals.map((g) => g.goal.id)).toEqual(['g1']);
    expect(bob.goals[0]!.checkIns.map((c) => [c.checkIn.localDate, c.cheered, c.mine, c.checkIn.cheers.length])).toEqual([['2026-03-10', true, false, 2]]);
  });
});

describe('the weekly board and two clocks', () => {
  it('keeps a goal on the weeks of its check-ins even when the hub made it later by its own clock', () => {
    const zone = 'Pacific/Auckland';
    // The hub stamped the goal in December; the member's device said September when checking in.
    const g = goal('g1', 'ann', { createdAt: at('2026-12-03T12:00', 'UTC') });
    const c = checkIn('g1', 'ann', at('2026-09-28T07:30', zone), zone);
    const b = board({ zone, now: at('2026-09-28T08:00', zone), goals: [g], checkIns: [c] });
    expect(marked(b, 'ann', 'g1')).toEqual(['2026-09-28']);
    // A week before any check-in and before it was made: not there.
    expect(board({ zone, now: at('2026-09-28T08:00', zone), goals: [g], checkIns: [c], offset: -1 }).rows[0]!.goals).toEqual([]);
  });
});

describe('checkedInNow', () => {
  it('finds the check-in of the period holding today, where the viewer is', () => {
    const zone = 'Pacific/Auckland';
    const g = goal('g1', 'ann').data;
    const c = checkIn('g1', 'ann', at('2026-04-05T23:00', zone), zone);
    expect(checkedInNow(g, [c], at('2026-04-05T23:30', zone), zone, {})).toBe(c);
    // 2026-04-05 03:00 NZDT is when DST ends in New Zealand; the next day is a new day all the same.
    expect(checkedInNow(g, [c], at('2026-04-06T00:10', zone), zone, {})).toBeNull();
    const w = goal('w1', 'ann', { cadence: 'weekly' }).data;
    const cw = checkIn('w1', 'ann', at('2026-04-06T08:00', zone), zone);
    expect(checkedInNow(w, [cw], at('2026-04-12T20:00', zone), zone, { locale: 'en-NZ' })).toBe(cw);
    expect(fromDate(new Date(cw.data.at), zone).offset).toBe(12 * 3600_000);
  });
});
