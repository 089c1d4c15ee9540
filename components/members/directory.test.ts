import { describe, expect, it } from 'vitest';
import type { Intro } from '../../protocol/intros';
import { member } from '../discussion/fixtures';
import { directory } from './directory';

const intro = (memberId: string, timeZone: string, patch: Partial<Intro> = {}): Intro => ({
  memberId,
  text: `I am ${memberId}`,
  interests: [],
  timeZone,
  skipped: false,
  updatedAt: 0,
  ...patch,
});

const DAY = 24 * 3600_000;

describe('directory', () => {
  it('puts those awake where they are first, whatever the viewer’s zone, then by role and name', () => {
    // 2024-06-12 04:00 UTC: 09:30 in Kolkata, 00:00 in New York, 13:00 in Tokyo, 05:00 in London.
    const now = Date.UTC(2024, 5, 12, 4, 0);
    const members = [
      member({ id: 'ny', name: 'Ann' }),
      member({ id: 'kol', name: 'Vi' }),
      member({ id: 'tok', name: 'Bo' }),
      member({ id: 'lon', name: 'Cy', role: 'owner' }),
      member({ id: 'none', name: 'Ada' }),
    ];
    const rows = directory(members, [intro('ny', 'America/New_York'), intro('kol', 'Asia/Kolkata'), intro('tok', 'Asia/Tokyo'), intro('lon', 'Europe/London')], now, 'en');
    expect(rows.map((r) => [r.member.name, r.awake])).toEqual([
      ['Bo', true],
      ['Vi', true],
      ['Cy', false],
      ['Ada', false],
      ['Ann', false],
    ]);
    expect(rows.find((r) => r.member.id === 'none')!.timeZone).toBeNull();
  });

  it('follows daylight saving time: the same UTC hour is night before the change and morning after it', () => {
    const ny = [member({ id: 'ny', name: 'Ann' })];
    const intros = [intro('ny', 'America/New_York')];
    // 11:30 UTC is 06:30 EST on 9 March 2024, and 07:30 EDT on 10 March (clocks went forward at 02:00).
    expect(directory(ny, intros, Date.UTC(2024, 2, 9, 11, 30))[0]!.awake).toBe(false);
    expect(directory(ny, intros, Date.UTC(2024, 2, 10, 11, 30))[0]!.awake).toBe(true);
    // And back in November: 11:30 UTC is 07:30 EDT on 2 November, 06:30 EST on 3 November.
    expect(directory(ny, intros, Date.UTC(2024, 10, 2, 11, 30))[0]!.awake).toBe(true);
    expect(directory(ny, intros, Date.UTC(2024, 10, 3, 11, 30))[0]!.awake).toBe(false);
  });

  it('counts 07:00 to 22:00 as awake, the bounds included', () => {
    const m = [member({ id: 'kol', name: 'Vi' })];
    const z = [intro('kol', 'Asia/Kolkata')];
    // Kolkata is UTC+05:30 all year.
    expect(directory(m, z, Date.UTC(2024, 0, 1, 1, 29))[0]!.awake).toBe(false); // 06:59
    expect(directory(m, z, Date.UTC(2024, 0, 1, 1, 30))[0]!.awake).toBe(true); // 07:00
    expect(directory(m, z, Date.UTC(2024, 0, 1, 16, 30))[0]!.awake).toBe(true); // 22:00
    expect(directory(m, z, Date.UTC(2024, 0, 1, 16, 31))[0]!.awake).toBe(false); // 22:01
  });

  it('marks members who joined less than a week ago as new', () => {
    const now = Date.UTC(2024, 5, 12);
    const rows = directory([member({ id: 'a', name: 'A', joinedAt: now - 7 * DAY + 60_000 }), member({ id: 'b', name: 'B', joinedAt: now - 7 * DAY })], [], now);
    expect(rows.map((r) => [r.member.id, r.isNew])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('keeps a skipped intro’s zone but shows no intro, and ignores a zone this browser does not know', () => {
    const now = Date.UTC(2024, 5, 12, 4, 0);
    const rows = directory(
      [member({ id: 'a', name: 'A' }), member({ id: 'b', name: 'B' })],
      [intro('a', 'Asia/Tokyo', { skipped: true, text: '' }), intro('b', 'Mars/Olympus_Mons')],
      now,
    );
    expect(rows[0]).toMatchObject({ intro: null, timeZone: 'Asia/Tokyo', awake: true });
    expect(rows[1]).toMatchObject({ timeZone: null, awake: false });
    expect(rows[1]!.intro?.text).toBe('I am b');
  });
});
