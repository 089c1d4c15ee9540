import { parseZonedDateTime } from '@internationalized/date';
import { describe, expect, it } from 'vitest';
import type { CheckIn, Goal } from '../protocol/goals';
import type { Meeting } from '../protocol/meetings';
import { localDateAt } from '../protocol/rules/dates';
import type { RecordRow } from '../sync/rows';
import { nextReminders, reminderTarget, type ReminderInput } from './reminders';

const at = (local: string, zone: string) => parseZonedDateTime(`${local}[${zone}]`).toDate().getTime();
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

const row = <K extends RecordRow['kind']>(kind: K, id: string, data: Extract<RecordRow, { kind: K }>['data'], o: Partial<RecordRow> = {}) =>
  ({ groupId: 'g', kind, id, data, delivery: 'sent', error: null, fromEvent: true, ...o }) as RecordRow;
const goal = (id: string, o: Partial<Goal> = {}) =>
  row('goal', id, { id, groupId: 'g', memberId: 'me', title: `Goal ${id}`, cadence: 'daily', endDate: null, createdAt: at('2026-01-01T09:00', 'UTC'), ...o });
const checkIn = (goalId: string, when: number, zone: string, o: Partial<CheckIn> = {}) => {
  const id = `c-${goalId}-${when}`;
  return row('checkin', id, { id, goalId, memberId: 'me', at: when, timeZone: zone, localDate: localDateAt(when, zone), note: '', cheers: [], ...o });
};
const meeting = (id: string, o: Partial<Meeting> = {}) =>
  row('meeting', id, { id, groupId: 'g', organiser: 'bob', title: `Meeting ${id}`, times: [], answers: {}, confirmed: null, sequence: 0, createdAt: 0, ...o });

const GROUPS = [{ groupId: 'g', name: 'Knitting circle', memberId: 'me' }];
const remind = (o: Partial<ReminderInput>) =>
  nextReminders({ groups: GROUPS, records: [], settings: { remindCheckIns: true, remindMeetings: true }, now: 0, zone: 'UTC', rule: { locale: 'en-GB' }, ...o });

describe('check-in reminders', () => {
  it('come at 20:00 local the day after the spring DST change in New York, not 24 hours after the day before (a 23-hour day)', () => {
    const zone = 'America/New_York';
    // 21:00 on 7 March: today's reminder is past, so the next is 8 March, the day clocks go forward.
    const [r] = remind({ zone, now: at('2026-03-07T21:00', zone), records: [goal('g1')] });
    expect(iso(r?.at)).toBe('2026-03-09T00:00:00.000Z'); // 20:00 EDT
    expect(r).toMatchObject({ kind: 'checkin', goalId: 'g1', groupName: 'Knitting circle', id: 'reminder:checkin:g:g1:2026-03-08' });
  });

  it('come at 20:00 local on the autumn DST change in Berlin (a 25-hour day), and move to the next day once checked in', () => {
    const zone = 'Europe/Berlin';
    const now = at('2026-10-25T08:00', zone);
    expect(iso(remind({ zone, now, records: [goal('g1')] })[0]?.at)).toBe('2026-10-25T19:00:00.000Z'); // 20:00 CET
    const done = checkIn('g1', at('2026-10-25T00:30', zone), zone);
    expect(iso(remind({ zone, now, records: [goal('g1'), done] })[0]?.at)).toBe('2026-10-26T19:00:00.000Z');
  });

  it('follow the member\'s zone now: in Auckland across the end of DST (2026-04-05)', () => {
    const zone = 'Pacific/Auckland';
    const [r] = remind({ zone, now: at('2026-04-04T21:00', zone), records: [goal('g1')] });
    expect(iso(r?.at)).toBe('2026-04-05T08:00:00.000Z'); // 20:00 NZST (+12), the day before it was +13
  });

  it('count a check-in made elsewhere by the date it had there', () => {
    // Checked in at 22:00 in New York on the 10th (03:00 UTC on the 11th), back in London on the 10th's evening.
    const done = checkIn('g1', at('2026-03-10T22:00', 'America/New_York'), 'America/New_York');
    const [r] = remind({ zone: 'Europe/London', now: at('2026-03-10T19:00', 'Europe/London'), records: [goal('g1'), done] });
    expect(r?.id).toBe('reminder:checkin:g:g1:2026-03-11');
  });

  it('for a weekly goal, come on the last day of the member\'s week (Saturday in en-US, Sunday in en-GB), or of the next week once checked in', () => {
    const zone = 'UTC';
    const now = at('2026-03-11T10:00', zone);
    const weekly = goal('w1', { cadence: 'weekly' });
    expect(remind({ zone, now, rule: { locale: 'en-US' }, records: [weekly] })[0]?.id).toBe('reminder:checkin:g:w1:2026-03-14');
    expect(remind({ zone, now, rule: { locale: 'en-GB' }, records: [weekly] })[0]?.id).toBe('reminder:checkin:g:w1:2026-03-15');
    const done = checkIn('w1', at('2026-03-09T10:00', zone), zone);
    expect(remind({ zone, now, rule: { locale: 'en-GB' }, records: [weekly, done] })[0]?.id).toBe('reminder:checkin:g:w1:2026-03-22');
  });

  it('stop at the goal\'s end date (a weekly goal ending mid-week is due on its last day)', () => {
    const zone = 'UTC';
    const now = at('2026-03-11T21:00', zone);
    expect(remind({ zone, now, records: [goal('g1', { endDate: '2026-03-11' })] })).toEqual([]);
    expect(remind({ zone, now, records: [goal('w1', { cadence: 'weekly', endDate: '2026-03-12' })] })[0]?.id).toBe('reminder:checkin:g:w1:2026-03-12');
  });

  it('are only for the member\'s own goals, in groups they are still in, not for refused goals, and not when turned off', () => {
    const now = at('2026-03-11T10:00', 'UTC');
    expect(remind({ now, records: [goal('g1', { memberId: 'bob' })] })).toEqual([]);
    expect(remind({ now, records: [goal('g1', { groupId: 'h' })].map((r) => ({ ...r, groupId: 'h' }) as RecordRow) })).toEqual([]);
    expect(remind({ now, records: [goal('g1')].map((r) => ({ ...r, delivery: 'failed' }) as RecordRow) })).toEqual([]);
    expect(remind({ now, records: [goal('g1')], settings: { remindCheckIns: false, remindMeetings: true } })).toEqual([]);
  });
});

describe('meeting reminders', () => {
  const timed = (start: number) => ({ kind: 'timed' as const, start, minutes: 60 });

  it('come 15 minutes before a confirmed timed meeting, soonest first', () => {
    const start = at('2026-03-08T10:00', 'America/New_York'); // the morning after clocks went forward
    const later = meeting('m2', { times: [timed(start + 86_400_000)], confirmed: 0 });
    const soon = meeting('m1', { times: [timed(start - 86_400_000 * 3), timed(start)], confirmed: 1, sequence: 2 });
    const list = remind({ zone: 'America/New_York', now: at('2026-03-07T12:00', 'America/New_York'), records: [later, soon, meeting('m3', { times: [timed(start)] })] });
    expect(list.map((r) => [r.id, iso(r.at)])).toEqual([
      ['reminder:meeting:g:m1:2', '2026-03-08T13:45:00.000Z'],
      ['reminder:meeting:g:m2:0', '2026-03-09T13:45:00.000Z'],
    ]);
  });

  it('come at 09:00 local on an all-day meeting\'s date, which is the same date in every zone', () => {
    const m = meeting('m1', { times: [{ kind: 'day', date: '2026-03-08', days: 1 }], confirmed: 0 });
    expect(iso(remind({ zone: 'America/New_York', now: at('2026-03-07T12:00', 'UTC'), records: [m] })[0]?.at)).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(remind({ zone: 'Asia/Tokyo', now: at('2026-03-07T12:00', 'UTC'), records: [m] })[0]?.at)).toBe('2026-03-08T00:00:00.000Z');
  });

  it('are not for a meeting whose reminder time has passed, one the member said no to, or when turned off', () => {
    const now = at('2026-03-08T09:50', 'UTC');
    const start = at('2026-03-08T10:00', 'UTC');
    expect(remind({ now, records: [meeting('m1', { times: [timed(start)], confirmed: 0 })] })).toEqual([]);
    const tomorrow = start + 86_400_000;
    expect(remind({ now, records: [meeting('m1', { times: [timed(tomorrow)], confirmed: 0, answers: { me: ['no'] } })] })).toEqual([]);
    expect(remind({ now, records: [meeting('m1', { times: [timed(tomorrow)], confirmed: 0 })], settings: { remindCheckIns: true, remindMeetings: false } })).toEqual([]);
  });
});

describe('what a reminder opens', () => {
  it('a meeting reminder opens its group on Meetings at the meeting; a check-in reminder on Goals; anything else nothing', () => {
    const g = '5b0e4c3a-1d2f-4a5b-8c6d-7e8f9a0b1c2d';
    const start = at('2026-03-08T10:00', 'UTC');
    const groups = [{ groupId: g, name: 'Knitting circle', memberId: 'me' }];
    const records = [{ ...meeting('m1', { times: [{ kind: 'timed', start, minutes: 60 }], confirmed: 0, sequence: 3 }), groupId: g }, { ...goal('k1'), groupId: g }];
    const list = remind({ groups, records, now: at('2026-03-08T08:00', 'UTC') });
    expect(list.map((r) => reminderTarget(r.id))).toEqual([
      { groupId: g, threadId: null, section: 'meetings', itemId: 'm1' },
      { groupId: g, threadId: null, section: 'goals', itemId: 'k1' },
    ]);
    expect(reminderTarget('nook:m:g:t:m')).toBeNull();
    expect(reminderTarget('reminder:other:g:x')).toBeNull();
    expect(reminderTarget('reminder:meeting:g')).toBeNull();
  });
});
