import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol';
import type { Api } from './testing/api';
import { ManualClock } from './testing/clock';
import { everyTable } from './testing/database';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

async function setUp(api: Api) {
  const g = await api.group();
  const ann = await api.member(g.groupId, g.token, 'Ann');
  const bob = await api.member(g.groupId, g.token, 'Bob');
  const poll = async (body: Record<string, unknown> = {}) => {
    const r = await api.post(`/groups/${g.groupId}/polls`, { id: randomUUID(), question: 'Which day?', options: ['Mon', 'Tue', 'Wed'], ...body }, g.token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.poll.id as string;
  };
  const vote = (pollId: string, token: string, choices: number[], id = randomUUID()) => api.put(`/groups/${g.groupId}/polls/${pollId}/vote`, { id, choices }, token);
  return { g, ann, bob, poll, vote };
}

describe.each(BACKENDS)('polls (%s)', (backend) => {
  it('takes one vote per member, changeable until it closes; events carry the tallies in sequence', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const { g, ann, bob, poll, vote } = await setUp(api);
    const pollId = await poll({ closesAt: clock.now() + 60_000 });
    expect((await vote(pollId, ann.token, [0])).body.poll.tallies).toEqual([1, 0, 0]);
    expect((await vote(pollId, bob.token, [0])).body.poll.tallies).toEqual([2, 0, 0]);
    const changed = await vote(pollId, ann.token, [2]);
    expect(changed.body.poll).toMatchObject({ tallies: [1, 0, 1], voters: 2, votes: { [ann.memberId]: [2], [bob.memberId]: [0] } });
    // The same vote again changes nothing.
    const before = await api.events(g.groupId, g.token);
    expect((await vote(pollId, ann.token, [2])).body).toEqual(changed.body);
    for (const [choices, code] of [
      [[0, 1], 'choice_invalid'],
      [[3], 'choice_invalid'],
    ] as const) {
      const r = await vote(pollId, bob.token, [...choices]);
      expect([r.status, r.body.error.code]).toEqual([422, code]);
    }
    expect(await api.events(g.groupId, g.token)).toEqual(before);

    clock.advance(60_000);
    const late = await vote(pollId, bob.token, [1]);
    expect([late.status, late.body.error.code]).toEqual([409, 'poll_closed']);
    expect(await api.events(g.groupId, g.token)).toEqual(before);

    const events = (before as GroupEvent[]).filter((e) => e.kind.startsWith('poll.'));
    expect(events.map((e) => [e.kind, e.by])).toEqual([
      ['poll.created', g.ownerId],
      ['poll.voted', ann.memberId],
      ['poll.voted', bob.memberId],
      ['poll.voted', ann.memberId],
    ]);
    expect(events.at(-1)!.data).toEqual({ pollId, tallies: [1, 0, 1], voters: 2, memberId: ann.memberId, choices: [2] });
  });

  it('anonymous: no table holds a member next to a choice, events carry tallies only, and a vote is final', async () => {
    const t = await hubs.start(backend);
    const { g, ann, bob, poll, vote } = await setUp(t.api);
    const pollId = await poll({ anonymous: true, multiple: true });
    const annVote = randomUUID();
    expect((await vote(pollId, ann.token, [0, 2], annVote)).body).toMatchObject({ poll: { tallies: [1, 0, 1], votes: {} }, voted: true });
    expect((await vote(pollId, bob.token, [1])).body.poll.tallies).toEqual([1, 1, 1]);
    // A resend of the same vote is that vote; another vote is refused, and changes nothing.
    expect((await vote(pollId, ann.token, [0, 2], annVote)).body.poll.tallies).toEqual([1, 1, 1]);
    const change = await vote(pollId, ann.token, [1]);
    expect([change.status, change.body.error.code]).toEqual([409, 'vote_final']);

    const voters = [ann.memberId, bob.memberId];
    const tables = await everyTable(t);
    for (const [name, rows] of tables) {
      for (const row of rows) {
        const text = JSON.stringify(row);
        if (!voters.some((v) => text.includes(v))) continue;
        // Who voted is kept, and nothing else about the vote: no choice, no time.
        if (text.includes(pollId)) {
          expect(name, text).toBe('poll_voters');
          expect(Object.keys(row).sort()).toEqual(['member_id', 'poll_id', 'vote_id']);
        }
        if (name === 'events') expect(text, 'an event of a voter').not.toMatch(/poll\./);
      }
    }
    expect(tables.get('poll_votes')).toEqual([]);
    const voted = ((await t.api.events(g.groupId, g.token)) as GroupEvent[]).filter((e) => e.kind === 'poll.voted');
    expect(voted.map((e) => [e.by, e.data])).toEqual([
      [null, { pollId, tallies: [1, 0, 1], voters: 1, memberId: null, choices: null }],
      [null, { pollId, tallies: [1, 1, 1], voters: 2, memberId: null, choices: null }],
    ]);
    const listed = (await t.api.get(`/groups/${g.groupId}/polls`, ann.token)).body.polls[0];
    expect(listed).toMatchObject({ voted: true, poll: { votes: {}, voters: 2 } });
  });

  it('refuses a closing time in the past, a removed member’s vote, and closing by a plain member who did not ask', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const { g, ann, bob, poll, vote } = await setUp(api);
    const past = await api.post(`/groups/${g.groupId}/polls`, { id: randomUUID(), question: 'Q?', options: ['a', 'b'], closesAt: clock.now() - 1 }, g.token);
    expect([past.status, past.body.error.code]).toEqual([422, 'time_past']);
    const pollId = await poll();
    const close = `/groups/${g.groupId}/polls/${pollId}/close`;
    const byAnn = await api.post(close, {}, ann.token);
    expect([byAnn.status, byAnn.body.error.code]).toEqual([403, 'forbidden']);
    await api.del(`/groups/${g.groupId}/members/${bob.memberId}`, g.token);
    const removed = await vote(pollId, bob.token, [0]);
    expect([removed.status, removed.body.error.code]).toEqual([403, 'not_member']);
    expect((await api.get(`/groups/${g.groupId}/polls`, g.token)).body.polls[0].poll.voters).toBe(0);
    expect((await api.post(close, {}, g.token)).body.poll.closedAt).toBe(clock.now());
    expect((await api.post(close, {}, g.token)).status).toBe(200);
    const kinds = ((await api.events(g.groupId, g.token)) as GroupEvent[]).map((e) => e.kind).filter((k) => k.startsWith('poll.'));
    expect(kinds).toEqual(['poll.created', 'poll.closed']);
    const late = await vote(pollId, ann.token, [0]);
    expect([late.status, late.body.error.code]).toEqual([409, 'poll_closed']);
  });
});
