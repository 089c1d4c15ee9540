import { CalendarDateTime, toZoned } from '@internationalized/date';
import { afterEach, describe, expect, it } from 'vitest';
import { localDateAt } from './calendar';
import { streak } from './goals';

/** The instant of a wall-clock time in a zone. */
const at = (zone: string, y: number, mo: number, d: number, h: number, mi = 0) => toZoned(new CalendarDateTime(y, mo, d, h, mi), zone).toDate().getTime();
const checkIn = (instant: number, zone: string) => ({ localDate: localDateAt(instant, zone) });

describe('streaks count the member’s own calendar days', () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    if (hostZone === undefined) delete process.env.TZ;
    else process.env.TZ = hostZone;
  });

  it('go on across a DST change, the 23-hour and the 25-hour day (habitica #3231, tickmate #113)', () => {
    // Berlin springs forward on 29 March 2026 and falls back on 25 October 2026.
    const spring = [28, 29, 30, 31].map((d) => checkIn(at('Europe/Berlin', 2026, 3, d, 0, 30), 'Europe/Berlin'));
    expect(spring.map((c) => c.localDate)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    expect(streak(spring, 'daily', '2026-03-31')).toBe(4);
    const autumn = [24, 25, 26].map((d) => checkIn(at('Europe/Berlin', 2026, 10, d, 23, 30), 'Europe/Berlin'));
    expect(streak(autumn, 'daily', '2026-10-26')).toBe(3);
    // The two instants around the spring change are 23 hours apart, around the autumn one 25:
    // dividing milliseconds by a day would have merged or split these days.
    expect(at('Europe/Berlin', 2026, 3, 30, 0, 30) - at('Europe/Berlin', 2026, 3, 29, 0, 30)).toBe(23 * 3600_000);
    expect(at('Europe/Berlin', 2026, 10, 26, 0, 30) - at('Europe/Berlin', 2026, 10, 25, 0, 30)).toBe(25 * 3600_000);
  });

  it('go on for a member who travels to another zone, counted where each check-in was made (habitica #3806)', () => {
    // 1 June, 23:00 in Tokyo; then a flight, and 2 June, 08:00 in Los Angeles (3 June in Tokyo).
    const tokyo = at('Asia/Tokyo', 2026, 6, 1, 23);
    const la = at('America/Los_Angeles', 2026, 6, 2, 8);
    expect(localDateAt(la, 'Asia/Tokyo')).toBe('2026-06-03');
    const made = [checkIn(tokyo, 'Asia/Tokyo'), checkIn(la, 'America/Los_Angeles')];
    expect(made.map((c) => c.localDate)).toEqual(['2026-06-01', '2026-06-02']);
    expect(streak(made, 'daily', '2026-06-02')).toBe(2);
  });

  it('use the member’s day, not the day of the machine that computes it (freeCodeCamp #479)', () => {
    const instant = Date.UTC(2030, 0, 1, 5, 0); // 31 December, 21:00 in Los Angeles
    const dates = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'].map((host) => {
      process.env.TZ = host;
      return [new Date(instant).getDate(), localDateAt(instant, 'America/Los_Angeles')] as const;
    });
    // The host's own calendar moved (1, 1, 31 December)... the member's date did not.
    expect(dates.map(([hostDay]) => hostDay)).toEqual([1, 1, 31]);
    expect(dates.map(([, date]) => date)).toEqual(['2029-12-31', '2029-12-31', '2029-12-31']);
  });

  it('are not broken by a day still under way, and are broken by a day missed', () => {
    const days = ['2026-05-01', '2026-05-02', '2026-05-03'].map((localDate) => ({ localDate }));
    expect(streak(days, 'daily', '2026-05-04')).toBe(3);
    expect(streak(days, 'daily', '2026-05-05')).toBe(0);
    expect(streak([...days, { localDate: '2026-05-05' }], 'daily', '2026-05-05')).toBe(1);
    expect(streak([], 'daily', '2026-05-05')).toBe(0);
  });

  it('count weeks by the locale’s first day, or the member’s own', () => {
    // Sunday 7 June and Monday 8 June 2026.
    const sunMon = [{ localDate: '2026-06-07' }, { localDate: '2026-06-08' }];
    // In the US a week starts on Sunday: both days are one week.
    expect(streak(sunMon, 'weekly', '2026-06-10', { locale: 'en-US' })).toBe(1);
    // In Germany it starts on Monday: two weeks in a row.
    expect(streak(sunMon, 'weekly', '2026-06-10', { locale: 'de-DE' })).toBe(2);
    expect(streak(sunMon, 'weekly', '2026-06-10', { locale: 'en-US', firstDay: 'mon' })).toBe(2);
    // A week not yet over does not break it; a week missed does.
    expect(streak(sunMon, 'weekly', '2026-06-16', { locale: 'de-DE' })).toBe(2);
    expect(streak(sunMon, 'weekly', '2026-06-23', { locale: 'de-DE' })).toBe(0);
  });
});
