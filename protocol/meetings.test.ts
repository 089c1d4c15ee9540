import { describe, expect, it } from 'vitest';
import { atNight, bestTime, type CandidateTime } from './meetings';

const timed = (iso: string, minutes = 60): CandidateTime => ({ kind: 'timed', start: Date.parse(iso), minutes });

describe('meeting times', () => {
  it('fall at night by each member’s own clock, DST included (nextcloud/polls #2850)', () => {
    // 05:30 UTC is 06:30 in Berlin before the change on 31 March 2030, and 07:30 after it.
    expect(atNight(timed('2030-03-24T05:30:00Z'), 'Europe/Berlin')).toBe(true);
    expect(atNight(timed('2030-03-31T05:30:00Z'), 'Europe/Berlin')).toBe(false);
    // 07:00 and 22:00 themselves are day; a minute before and after are night.
    expect(atNight(timed('2030-01-02T07:00:00Z'), 'UTC')).toBe(false);
    expect(atNight(timed('2030-01-02T06:59:00Z'), 'UTC')).toBe(true);
    expect(atNight(timed('2030-01-02T22:00:00Z'), 'UTC')).toBe(false);
    expect(atNight(timed('2030-01-02T22:01:00Z'), 'UTC')).toBe(true);
  });

  it('never put an all-day time at night, nor on another day for a member far away (rallly #22)', () => {
    const day: CandidateTime = { kind: 'day', date: '2030-01-10', days: 1 };
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Tokyo']) expect(atNight(day, zone)).toBe(false);
    expect(day.date).toBe('2030-01-10');
  });

  it('pick the most yes plus if-need-be, then the most yes, then the fewest at night, then the first', () => {
    const times = [timed('2030-01-02T12:00:00Z'), timed('2030-01-02T16:00:00Z'), timed('2030-01-02T18:00:00Z')];
    const zones = ['Asia/Tokyo', 'America/New_York'];
    // Both say yes to the first two: 16:00 UTC is 01:00 in Tokyo, so the first wins.
    expect(bestTime({ times, answers: { a: ['yes', 'yes', 'no'], b: ['yes', 'yes', 'maybe'] } }, zones)).toBe(0);
    // More yes beats fewer at night.
    expect(bestTime({ times, answers: { a: ['yes', 'yes', 'no'], b: ['maybe', 'yes', 'no'] } }, zones)).toBe(1);
    // More yes plus if-need-be beats more yes.
    expect(bestTime({ times, answers: { a: ['yes', 'no', 'maybe'], b: ['no', 'no', 'maybe'] } }, zones)).toBe(2);
    expect(bestTime({ times, answers: {} }, [])).toBe(0);
  });
});
