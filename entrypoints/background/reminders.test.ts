import 'fake-indexeddb/auto';
import { parseZonedDateTime } from '@internationalized/date';
import { afterEach, describe, expect, it } from 'vitest';
import { localDateAt } from '../../protocol/rules/dates';
import { setSettings } from '../../storage/settings';
import { dropDbs, freshDb } from '../../storage/test-helpers';
import type { RecordRow } from '../../sync/rows';
import { reschedule, ring, type ReminderDeps } from './reminders';

afterEach(dropDbs);

const ZONE = 'America/New_York';
const at = (local: string) => parseZonedDateTime(`${local}[${ZONE}]`).toDate().getTime();

/** browser.alarms and browser.notifications as they behave, kept in memory. */
function fakes(now: number) {
  const alarms = new Map<string, number>();
  const shown: { id: string; title: string; message: string }[] = [];
  const deps: ReminderDeps = {
    alarms: {
      create: (name, { when }) => void alarms.set(name, when),
      clear: async (name) => alarms.delete(name),
      getAll: async () => [...alarms].map(([name, scheduledTime]) => ({ name, scheduledTime })),
      onAlarm: { addListener: () => undefined },
    },
    notifications: { create: async (id, o) => (shown.push({ id, title: o.title, message: o.message }), id) },
    now: () => now,
    calendar: () => ({ zone: ZONE, locale: 'en-US' }),
    iconUrl: 'chrome-extension://x/wordmark.png',
  };
  return { deps, alarms, shown };
}

async function seed() {
  const db = freshDb();
  await db.groups.put({ id: 'g', name: 'Knitting circle', topic: '', memberLimit: 30, hub: 'https://hub.test', contexts: [], createdAt: 0, updatedAt: 0, deletedAt: null });
  await db.memberships.put({ groupId: 'g', hub: 'https://hub.test', memberId: 'me', role: 'member', memberCount: 2, seq: 0, endedAt: null, endedReason: null });
  const goal: RecordRow = {
    groupId: 'g',
    kind: 'goal',
    id: 'g1',
    data: { id: 'g1', groupId: 'g', memberId: 'me', title: 'Scales', cadence: 'daily', endDate: null, createdAt: 0 },
    delivery: 'sent',
    error: null,
    fromEvent: true,
  };
  await db.records.put(goal);
  return db;
}

describe('the background\'s reminders', () => {
  it('sets one alarm per reminder, at 20:00 local on the DST day, and moves it once the member checks in', async () => {
    const db = await seed();
    const { deps, alarms } = fakes(at('2026-03-08T09:00'));
    await reschedule(db, deps);
    expect([...alarms].map(([n, w]) => [n, new Date(w).toISOString()])).toEqual([['reminder:checkin:g:g1:2026-03-08', '2026-03-09T00:00:00.000Z']]);
    const when = at('2026-03-08T12:00');
    await db.records.put({
      groupId: 'g',
      kind: 'checkin',
      id: 'c1',
      data: { id: 'c1', goalId: 'g1', memberId: 'me', at: when, timeZone: ZONE, localDate: localDateAt(when, ZONE), note: '', cheers: [] },
      delivery: 'pending',
      error: null,
      fromEvent: false,
    });
    // An alarm set before the check-in (the background slept through the change) rings for nothing.
    expect(await ring(db, deps, { name: 'reminder:checkin:g:g1:2026-03-08', scheduledTime: at('2026-03-08T20:00') })).toBe(false);
    await reschedule(db, deps);
    expect([...alarms.keys()]).toEqual(['reminder:checkin:g:g1:2026-03-09']);
  });

  it('notifies when the alarm rings and the check-in is still due, in the member\'s language, and not once it was made', async () => {
    const db = await seed();
    const { deps, alarms, shown } = fakes(at('2026-03-08T09:00'));
    await reschedule(db, deps);
    const [name, scheduledTime] = [...alarms][0]!;
    expect(await ring(db, deps, { name, scheduledTime })).toBe(true);
    expect(shown).toEqual([{ id: name, title: 'Time to check in: Scales', message: 'You have not checked in today (Knitting circle).' }]);
    await setSettings(db, { language: 'de' });
    expect(await ring(db, deps, { name, scheduledTime })).toBe(true);
    expect(shown[1]?.title).toBe('Zeit zum Einchecken: Scales');
    await setSettings(db, { remindCheckIns: false });
    expect(await ring(db, deps, { name, scheduledTime })).toBe(false);
    await reschedule(db, deps);
    expect(alarms.size).toBe(0);
  });

  it('ignores alarms that are not reminders', async () => {
    const db = await seed();
    const { deps, shown } = fakes(at('2026-03-08T09:00'));
    expect(await ring(db, deps, { name: 'purge', scheduledTime: 0 })).toBe(false);
    expect(shown).toEqual([]);
  });
});
