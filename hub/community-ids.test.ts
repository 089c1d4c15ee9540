import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './testing/clock';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();
const LATER = Date.UTC(2030, 5, 1, 12);

/** Each write of the group features that a client names with its own id, and a body for it. */
const CREATES: Record<string, { path: string; body: Record<string, unknown> }> = {
  goal: { path: 'goals', body: { title: 'Run', cadence: 'daily' } },
  poll: { path: 'polls', body: { question: 'Which?', options: ['a', 'b'] } },
  meeting: { path: 'meetings', body: { title: 'Plan', times: [{ kind: 'timed', start: LATER, minutes: 30 }] } },
  feedback: { path: 'feedback', body: { question: 'How was it?' } },
};

describe.each(BACKENDS)('client ids of the group features (%s)', (backend) => {
  it.each(Object.keys(CREATES))('a %s sent again is the same one, once; its id is not anyone else’s to take', async (what) => {
    const { api } = await hubs.start(backend, { clock: new ManualClock() });
    const g = await api.group();
    const mod = await api.member(g.groupId, g.token, 'Mod');
    await api.put(`/groups/${g.groupId}/members/${mod.memberId}/role`, { role: 'moderator' }, g.token);
    const { path, body } = CREATES[what]!;
    const sent = { id: randomUUID(), ...body };
    const first = await api.post(`/groups/${g.groupId}/${path}`, sent, g.token);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const events = await api.events(g.groupId, g.token);
    expect((await api.post(`/groups/${g.groupId}/${path}`, sent, g.token)).body).toEqual(first.body);
    const taken = await api.post(`/groups/${g.groupId}/${path}`, sent, mod.token);
    expect([taken.status, taken.body.error.code]).toEqual([409, 'id_taken']);
    const other = await api.group({ name: 'Other' });
    const elsewhere = await api.post(`/groups/${other.groupId}/${path}`, sent, other.token);
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([409, 'id_taken']);
    expect(await api.events(g.groupId, g.token)).toEqual(events);
  });
});
