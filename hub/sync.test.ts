import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();

const seqs = (events: { seq: number }[]) => events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(BACKENDS)('sync (%s)', (backend) => {
  it('pages events after a number', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const t = await api.thread(g.groupId, g.token);
    for (let i = 0; i < 12; i++) await api.message(g.groupId, t, g.token, `m${i}`);
    // 2 (create) + 1 (thread) + 12 messages.
    const first = await api.get(`/groups/${g.groupId}/events?after=0&limit=5`, g.token);
    expect(seqs(first.body.events)).toEqual(range(1, 5));
    expect(first.body).toMatchObject({ head: 15, more: true });
    const last = await api.get(`/groups/${g.groupId}/events?after=10&limit=500`, g.token);
    expect(seqs(last.body.events)).toEqual(range(11, 15));
    expect(last.body.more).toBe(false);
    const past = await api.get(`/groups/${g.groupId}/events?after=15`, g.token);
    expect(past.body).toMatchObject({ events: [], head: 15, more: false });
    for (const bad of ['-1', 'abc', '1.5', '', '99999999999999999999']) {
      expect((await api.get(`/groups/${g.groupId}/events?after=${bad}`, g.token)).status, bad).toBe(400);
    }
    expect((await api.get(`/groups/${g.groupId}/events?limit=1001`, g.token)).status).toBe(400);
  });

  it('resumes over WebSocket with no gap and no duplicate across a reconnect', async () => {
    const { api, url } = await hubs.start(backend);
    const g = await api.group();
    const poster = await api.member(g.groupId, g.token, 'Poster');
    const reader = await api.member(g.groupId, g.token, 'Reader');
    const t = await api.thread(g.groupId, g.token);
    for (let i = 0; i < 5; i++) await api.message(g.groupId, t, poster.token, `before ${i}`);

    // Posting keeps going in the background while the reader connects, drops and comes back.
    let posting = true;
    let posted = 0;
    const writer = (async () => {
      while (posting) {
        await api.message(g.groupId, t, poster.token, `live ${posted++}`);
      }
    })();

    const first = await LiveClient.connect(url, reader.token, { [g.groupId]: 0 });
    await first.waitFor((m) => m.t === 'synced');
    await first.waitForSeq(g.groupId, 14);
    first.close();
    await first.waitClosed();
    const held = first.events(g.groupId);
    const cursor = held.at(-1)!.seq;
    expect(seqs(held)).toEqual(range(1, cursor));

    await new Promise((r) => setTimeout(r, 100));
    const second = await LiveClient.connect(url, reader.token, { [g.groupId]: cursor }, true);
    await second.waitForSeq(g.groupId, cursor + 5);
    posting = false;
    await writer;
    const head = (await api.get(`/groups/${g.groupId}/events?after=0&limit=1`, g.token)).body.head as number;
    await second.waitForSeq(g.groupId, head);
    const all = [...held, ...second.events(g.groupId)];
    expect(seqs(all)).toEqual(range(1, head));
    // What the socket carried is what the hub holds.
    expect(all).toEqual(await api.events(g.groupId, g.token));
    second.close();
  });

  it('resumes after a hub restart on the same data', async () => {
    const first = await hubs.start(backend);
    const g = await first.api.group();
    const t = await first.api.thread(g.groupId, g.token);
    const live = await LiveClient.connect(first.url, g.token, { [g.groupId]: 0 });
    await live.waitForSeq(g.groupId, 3);
    await first.hub.close();
    expect(await live.waitClosed()).toBe(1001);

    const second = await hubs.start(backend, { ...first.options, port: 0 });
    await second.api.message(g.groupId, t, g.token, 'after restart');
    const again = await LiveClient.connect(second.url, g.token, { [g.groupId]: 3 });
    await again.waitForSeq(g.groupId, 4);
    expect(seqs([...live.events(g.groupId), ...again.events(g.groupId)])).toEqual([1, 2, 3, 4]);
    again.close();
  });

  it('one connection carries several groups; unsub stops one', async () => {
    const { api, url } = await hubs.start(backend);
    const a = await api.group({ name: 'A' });
    const b = await api.group({ name: 'B', token: a.token, ownerName: 'Olive' });
    const live = await LiveClient.connect(url, a.token, { [a.groupId]: 2, [b.groupId]: 0 });
    await live.waitFor((m) => m.t === 'synced' && m.group === b.groupId);
    expect(seqs(live.events(b.groupId))).toEqual([1, 2]);
    expect(live.events(a.groupId)).toEqual([]);
    const ta = await api.thread(a.groupId, a.token);
    await live.waitForSeq(a.groupId, 3);
    live.send({ t: 'unsub', groups: [a.groupId] });
    live.send({ t: 'ping' });
    await live.waitFor((m) => m.t === 'pong');
    await api.message(a.groupId, ta, a.token);
    const tb = await api.thread(b.groupId, a.token);
    await live.waitForSeq(b.groupId, 3);
    expect(seqs(live.events(a.groupId))).toEqual([3]);
    expect(tb).toBeTruthy();
    live.close();
  });

  it('removal closes the live subscription at once and refuses the token for that group', async () => {
    const { api, url } = await hubs.start(backend);
    const g = await api.group();
    const other = await api.group({ name: 'Other', ownerName: 'Olive' });
    const m = await api.member(g.groupId, g.token, 'Mo');
    await api.member(other.groupId, other.token, 'Mo', m.token);
    const live = await LiveClient.connect(url, m.token, { [g.groupId]: 0, [other.groupId]: 0 });
    await live.waitFor((x) => x.t === 'synced' && x.group === g.groupId);

    const started = Date.now();
    const removed = await api.del(`/groups/${g.groupId}/members/${m.memberId}`, g.token);
    expect(removed.status).toBe(200);
    const revoked = await live.waitFor((x) => x.t === 'revoked', 2_000);
    expect(revoked).toEqual({ t: 'revoked', group: g.groupId, reason: 'removed' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(live.events(g.groupId).at(-1)).toMatchObject({ kind: 'member.removed', data: { memberId: m.memberId } });

    // Nothing more of that group reaches them; the other group still does.
    const t = await api.thread(g.groupId, g.token);
    await api.message(g.groupId, t, g.token, 'after removal');
    await api.thread(other.groupId, other.token);
    await live.waitForSeq(other.groupId, 4);
    expect(live.events(g.groupId).some((e) => e.kind === 'thread.created')).toBe(false);

    for (const path of [`/groups/${g.groupId}`, `/groups/${g.groupId}/events`, `/groups/${g.groupId}/threads`]) {
      expect((await api.get(path, m.token)).status).toBe(403);
    }
    expect((await api.post(`/groups/${g.groupId}/threads/${t}/messages`, { id: randomUUID(), body: 'x' }, m.token)).status).toBe(403);
    expect((await api.get(`/groups/${other.groupId}`, m.token)).status).toBe(200);

    // Subscribing again is refused.
    live.send({ t: 'sub', groups: { [g.groupId]: 0 } });
    await live.waitFor((x) => x.t === 'revoked' && x.reason === 'not_member');
    live.close();
  });

  it('refuses a socket without a valid token', async () => {
    const { url } = await hubs.start(backend);
    const bad = await LiveClient.connect(url, 'nk_not_a_real_token_at_all', {});
    expect(bad.received[0]).toMatchObject({ t: 'error', error: { code: 'bad_token' } });
    expect(await bad.waitClosed()).toBe(4401);

    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(url.replace('http', 'ws') + '/live');
    await new Promise((r) => ws.once('open', r));
    ws.send('{"t":"sub","groups":{}}');
    const code = await new Promise((r) => ws.once('close', r));
    expect(code).toBe(4401);
    const junk = new WebSocket(url.replace('http', 'ws') + '/live');
    await new Promise((r) => junk.once('open', r));
    junk.send('not json');
    expect(await new Promise((r) => junk.once('close', r))).toBe(4400);
  });
});
