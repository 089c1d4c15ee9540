import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

// On Postgres a post is one function call (hub/store/postgres-post.ts) that commits only a
// plain success; these hold it to the answers of the general path, on both databases.
describe.each(BACKENDS)('posting a message (%s)', (backend) => {
  it('a refused or repeated post spends no number: the events stay 1, 2, 3, ... and each post is there once', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const mo = await api.member(g.groupId, g.token, 'Mo');
    const other = await api.group({ token: g.token });
    const outsider = await api.member(other.groupId, other.token, 'Out');
    const t = await api.thread(g.groupId, g.token);
    const path = `/groups/${g.groupId}/threads/${t}/messages`;

    const first = await api.message(g.groupId, t, mo.token, 'first');
    const refusals = [
      await api.post(path, { id: randomUUID(), body: 'not mine to post' }, outsider.token),
      await api.post(`/groups/${g.groupId}/threads/${randomUUID()}/messages`, { id: randomUUID(), body: 'no thread' }, mo.token),
      await api.post(path, { id: first.id, body: 'first' }, g.token),
    ];
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual([
      [403, 'not_member'],
      [404, 'thread_not_found'],
      [409, 'id_taken'],
    ]);
    const repeat = await api.post(path, { id: first.id, body: 'first' }, mo.token);
    expect(repeat.status).toBe(200);
    expect(repeat.body.message).toMatchObject({ id: first.id, seq: first.seq, body: 'first' });
    const second = await api.message(g.groupId, t, mo.token, 'second');

    expect(second.seq).toBe(first.seq + 1);
    const events = await api.events(g.groupId, g.token);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'message.posted').map((e) => e.data.id)).toEqual([first.id, second.id]);
    const messages = (await api.get(path, mo.token)).body.messages as { id: string }[];
    expect(messages.map((m) => m.id)).toEqual([first.id, second.id]);
  });

  it('a post with a mention and one without are recorded alike, each under its own number', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ ownerName: 'Olive' });
    const mo = await api.member(g.groupId, g.token, 'Mo');
    const t = await api.thread(g.groupId, g.token);
    const plain = await api.message(g.groupId, t, mo.token, 'plain words');
    const mention = await api.message(g.groupId, t, mo.token, 'over to you @Olive');
    expect(mention.mentions).toEqual([g.ownerId]);

    const events = (await api.events(g.groupId, g.token)).filter((e) => e.kind === 'message.posted');
    expect(events.map((e) => [e.seq, e.data.seq, e.data.body])).toEqual([
      [plain.seq, plain.seq, 'plain words'],
      [mention.seq, mention.seq, 'over to you @Olive'],
    ]);
    expect(Object.keys(events[0].data).sort()).toEqual(Object.keys(events[1].data).sort());
    expect(events[0]).toMatchObject({ by: mo.memberId, data: { threadId: t, authorId: mo.memberId, mentions: [] } });
  });
});
