import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol';
import { ManualClock } from './testing/clock';
import { everythingKept } from './testing/database';
import { BACKENDS, useHubs } from './testing/hubs';
import type { Api } from './testing/api';

const hubs = useHubs();
const HOUR = 3600_000;
// The hubs' clock: Tuesday 1 January 2030, 00:00 UTC; still Monday 31 December in Los Angeles.
const START = Date.UTC(2030, 0, 1);

async function setUp(api: Api) {
  const g = await api.group();
  const ann = await api.member(g.groupId, g.token, 'Ann');
  const goal = async (token: string, body: Record<string, unknown> = {}) => {
    const r = await api.post(`/groups/${g.groupId}/goals`, { id: randomUUID(), title: 'Run', cadence: 'daily', ...body }, token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.goal.id as string;
  };
  const checkIn = (goalId: string, token: string, body: Record<string, unknown> = {}) =>
    api.post(`/groups/${g.groupId}/goals/${goalId}/checkins`, { id: randomUUID(), at: START, timeZone: 'America/Los_Angeles', ...body }, token);
  return { g, ann, goal, checkIn };
}

describe.each(BACKENDS)('goals and check-ins (%s)', (backend) => {
  it('counts a check-in for its date where the member is, computed on the hub; once a day; repeats are the same check-in', async () => {
    const clock = new ManualClock(START);
    const { api } = await hubs.start(backend, { clock });
    const { g, ann, goal, checkIn } = await setUp(api);
    const goalId = await goal(ann.token);
    const body = { id: randomUUID(), at: START, timeZone: 'America/Los_Angeles', note: '5 km' };
    const first = await checkIn(goalId, ann.token, body);
    expect(first.status).toBe(200);
    expect(first.body.checkIn).toMatchObject({ at: START, timeZone: 'America/Los_Angeles', localDate: '2029-12-31', note: '5 km', cheers: [] });
    expect((await checkIn(goalId, ann.token, body)).body).toEqual(first.body);

    const before = await api.events(g.groupId, ann.token);
    // Later the same Los Angeles day: refused. A day that has not begun there: refused.
    const again = await checkIn(goalId, ann.token, { at: START - 2 * HOUR });
    expect([again.status, again.body.error.code]).toEqual([409, 'already_checked_in']);
    const future = await checkIn(goalId, ann.token, { at: START + 20 * HOUR });
    expect([future.status, future.body.error.code]).toEqual([422, 'checkin_future']);
    expect(await api.events(g.groupId, ann.token)).toEqual(before);

    // In Tokyo it is 1 January already: the same instant counts for that day there, whatever
    // the zone the hub itself runs in (freeCodeCamp #479: the server's day was used).
    const hostZone = process.env.TZ;
    process.env.TZ = 'Pacific/Pago_Pago';
    const tokyo = await (async () => {
      try {
        expect(new Date(START).getDate(), 'the host’s own day').toBe(31);
        return await checkIn(goalId, ann.token, { at: START, timeZone: 'Asia/Tokyo' });
      } finally {
        if (hostZone === undefined) delete process.env.TZ;
        else process.env.TZ = hostZone;
      }
    })();
    expect(tokyo.body.checkIn.localDate).toBe('2030-01-01');

    const events = (await api.events(g.groupId, ann.token)) as GroupEvent[];
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'checkin.created').map((e) => e.data)).toEqual([first.body.checkIn, tokyo.body.checkIn]);
  });

  it('takes one check-in a week for a weekly goal, in the member’s week; none after the goal’s last date', async () => {
    // Sunday 6 January 2030, noon UTC.
    const now = Date.UTC(2030, 0, 6, 12);
    const { api } = await hubs.start(backend, { clock: new ManualClock(now) });
    const { ann, goal, checkIn } = await setUp(api);
    const weekly = await goal(ann.token, { cadence: 'weekly' });
    const sunday = { at: now, timeZone: 'UTC' };
    expect((await checkIn(weekly, ann.token, { ...sunday, at: now - 6 * 24 * HOUR, locale: 'de-DE' })).status).toBe(200); // Monday
    // Sunday ends the German week that began on Monday...
    const same = await checkIn(weekly, ann.token, { ...sunday, locale: 'de-DE' });
    expect([same.status, same.body.error.code]).toEqual([409, 'already_checked_in']);
    // ...and begins the next one for a member whose week starts on Sunday.
    expect((await checkIn(weekly, ann.token, { ...sunday, firstDay: 'sun' })).status).toBe(200);

    const ended = await goal(ann.token, { endDate: '2030-01-05' });
    const late = await checkIn(ended, ann.token, sunday);
    expect([late.status, late.body.error.code]).toEqual([409, 'goal_ended']);
  });

  it('lets only the goal’s member check in, never a removed member; another group’s goal is not found', async () => {
    const { api } = await hubs.start(backend, { clock: new ManualClock(START) });
    const { g, ann, goal, checkIn } = await setUp(api);
    const bob = await api.member(g.groupId, g.token, 'Bob');
    const goalId = await goal(ann.token);
    const byBob = await checkIn(goalId, bob.token);
    expect([byBob.status, byBob.body.error.code]).toEqual([403, 'forbidden']);
    const other = await api.group({ name: 'Other' });
    const elsewhere = await api.post(`/groups/${other.groupId}/goals/${goalId}/checkins`, { id: randomUUID(), at: START, timeZone: 'UTC' }, other.token);
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([404, 'goal_not_found']);
    await api.del(`/groups/${g.groupId}/members/${ann.memberId}`, g.token);
    const removed = await checkIn(goalId, ann.token);
    expect([removed.status, removed.body.error.code]).toEqual([403, 'not_member']);
    expect((await api.get(`/groups/${g.groupId}/goals`, g.token)).body.checkIns).toEqual([]);
  });

  it('cheers a check-in once per member; the weekly board shows members × goals × the week’s check-ins', async () => {
    const { api } = await hubs.start(backend, { clock: new ManualClock(START) });
    const { g, ann, goal, checkIn } = await setUp(api);
    const run = await goal(ann.token);
    const read = await goal(g.token, { title: 'Read', cadence: 'weekly' });
    const made = (await checkIn(run, ann.token)).body.checkIn;
    expect((await checkIn(read, g.token, { at: START - 3 * 24 * HOUR, timeZone: 'UTC' })).status).toBe(200); // 29 December, the week before
    const cheerAt = `/groups/${g.groupId}/checkins/${made.id}/cheer`;
    expect((await api.put(cheerAt, { on: true }, g.token)).body.checkIn.cheers).toEqual([g.ownerId]);
    expect((await api.put(cheerAt, { on: true }, g.token)).body.checkIn.cheers).toEqual([g.ownerId]);
    const cheered = ((await api.events(g.groupId, g.token)) as GroupEvent[]).filter((e) => e.kind === 'checkin.cheered');
    expect(cheered.map((e) => e.data)).toEqual([{ checkInId: made.id, goalId: run, memberId: g.ownerId, on: true }]);

    const board = (await api.get(`/groups/${g.groupId}/goals/board?week=2029-12-31&locale=de-DE`, ann.token)).body;
    expect([board.weekStart, board.weekEnd]).toEqual(['2029-12-31', '2030-01-06']);
    const rows = Object.fromEntries(board.rows.map((r: { name: string; goals: { goal: { title: string }; checkIns: unknown[] }[] }) => [r.name, r.goals.map((x) => [x.goal.title, x.checkIns.length])]));
    expect(rows).toEqual({ Olive: [['Read', 0]], Ann: [['Run', 1]] });
    // Without a date, the week is the one holding the viewer's today where they are.
    const inLa = (await api.get(`/groups/${g.groupId}/goals/board?timeZone=America/Los_Angeles&firstDay=sun`, ann.token)).body;
    expect([inLa.weekStart, inLa.weekEnd]).toEqual(['2029-12-30', '2030-01-05']);
    const inUtc = (await api.get(`/groups/${g.groupId}/goals/board?firstDay=tue`, ann.token)).body;
    expect(inUtc.weekStart).toBe('2030-01-01');
  });

  it('keeps no note of a member who is removed, in any table or event', async () => {
    const t = await hubs.start(backend, { clock: new ManualClock(START) });
    const { g, ann, goal, checkIn } = await setUp(t.api);
    await checkIn(await goal(ann.token), ann.token, { note: 'ran past the haunted mill' });
    expect(await everythingKept(t)).toMatch(/haunted mill/);
    await t.api.del(`/groups/${g.groupId}/members/${ann.memberId}`, g.token);
    expect(JSON.stringify(await t.api.events(g.groupId, g.token))).not.toMatch(/haunted mill/);
    expect(await everythingKept(t)).not.toMatch(/haunted mill/);
  });
});
