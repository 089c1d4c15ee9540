import { describe, expect, it } from 'vitest';
import type { HubMessage } from '../protocol';
import { BACKENDS, useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const of = <T extends HubMessage['t']>(c: LiveClient, t: T) => c.received.filter((m): m is Extract<HubMessage, { t: T }> => m.t === t);

/** Read positions: kept per member and thread, forward only, private, and told to the member's other devices live. */
describe.each(BACKENDS)('read positions (%s)', (backend) => {
  async function setUp() {
    const t = await hubs.start(backend);
    const g = await t.api.group({ name: 'Readers', ownerName: 'Olive' });
    const threadId = await t.api.thread(g.groupId, g.token);
    const mo = await t.api.member(g.groupId, g.token, 'Mo');
    for (const b of ['one', 'two', 'three']) await t.api.message(g.groupId, threadId, g.token, b);
    // Mo's second device: the same member, another token.
    const code = await t.api.post('/me/link-codes', undefined, mo.token);
    const phone = (await t.api.post('/me/link', { code: code.body.code })).body.token as string;
    return { t, g, threadId, mo, phone };
  }

  it('moves forward only, never past the group’s head, and only for a member of the thread’s group', async () => {
    const { t, g, threadId, mo } = await setUp();
    const head = (await t.api.events(g.groupId, g.token)).at(-1).seq as number;
    const put = (seq: number, token = mo.token, thread = threadId, group = g.groupId) => t.api.put(`/groups/${group}/threads/${thread}/read`, { seq }, token);
    expect((await put(head - 1)).body.read.seq).toBe(head - 1);
    // An older device, back online, reports less: what another device read stands.
    expect((await put(2)).body.read.seq).toBe(head - 1);
    expect((await put(head + 1000)).body.read.seq).toBe(head);
    expect((await put(-1)).status).toBe(400);

    const other = await t.api.group({ name: 'Elsewhere' });
    const otherThread = await t.api.thread(other.groupId, other.token);
    expect((await put(1, mo.token, otherThread)).body.error.code).toBe('thread_not_found');
    expect((await put(1, mo.token, otherThread, other.groupId)).status).toBe(403);

    const reads = await t.api.get('/me/reads', mo.token);
    expect(reads.body.reads).toEqual([{ groupId: g.groupId, threadId, seq: head }]);
    // Nobody else learns it: the owner's positions are their own, and no event says it.
    expect((await t.api.get('/me/reads', g.token)).body.reads).toEqual([]);
    expect((await t.api.events(g.groupId, g.token)).map((e: { kind: string }) => e.kind)).not.toContain('read');
  });

  it('reading on one device is told to the member’s other devices live, and to nobody else', async () => {
    const { t, g, threadId, mo, phone } = await setUp();
    const laptopLive = await LiveClient.connect(t.url, mo.token, { [g.groupId]: 0 });
    const phoneLive = await LiveClient.connect(t.url, phone, { [g.groupId]: 0 });
    const ownerLive = await LiveClient.connect(t.url, g.token, { [g.groupId]: 0 });
    // After hello each socket hears where its member stands (nothing read yet).
    await phoneLive.waitFor((m) => m.t === 'reads');
    expect(of(phoneLive, 'reads')[0]!.reads).toEqual([]);

    await ownerLive.waitFor((m) => m.t === 'reads');
    const ownerFrames = ownerLive.received.length;
    await t.api.put(`/groups/${g.groupId}/threads/${threadId}/read`, { seq: 3 }, mo.token);
    await phoneLive.waitFor((m) => m.t === 'reads' && m.reads.length === 1);
    expect(of(phoneLive, 'reads').at(-1)!.reads).toEqual([{ groupId: g.groupId, threadId, seq: 3 }]);
    await laptopLive.waitFor((m) => m.t === 'reads' && m.reads.length === 1);
    await pause(200);
    // The owner's socket heard nothing of it: not a frame, so not even when Mo read.
    expect(ownerLive.received.slice(ownerFrames).filter((m) => m.t !== 'events' && m.t !== 'synced')).toEqual([]);
    // The same position again moves nothing and is told to nobody.
    const phoneFrames = of(phoneLive, 'reads').length;
    await t.api.put(`/groups/${g.groupId}/threads/${threadId}/read`, { seq: 3 }, mo.token);
    await pause(200);
    expect(of(phoneLive, 'reads')).toHaveLength(phoneFrames);
    for (const c of [laptopLive, phoneLive, ownerLive]) c.ws.close();
  });

  it('a join request is told live to the group’s owner and moderators, not to its members', async () => {
    const t = await hubs.start(backend);
    const g = await t.api.group({ name: 'Open', ownerName: 'Olive', allowRequests: true });
    const mo = await t.api.member(g.groupId, g.token, 'Mo');
    const ownerLive = await LiveClient.connect(t.url, g.token, { [g.groupId]: 0 });
    const moLive = await LiveClient.connect(t.url, mo.token, { [g.groupId]: 0 });
    await ownerLive.waitFor((m) => m.t === 'synced');
    await moLive.waitFor((m) => m.t === 'synced');
    const asked = await t.api.post(`/groups/${g.groupId}/requests`, { name: 'Newcomer', message: 'Hi!' });
    expect(asked.status).toBe(200);
    await ownerLive.waitFor((m) => m.t === 'requests' && m.group === g.groupId);
    await pause(200);
    expect(of(moLive, 'requests')).toEqual([]);
    ownerLive.ws.close();
    moLive.ws.close();
  });
});
