import { describe, expect, it } from 'vitest';
import { member } from '../discussion/fixtures';
import type { RecordItem } from '../../sync/types';
import { shouldAskIntro, welcomes } from './intros';
import { parseInterests, zoneChoices } from './zones';

type IntroRow = Extract<RecordItem, { kind: 'intro' }>;
const row = (id: string, patch: Partial<IntroRow['data']> = {}, delivery: IntroRow['delivery'] = 'sent'): IntroRow => ({
  groupId: 'g1',
  kind: 'intro',
  id,
  data: { memberId: id, text: `hi from ${id}`, interests: [], timeZone: 'Asia/Kolkata', skipped: false, updatedAt: 10, ...patch },
  delivery,
  error: delivery === 'failed' ? { code: 'bad_request', message: 'no' } : null,
  fromEvent: delivery === 'sent',
});
const DAY = 24 * 3600_000;

describe('intros', () => {
  it('asks a member who joined less than a week ago and has no intro, and asks again after a refusal', () => {
    const now = 100 * DAY;
    const me = member({ id: 'me', name: 'Vi', self: true, joinedAt: now - DAY });
    expect(shouldAskIntro(me, [], now)).toBe(true);
    expect(shouldAskIntro(me, [row('me', { skipped: true, text: '' })], now)).toBe(false);
    expect(shouldAskIntro(me, [row('me', {}, 'pending')], now)).toBe(false);
    expect(shouldAskIntro(me, [row('me', {}, 'failed')], now)).toBe(true);
    expect(shouldAskIntro({ ...me, joinedAt: now - 8 * DAY }, [], now)).toBe(false);
    expect(shouldAskIntro(undefined, [], now)).toBe(false);
  });

  it('welcomes posted intros of current members, oldest first, not skipped or refused ones', () => {
    const members = [member({ id: 'a', name: 'Ann' }), member({ id: 'b', name: 'Bo', self: true }), member({ id: 'c', name: 'Cy' })];
    const rows = [row('b', { updatedAt: 30 }, 'pending'), row('a', { updatedAt: 20 }), row('c', { skipped: true, text: '' }), row('gone'), row('a2', {}, 'failed')];
    expect(welcomes(rows, members).map((w) => [w.name, w.at, w.mine, w.delivery])).toEqual([
      ['Ann', 20, false, 'sent'],
      ['Bo', 30, true, 'pending'],
    ]);
  });

  it('reads interests as comma-separated tags, each once', () => {
    expect(parseInterests(' socks, Trains,,trains\ncolourwork ')).toEqual(['socks', 'Trains', 'colourwork']);
    expect(parseInterests('x,'.repeat(20).replace(/x/g, () => String(Math.random())))).toHaveLength(12);
  });

  it('offers the listed name of the browser’s zone when the browser names it by another alias', () => {
    // Browsers disagree on which of the two they list (Node lists Calcutta, Chromium Kolkata), and both resolve to one zone.
    const listed = Intl.supportedValuesOf('timeZone');
    for (const alias of ['Asia/Kolkata', 'Asia/Calcutta']) {
      const { zones, selected } = zoneChoices(alias);
      expect(listed).toContain(selected);
      expect(zones).toEqual(listed);
    }
    expect(zoneChoices('Europe/Paris').selected).toBe('Europe/Paris');
    // A zone the list lacks under any name is still offered, first.
    const utc = zoneChoices('UTC');
    expect(utc.zones[0] === utc.selected || listed.includes(utc.selected)).toBe(true);
  });
});
