import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../hub/testing/clock';
import { useHubs, type TestHub } from '../hub/testing/hubs';
import { dropDbs, context } from '../storage/test-helpers';
import { newThreadRow, pendingMessageRow } from './local';
import { until } from '../tests/support/until';
import { enqueue } from './outbox/registry';
import { background, closeAll, SIDES, type Device, type Side } from './testing/sides';

/**
 * One contract for the sync core, whichever side runs it: the background's Dexie store with a
 * bearer token, and the widget panel's memory store with the hub's session cookie. A real hub
 * on a real port; real sockets; the hub's own event log says what it holds.
 */
const hubs = useHubs();
afterEach(async () => {
  closeAll();
  await dropDbs();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A group whose owner talks to the hub directly, with its general thread and an invite. */
async function group(t: TestHub) {
  const g = await t.api.group({ name: 'Knitters', ownerName: 'Olive' });
  const threadId = await t.api.thread(g.groupId, g.token);
  const invite = await t.api.invite(g.groupId, g.token);
  return { ...g, threadId, code: invite.code };
}

/** A member's write, as the sidebar or the panel makes it: the optimistic row and its outbox entry, in one transaction. */
async function queue(d: Device, threadId: string, body: string): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  await d.store.write(async (t) => {
    await t.messages.put(pendingMessageRow(id, d.groupId, threadId, d.memberId, body, now));
    await enqueue(t, { op: 'message.post', hub: d.hub, groupId: d.groupId, createdAt: now, threadId, messageId: id, body });
  });
  return id;
}

/** A write, then the nudge that sends it. */
async function post(d: Device, threadId: string, body: string): Promise<string> {
  const id = await queue(d, threadId, body);
  void d.sync.flush();
  return id;
}

const online = (d: Device) => until(() => d.statuses.at(-1), (s) => s?.state === 'online' && s.behind === 0);
const bodies = async (d: Device, threadId?: string) => (await d.messages(threadId)).map((m) => m.body);
const posted = async (t: TestHub, groupId: string, token: string) =>
  (await t.api.events(groupId, token)).filter((e) => e.kind === 'message.posted').map((e) => e.data as { id: string; threadId: string; body: string });

describe.each(SIDES.map((s) => [s.name, s] as [string, Side]))('sync core: %s', (_name, side) => {
  async function setUp(timing?: Parameters<Side['join']>[3], hubOptions: Parameters<typeof hubs.start>[1] = {}) {
    const t = await hubs.start('sqlite', hubOptions);
    const g = await group(t);
    const d = await side.join(t.url, g.code, 'Vi', timing);
    return { t, g, d };
  }

  it('says hello with the last number it holds and catches up on what it missed, each event once', async () => {
    const { t, g, d } = await setUp();
    for (const b of ['one', 'two', 'three']) await t.api.message(g.groupId, g.threadId, g.token, b);
    await d.sync.start();
    await until(() => bodies(d), (b) => b.length === 3);
    await online(d);
    // The hub said how far behind it was before the events came.
    expect(d.statuses.some((s) => s.state === 'catching-up' && s.behind > 0)).toBe(true);
    expect(d.sent[0]).toMatchObject({ t: 'hello', groups: { [g.groupId]: 0 } });
    const seq = (await d.membership())!.seq;
    d.sync.close();

    await t.api.message(g.groupId, g.threadId, g.token, 'four');
    const again = d.again();
    await again.sync.start();
    await until(() => bodies(again), (b) => b.length === 4);
    expect(again.sent[0]).toMatchObject({ t: 'hello', groups: { [g.groupId]: seq } });
    await online(again);
    expect(await bodies(again)).toEqual(['one', 'two', 'three', 'four']);
    expect((await again.threads()).find((x) => x.id === g.threadId)).toMatchObject({ messageCount: 4, unread: 4 });
  });

  it('applies live events as they happen: messages, edits, reactions, deletions, members', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    const m = await t.api.message(g.groupId, g.threadId, g.token, 'Hello @Vi');
    await until(() => bodies(d), (b) => b[0] === 'Hello @Vi');
    await t.api.patch(`/groups/${g.groupId}/messages/${m.id}`, { body: 'Hello again' }, g.token);
    await t.api.post(`/groups/${g.groupId}/messages/${m.id}/reactions`, { emoji: '🧶', on: true }, g.token);
    await until(() => d.messages(), (x) => x[0]?.body === 'Hello again' && (x[0]?.reactions['🧶']?.length ?? 0) === 1);
    await t.api.del(`/groups/${g.groupId}/messages/${m.id}`, g.token);
    await until(() => d.messages(), (x) => x[0]?.deletedAt !== null && x[0]?.body === '');
    await t.api.member(g.groupId, g.token, 'Mo');
    const members = await until(() => d.members(), (x) => x.length === 3);
    expect(members.map((x) => x.name).sort()).toEqual(['Mo', 'Olive', 'Vi']);
    expect((await d.membership())?.memberCount).toBe(3);
  });

  it('fills a gap over HTTP when a frame is lost on the way', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    let lost = 0;
    d.lose = (m) => m.t === 'events' && lost++ === 0;
    await t.api.message(g.groupId, g.threadId, g.token, 'lost');
    await until(() => lost, (n) => n > 0);
    for (const b of ['a', 'b', 'c', 'd']) await t.api.message(g.groupId, g.threadId, g.token, b);
    await until(() => bodies(d), (b) => b.length === 5);
    expect(await bodies(d)).toEqual(['lost', 'a', 'b', 'c', 'd']);
    const head = (await t.api.events(g.groupId, g.token)).at(-1).seq;
    await until(() => d.membership(), (m) => m?.seq === head);
  });

  it('comes back after the hub restarts: nothing missed, nothing doubled', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    await t.hub.close();
    await until(() => d.statuses.at(-1)?.state, (s) => s === 'offline');
    const mine = await post(d, g.threadId, 'Written offline');
    expect((await d.messages()).find((m) => m.id === mine)?.delivery).toBe('pending');

    const back = await hubs.start('sqlite', { ...t.options, port: t.hub.port });
    await back.api.message(g.groupId, g.threadId, g.token, 'Said while you were away');
    await until(() => d.messages(), (m) => m.length === 2 && m.every((x) => x.delivery === 'sent'), 20_000);
    await online(d);
    expect((await posted(back, g.groupId, g.token)).filter((m) => m.id === mine)).toHaveLength(1);
    expect((await bodies(d)).sort()).toEqual(['Said while you were away', 'Written offline']);
    expect(await d.outbox()).toEqual([]);
  });

  it('sends the outbox in order with the ids it made: a write resent after a lost answer is the same write', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    d.net.loseAnswers = 1;
    const ids = [await post(d, g.threadId, 'first'), await post(d, g.threadId, 'second'), await post(d, g.threadId, 'third')];
    await until(() => d.messages(), (m) => m.length === 3 && m.every((x) => x.delivery === 'sent'));
    expect(d.net.writes).toBeGreaterThanOrEqual(4);
    expect((await posted(t, g.groupId, g.token)).map((m) => m.id)).toEqual(ids);
    expect(await bodies(d)).toEqual(['first', 'second', 'third']);
    expect(await d.outbox()).toEqual([]);
  });

  it('a write queued while the outbox is being sent goes too, without waiting for another nudge', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    // The second message is written, and the outbox nudged, just as the send of the first finds
    // the queue empty: a member sending twice in quick succession.
    const pending = d.store.pending.bind(d.store);
    let second: string | null = null;
    d.store.pending = async (hub) => {
      const rows = await pending(hub);
      if (rows.length === 0 && second === null) {
        second = await queue(d, g.threadId, 'second');
        void d.sync.flush();
      }
      return rows;
    };
    const first = await post(d, g.threadId, 'first');
    await until(() => d.messages(), (m) => m.length === 2 && m.every((x) => x.delivery === 'sent'));
    expect((await posted(t, g.groupId, g.token)).map((m) => m.id)).toEqual([first, second]);
    expect(await d.outbox()).toEqual([]);
  });

  it('a group joined while the socket is open is followed on it, from its first event', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    const other = await group(t);
    await t.api.message(other.groupId, other.threadId, other.token, 'before you came');
    const second = await d.joinToo(other.code);
    d.sync.follow(second);
    d.sync.follow(second);
    await t.api.message(other.groupId, other.threadId, other.token, 'welcome');
    await until(() => d.store.write((w) => w.messages.where('threadId', other.threadId)), (m) => m.length === 2);
    expect(d.sockets).toHaveLength(1);
    expect(d.sent.filter((m) => m.t === 'sub')).toEqual([{ t: 'sub', groups: { [second]: 0 } }]);
    expect(await d.store.cursors(d.hub)).toEqual({ [g.groupId]: expect.any(Number), [second]: expect.any(Number) });
  });

  it('a refused write shows as failed with the hub’s reason, and the writes behind it still go', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    const nowhere = randomUUID();
    const lost = await post(d, nowhere, 'into a thread the hub never had');
    const kept = await post(d, g.threadId, 'into the real one');
    const failed = await until(() => d.messages(nowhere), (m) => m[0]?.delivery === 'failed');
    expect(failed[0]).toMatchObject({ id: lost, error: { code: 'thread_not_found' } });
    await until(() => d.messages(g.threadId), (m) => m[0]?.delivery === 'sent');
    expect((await posted(t, g.groupId, g.token)).map((m) => m.id)).toEqual([kept]);
  });

  it('a thread for a page another member anchored first becomes theirs, with what was written in it', async () => {
    const { t, g, d } = await setUp();
    const page = context();
    const theirs = await t.api.thread(g.groupId, g.token, { title: page.title, anchor: page });
    // Written before this device heard of their thread (offline, or in the same moment).
    const ours = randomUUID();
    const now = Date.now();
    const msg = randomUUID();
    await d.store.write(async (w) => {
      await w.threads.put(newThreadRow(ours, d.groupId, d.memberId, page.title, page, now));
      await enqueue(w, { op: 'thread.create', hub: d.hub, groupId: d.groupId, createdAt: now, threadId: ours, title: page.title, anchor: page });
      await w.messages.put(pendingMessageRow(msg, d.groupId, ours, d.memberId, 'Same page!', now));
      await enqueue(w, { op: 'message.post', hub: d.hub, groupId: d.groupId, createdAt: now, threadId: ours, messageId: msg, body: 'Same page!' });
    });
    await d.sync.start();
    await until(() => d.messages(theirs), (m) => m[0]?.delivery === 'sent');
    expect((await d.threads()).map((x) => x.id)).not.toContain(ours);
    expect(await d.messages(ours)).toEqual([]);
    expect(await posted(t, g.groupId, g.token)).toEqual([expect.objectContaining({ id: msg, threadId: theirs, body: 'Same page!' })]);
  });

  it('removed: the membership ends and the group’s content leaves the device at once', async () => {
    const { t, g, d } = await setUp();
    await t.api.message(g.groupId, g.threadId, g.token, 'hi');
    await d.sync.start();
    await until(() => bodies(d), (b) => b.length === 1);
    d.net.failWrites = true;
    await post(d, g.threadId, 'waiting to go');
    await t.api.del(`/groups/${g.groupId}/members/${d.memberId}`, g.token);
    await until(() => d.membership(), (m) => m?.endedReason === 'removed');
    expect(d.ended).toEqual([`${g.groupId}:removed`]);
    expect(await d.messages()).toEqual([]);
    expect(await d.threads()).toEqual([]);
    expect(await d.outbox()).toEqual([]);
    expect(await d.store.cursor(g.groupId)).toBeNull();
  });

  it('removed while away: the hello is answered with revoked, and the content goes', async () => {
    const { t, g, d } = await setUp();
    await t.api.message(g.groupId, g.threadId, g.token, 'hi');
    await d.sync.start();
    await until(() => bodies(d), (b) => b.length === 1);
    d.sync.close();
    await t.api.del(`/groups/${g.groupId}/members/${d.memberId}`, g.token);
    const again = d.again();
    await again.sync.start();
    await until(() => again.membership(), (m) => m?.endedAt !== null);
    expect(await again.messages()).toEqual([]);
    expect(again.ended).toHaveLength(1);
  });

  it('a hub that no longer lets the device in is told once; the device does not knock again', async () => {
    const { d } = await setUp();
    await d.sync.start();
    await online(d);
    await d.breakAuth();
    d.sync.reconnect();
    await until(() => d.unauthorized, (u) => u.length > 0);
    expect(d.unauthorized).toEqual([expect.objectContaining({ code: 'bad_token' })]);
    expect(d.statuses.at(-1)).toMatchObject({ state: 'offline', error: { code: 'bad_token' } });
    await pause(500); // several backoffs of TEST_TIMING
    expect(d.sockets).toHaveLength(2);
    expect(d.unauthorized).toHaveLength(1);
  });

  it('signed out for being unused too long: told the hub’s reason, its writes wait, none is marked failed', async () => {
    const clock = new ManualClock(Date.now());
    const { g, d } = await setUp(undefined, { clock, tokenTtlMs: 60_000 });
    await d.sync.start();
    await online(d);
    clock.advance(120_000);
    const id = await post(d, g.threadId, 'after a long while');
    await until(() => d.unauthorized, (u) => u.length > 0);
    expect(d.unauthorized[0]).toMatchObject({ code: 'token_expired' });
    expect(d.statuses.at(-1)).toMatchObject({ state: 'offline', error: { code: 'token_expired' } });
    expect((await d.messages()).find((m) => m.id === id)).toMatchObject({ delivery: 'pending', error: null });
    expect(await d.outbox()).toHaveLength(1);
    // The live socket is refused too, and not tried again: the token for the same reason; the
    // panel's cookie, which the hub cleared with its refusal, as no session at all.
    d.sync.reconnect();
    await until(() => d.unauthorized, (u) => u.length > 1);
    expect(d.unauthorized[1]).toMatchObject({ code: side === background ? 'token_expired' : 'unauthorized' });
    await pause(500);
    expect(d.sockets).toHaveLength(2);
  });

  it('told to back off, it comes back later than after a passing close, and resumes', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    const closedAt = Date.now();
    let reopenedAt = 0;
    const before = d.sockets.length;
    d.sockets[0]!.close(4429);
    await until(() => d.sockets.length, (n) => n > before);
    reopenedAt = Date.now();
    // backoffMs × 2² × (1 − 25 % jitter): a passing close after a good connection waits backoffMs × 0.75 at least.
    expect(reopenedAt - closedAt).toBeGreaterThanOrEqual(40 * 4 * 0.75);
    await online(d);
    await t.api.message(g.groupId, g.threadId, g.token, 'after the pause');
    await until(() => bodies(d), (b) => b.includes('after the pause'));
  });

  it('any other close is passing: it reconnects and resumes from its number', async () => {
    const { t, g, d } = await setUp();
    await d.sync.start();
    await online(d);
    await t.api.message(g.groupId, g.threadId, g.token, 'before');
    await until(() => bodies(d), (b) => b.length === 1);
    const seq = (await d.membership())!.seq;
    // As a hub closes a connection that fell too far behind, or a proxy one it timed out.
    d.sockets[0]!.close(4000);
    await t.api.message(g.groupId, g.threadId, g.token, 'after');
    await until(() => bodies(d), (b) => b.length === 2);
    expect(d.sockets).toHaveLength(2);
    expect(d.sent.filter((m) => m.t === 'hello').at(-1)).toMatchObject({ groups: { [g.groupId]: expect.any(Number) } });
    const resumed = d.sent.filter((m) => m.t === 'hello').at(-1) as { groups: Record<string, number> };
    expect(resumed.groups[g.groupId]).toBeGreaterThanOrEqual(seq);
    expect(await bodies(d)).toEqual(['before', 'after']);
  });

  describe('the drift between the old copies', () => {
    it('(a) close() stops the retry of a write the hub could not take', async () => {
      // A retry slow enough that close() comes while it waits.
      const { g, d } = await setUp({ retryMs: 300 });
      await d.sync.start();
      await online(d);
      d.net.failWrites = true;
      await post(d, g.threadId, 'not now');
      await until(() => d.outbox(), (o) => o[0]?.attempts === 1);
      d.sync.close();
      const tried = d.net.writes;
      await pause(900); // past the retry, and the one after it
      expect(d.net.writes).toBe(tried);
      expect(d.sockets.filter((s) => s.readyState !== s.CLOSED && s.readyState !== s.CLOSING)).toEqual([]);
    });

    it('(a) close() while the hub is away stops the reconnecting too', async () => {
      const { t, d } = await setUp();
      await d.sync.start();
      await online(d);
      await t.hub.close();
      await until(() => d.sockets.length, (n) => n >= 3);
      d.sync.close();
      const opened = d.sockets.length;
      await pause(900); // more than the longest backoff of TEST_TIMING
      expect(d.sockets).toHaveLength(opened);
    });

    it('(b) a socket being replaced cannot close its successor', async () => {
      const { t, g, d } = await setUp();
      await d.sync.start();
      await online(d);
      d.sync.reconnect();
      await until(() => d.sockets[1]?.readyState, (s) => s === 1);
      await pause(500); // the old socket's close has come and gone, and any reconnect it would have caused
      expect(d.sockets).toHaveLength(2);
      expect(d.sockets[1]!.readyState).toBe(1);
      expect(d.statuses.at(-1)?.state).toBe('online');
      await t.api.message(g.groupId, g.threadId, g.token, 'still live');
      await until(() => bodies(d), (b) => b.includes('still live'));
      expect(await bodies(d)).toEqual(['still live']);
    });

    it('(c) one socket, however many follow() come while the first connects', async () => {
      const { g, d } = await setUp();
      void d.sync.start();
      d.sync.follow(g.groupId);
      d.sync.follow(g.groupId);
      void d.sync.flush();
      d.sync.follow(g.groupId);
      await online(d);
      await pause(300);
      expect(d.sockets).toHaveLength(1);
      expect(d.sent.filter((m) => m.t === 'hello')).toHaveLength(1);
      expect(d.sent.filter((m) => m.t === 'sub')).toEqual([]);
    });
  });
});
