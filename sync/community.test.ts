import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { useHubs, type TestHub } from '../hub/testing/hubs';
import { dropDbs } from '../storage/test-helpers';
import { until } from '../tests/support/until';
import type { RecordKind, RecordRow } from './rows';
import { GroupStore } from '../widget/panel/store';
import { applyBatch } from './events/apply';
import { closeAll, SIDES, type Device, type Side } from './testing/sides';
import { writeCommunity, type CommunityWrite } from './writes/community';

/**
 * Intros, goals, meetings, polls and feedback through the one sync core, on both sides: the
 * member's writes go through the outbox and come back as the group's events, which every
 * device applies to the same `records` table.
 */
const hubs = useHubs();
afterEach(async () => {
  closeAll();
  await dropDbs();
});

async function write(d: Device, op: CommunityWrite, now = Date.now()): Promise<void> {
  await d.store.write((t) => writeCommunity(t, { hub: d.hub, groupId: d.groupId, memberId: d.memberId, now, id: randomUUID }, op));
  void d.sync.flush();
}

const records = <K extends RecordKind>(d: Device, kind: K) =>
  d.store.write((t) => t.records.filter((r) => r.groupId === d.groupId && r.kind === kind)) as Promise<RecordRow<K>[]>;

const online = (d: Device) => until(() => d.statuses.at(-1), (s) => s?.state === 'online' && s.behind === 0);
const drained = (d: Device) => until(() => d.outbox(), (o) => o.length === 0);

describe.each(SIDES.map((s) => [s.name, s] as [string, Side]))('micro-community records: %s', (_name, side) => {
  async function setUp() {
    const t: TestHub = await hubs.start('sqlite');
    const g = await t.api.group({ name: 'Runners', ownerName: 'Olive' });
    const invite = await t.api.invite(g.groupId, g.token);
    const d = await side.join(t.url, invite.code, 'Vi');
    await d.sync.start();
    await online(d);
    return { t, g, d };
  }

  it('a poll: made here, voted on by others live, a vote here counted once, a vote after closing refused with the reason', async () => {
    const { t, g, d } = await setUp();
    await write(d, { do: 'poll.create', question: 'Long run day?', options: ['Saturday', 'Sunday'], multiple: false, anonymous: false, closesAt: null });
    const [made] = await until(() => records(d, 'poll'), (p) => p[0]?.delivery === 'sent');
    const pollId = made!.id;
    await t.api.put(`/groups/${g.groupId}/polls/${pollId}/vote`, { id: randomUUID(), choices: [1] }, g.token);
    await until(() => records(d, 'poll'), (p) => p[0]?.data.tallies.join() === '0,1');
    await write(d, { do: 'poll.vote', pollId, choices: [0] });
    const [voted] = await until(() => records(d, 'poll'), (p) => p[0]?.data.tallies.join() === '1,1');
    expect(voted!.myChoices).toEqual([0]);
    expect(voted!.data.votes[d.memberId]).toEqual([0]);
    expect(voted!.data.voters).toBe(2);

    await t.api.post(`/groups/${g.groupId}/polls/${pollId}/close`, {}, g.token);
    await until(() => records(d, 'poll'), (p) => p[0]?.data.closedAt !== null);
    // Closed here too: the member hears it at once, and nothing is queued.
    await expect(write(d, { do: 'poll.vote', pollId, choices: [1] })).rejects.toMatchObject({ code: 'poll_closed' });
    expect(await d.outbox()).toEqual([]);
  });

  it('an anonymous vote: the hub says the tallies, never whose it is; this device alone knows its choice, and it is final', async () => {
    const { t, g, d } = await setUp();
    const pollId = randomUUID();
    await t.api.post(`/groups/${g.groupId}/polls`, { id: pollId, question: 'Pace?', options: ['Easy', 'Tempo', 'Race'], anonymous: true }, g.token);
    await until(() => records(d, 'poll'), (p) => p.length === 1);
    await write(d, { do: 'poll.vote', pollId, choices: [2] });
    const [p] = await until(() => records(d, 'poll'), (x) => x[0]?.data.voters === 1);
    expect(p!.data.tallies).toEqual([0, 0, 1]);
    expect(p!.data.votes).toEqual({});
    expect(p!.myChoices).toEqual([2]);
    const events = await t.api.events(g.groupId, g.token);
    const vote = events.find((e: { kind: string }) => e.kind === 'poll.voted');
    expect(vote).toMatchObject({ by: null, data: { memberId: null, choices: null } });
    await expect(write(d, { do: 'poll.vote', pollId, choices: [0] })).rejects.toMatchObject({ code: 'vote_final' });
  });

  it('a goal and its check-in: counted for the date where the member is, cheered by another member live, one a day', async () => {
    const { t, g, d } = await setUp();
    await write(d, { do: 'goal.create', title: 'Run 5 km', cadence: 'daily', endDate: null });
    const [goal] = await until(() => records(d, 'goal'), (x) => x[0]?.delivery === 'sent');
    // 23:30 on 1 March in Honolulu is already 2 March in UTC: the day counted is Honolulu's.
    const at = Date.UTC(2026, 2, 2, 9, 30);
    await write(d, { do: 'checkin', goalId: goal!.id, note: 'Easy one', timeZone: 'Pacific/Honolulu' }, at);
    const [c] = await until(() => records(d, 'checkin'), (x) => x[0]?.delivery === 'sent');
    expect(c!.data).toMatchObject({ localDate: '2026-03-01', timeZone: 'Pacific/Honolulu', note: 'Easy one' });
    await t.api.put(`/groups/${g.groupId}/checkins/${c!.id}/cheer`, { on: true }, g.token);
    await until(() => records(d, 'checkin'), (x) => x[0]?.data.cheers.length === 1);
    await expect(write(d, { do: 'checkin', goalId: goal!.id, note: '', timeZone: 'Pacific/Honolulu' }, at + 60_000)).rejects.toMatchObject({ code: 'already_checked_in' });
    await drained(d);
  });

  it('a meeting: another member proposes, this one answers per time, the organiser confirms; a refused answer keeps the hub’s', async () => {
    const { t, g, d } = await setUp();
    const meetingId = randomUUID();
    const start = Date.now() + 7 * 86_400_000;
    await t.api.post(
      `/groups/${g.groupId}/meetings`,
      { id: meetingId, title: 'Kick-off', times: [{ kind: 'timed', start, minutes: 60 }, { kind: 'day', date: '2030-01-05' }] },
      g.token,
    );
    await until(() => records(d, 'meeting'), (x) => x.length === 1);
    await write(d, { do: 'meeting.answer', meetingId, answers: ['yes', 'maybe'] });
    const [m] = await until(() => records(d, 'meeting'), (x) => x[0]?.data.answers[d.memberId]?.join() === 'yes,maybe');
    expect(m!.myAnswers ?? null).toBeNull();
    await t.api.post(`/groups/${g.groupId}/meetings/${meetingId}/confirm`, { time: 0 }, g.token);
    await until(() => records(d, 'meeting'), (x) => x[0]?.data.confirmed === 0 && x[0]?.data.sequence >= 0);
    await expect(write(d, { do: 'meeting.answer', meetingId, answers: ['yes'] })).rejects.toMatchObject({ code: 'choice_invalid' });
  });

  it('feedback: asked by the owner, answered here once (changeable), the group learns only how many answered', async () => {
    const { t, g, d } = await setUp();
    const feedbackId = randomUUID();
    await t.api.post(`/groups/${g.groupId}/feedback`, { id: feedbackId, question: 'How was week 1?' }, g.token);
    await until(() => records(d, 'feedback'), (x) => x.length === 1);
    await write(d, { do: 'feedback.answer', feedbackId, rating: 4, text: 'Great pace' });
    await until(() => records(d, 'feedback'), (x) => x[0]?.data.answers === 1);
    await write(d, { do: 'feedback.answer', feedbackId, rating: 5, text: 'Even better' });
    await drained(d);
    const summary = await t.api.get(`/groups/${g.groupId}/feedback/${feedbackId}/summary`, g.token);
    expect(summary.body.answers).toMatchObject([{ rating: 5, text: 'Even better' }]);
    expect((await records(d, 'feedback'))[0]).toMatchObject({ myAnswer: { rating: 5, text: 'Even better' }, data: { answers: 1 } });
  });

  it('an intro is the group’s welcome; a device that joins later catches up on every record, and reading the history twice changes nothing', async () => {
    const { t, g, d } = await setUp();
    await write(d, { do: 'intro.set', text: 'Marathon in May', interests: ['trail'], timeZone: 'Europe/Lisbon', skipped: false });
    await until(() => records(d, 'intro'), (x) => x[0]?.delivery === 'sent');
    await write(d, { do: 'goal.create', title: 'Stretch', cadence: 'weekly', endDate: null });
    await drained(d);
    await t.api.post(`/groups/${g.groupId}/polls`, { id: randomUUID(), question: 'Shoes?', options: ['A', 'B'] }, g.token);
    await until(() => records(d, 'poll'), (x) => x.length === 1);
    const snapshot = async (x: Device) =>
      (await Promise.all((['intro', 'goal', 'poll'] as const).map((k) => records(x, k)))).flat().map((r) => [r.kind, r.id, r.data, r.delivery]);
    const held = await snapshot(d);
    expect(held).toHaveLength(3);
    expect(held[0]![2]).toMatchObject({ text: 'Marathon in May', interests: ['trail'], timeZone: 'Europe/Lisbon' });

    const later = await side.join(t.url, (await t.api.invite(g.groupId, g.token)).code, 'Mo');
    await later.sync.start();
    await online(later);
    await until(() => snapshot(later), (x) => x.length === 3);
    expect(await snapshot(later)).toEqual(held);

    // Every event again from the first, over what is held (what the extension's version 5 upgrade makes it do).
    const events = await t.api.events(g.groupId, g.token);
    const store = new GroupStore();
    store.memberships.put({ groupId: g.groupId, hub: t.url, memberId: later.memberId, role: 'member', memberCount: 0, seq: 0, endedAt: null, endedReason: null });
    applyBatch(store, g.groupId, events);
    const once = { records: store.records.all(), threads: store.threads.all(), members: store.members.all(), m: store.memberships.get(g.groupId) };
    store.memberships.update(g.groupId, { seq: 0 });
    applyBatch(store, g.groupId, events);
    expect({ records: store.records.all(), threads: store.threads.all(), members: store.members.all(), m: store.memberships.get(g.groupId) }).toEqual(once);
  });
});
