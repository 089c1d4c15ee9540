import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../protocol/meetings';
import { answersWith, describeTime, meetingGrid, type GridInput } from './grid';
import { inputValueAt, localInstant } from './when';

const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
const LA = 'America/Los_Angeles';

const meeting = (patch: Partial<Meeting> = {}): Meeting => ({
  id: 'm1',
  groupId: 'g1',
  organiser: 'ada',
  title: 'Planning',
  times: [],
  answers: {},
  confirmed: null,
  sequence: 0,
  createdAt: Date.UTC(2026, 0, 1),
  ...patch,
});

const input = (m: Meeting, patch: Partial<GridInput> = {}): GridInput => ({
  meeting: m,
  memberId: 'bo',
  memberIds: ['ada', 'bo', 'cy'],
  zones: new Map([
    ['ada', NY],
    ['bo', TOKYO],
  ]),
  viewerZone: NY,
  locale: 'en-US',
  now: Date.UTC(2026, 0, 1),
  ...patch,
});

/** Mondays at 18:00 in New York, made as the form makes them: the wall time read in the member's zone. */
const weekly = ['2026-03-02T18:00', '2026-03-09T18:00', '2026-03-16T18:00'].map((v) => ({ kind: 'timed' as const, start: localInstant(v, NY)!, minutes: 60 }));

describe('candidate times from a member\'s fields', () => {
  it('reads a datetime-local value in the member\'s zone, with the offset of that date (DST)', () => {
    expect(new Date(localInstant('2026-03-02T18:00', NY)!).toISOString()).toBe('2026-03-02T23:00:00.000Z');
    expect(new Date(localInstant('2026-03-09T18:00', NY)!).toISOString()).toBe('2026-03-09T22:00:00.000Z');
    expect(new Date(localInstant('2026-03-09T18:00', TOKYO)!).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    expect(localInstant('not a time', NY)).toBeNull();
    expect(inputValueAt(Date.UTC(2026, 2, 9, 22), NY)).toBe('2026-03-09T18:00');
  });
});

describe('meetingGrid', () => {
  it('shows a weekly time across the 2026-03-08 DST change at the same local hour in New York (nextcloud/polls #2850)', () => {
    const g = meetingGrid(input(meeting({ times: weekly })));
    expect(g.times.map((t) => t.localStart)).toEqual(['18:00', '18:00', '18:00']);
    expect(g.times.map((t) => t.localDate)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(g.times[1]!.when).toMatch(/Mon, Mar 9, 2026, 6:00\s*–\s*7:00\sPM/);
    // In Tokyo (no DST) the same meetings move by an hour across New York's change.
    const tokyo = meetingGrid(input(meeting({ times: weekly }), { viewerZone: TOKYO }));
    expect(tokyo.times.map((t) => `${t.localDate} ${t.localStart}`)).toEqual(['2026-03-03 08:00', '2026-03-10 07:00', '2026-03-17 07:00']);
  });

  it('keeps an all-day time on the same date in Tokyo and Los Angeles (rallly #22)', () => {
    const times = [{ kind: 'day' as const, date: '2026-03-09', days: 1 }, { kind: 'day' as const, date: '2026-03-20', days: 3 }];
    const tokyo = meetingGrid(input(meeting({ times }), { viewerZone: TOKYO }));
    const la = meetingGrid(input(meeting({ times }), { viewerZone: LA }));
    expect(tokyo.times.map((t) => t.localDate)).toEqual(['2026-03-09', '2026-03-20']);
    expect(la.times.map((t) => t.when)).toEqual(tokyo.times.map((t) => t.when));
    expect(la.times[0]!.when).toBe('Mon, Mar 9, 2026');
    expect(la.times[1]!.when).toMatch(/Fri, Mar 20\s*–\s*Sun, Mar 22, 2026/);
    expect(la.times.every((t) => t.allDay && t.localStart === null && t.night === 0)).toBe(true);
  });

  it('counts answers per time, the viewer\'s waiting ones included, and picks the best time so far', () => {
    const times = weekly;
    const m = meeting({ times, answers: { ada: ['yes', 'maybe', 'no'], cy: ['no', 'yes', 'yes'] } });
    const before = meetingGrid(input(m, { myAnswers: null }));
    expect(before.times.map((t) => [t.yes, t.maybe, t.no])).toEqual([[1, 0, 1], [1, 1, 0], [1, 0, 1]]);
    expect(before.best).toBe(1);
    expect(before.pending).toBe(false);
    expect(before.times.map((t) => t.mine)).toEqual([null, null, null]);
    const after = meetingGrid(input(m, { myAnswers: ['yes', 'no', 'yes'] }));
    expect(after.pending).toBe(true);
    expect(after.times.map((t) => t.mine)).toEqual(['yes', 'no', 'yes']);
    expect(after.times.map((t) => [t.yes, t.maybe, t.no])).toEqual([[2, 0, 1], [1, 1, 1], [2, 0, 1]]);
    // A tie on yes + if need be and on yes goes to the fewest at night: 18:00 in New York is 07:00 or 08:00 in Tokyo, day for both.
    expect(after.best).toBe(0);
    expect(after.times.filter((t) => t.best).map((t) => t.index)).toEqual([0]);
    expect(after.answered).toBe(3);
  });

  it('has no best time before anyone says yes or if need be', () => {
    const g = meetingGrid(input(meeting({ times: weekly, answers: { ada: ['no', 'no', 'no'] } })));
    expect(g.best).toBeNull();
    expect(g.times.some((t) => t.best)).toBe(false);
  });

  it('counts night in each member\'s own zone, and members without an intro in no zone', () => {
    // 09:30 in New York is 22:30 in Tokyo: night for Bo only; 03:00 in New York is 17:00 in Tokyo: night for Ada only.
    const times = [
      { kind: 'timed' as const, start: localInstant('2026-03-10T09:30', NY)!, minutes: 30 },
      { kind: 'timed' as const, start: localInstant('2026-03-10T03:00', NY)!, minutes: 30 },
      { kind: 'timed' as const, start: localInstant('2026-03-10T23:30', NY)!, minutes: 30 },
    ];
    const g = meetingGrid(input(meeting({ times })));
    expect(g.times.map((t) => t.night)).toEqual([1, 1, 1]);
    expect(g.zoned).toBe(2);
    expect(g.unzoned).toBe(1);
    // A member who left no longer counts, whatever their intro said.
    const fewer = meetingGrid(input(meeting({ times }), { memberIds: ['ada'] }));
    expect(fewer.times.map((t) => t.night)).toEqual([0, 1, 1]);
    expect(fewer.unzoned).toBe(0);
  });

  it('marks the confirmed time and the times already over', () => {
    const g = meetingGrid(input(meeting({ times: weekly, confirmed: 2 }), { now: Date.UTC(2026, 2, 5) }));
    expect(g.times.map((t) => t.confirmed)).toEqual([false, false, true]);
    expect(g.times.map((t) => t.past)).toEqual([true, false, false]);
    const day = describeTime({ kind: 'day', date: '2026-03-09', days: 1 }, TOKYO, 'ja-JP');
    expect(day.when).toContain('2026');
  });

  it('fills the times not answered yet with "no" when the viewer answers one', () => {
    const g = meetingGrid(input(meeting({ times: weekly, answers: { bo: ['maybe', 'yes', 'no'] } })));
    expect(answersWith(g, 2, 'yes')).toEqual(['maybe', 'yes', 'yes']);
    const fresh = meetingGrid(input(meeting({ times: weekly })));
    expect(answersWith(fresh, 1, 'maybe')).toEqual(['no', 'maybe', 'no']);
  });
});
