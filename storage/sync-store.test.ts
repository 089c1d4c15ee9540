import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol/events';
import { drainSearchQueue } from './message-index';
import { dexieSyncStore } from './sync-store';
import { dropDbs, freshDb } from './test-helpers';

const G = '00000000-0000-4000-8000-0000000000aa';
const ME = '00000000-0000-4000-8000-0000000000bb';
const T = '00000000-0000-4000-8000-0000000000cc';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const posted = (seq: number): GroupEvent => ({
  groupId: G,
  seq,
  at: seq,
  by: uuid(1),
  kind: 'message.posted',
  data: { id: uuid(seq), groupId: G, threadId: T, authorId: uuid(1), body: `m${seq}`, mentions: [], reactions: {}, seq, createdAt: seq, editedAt: null, deletedAt: null, deletedBy: null },
});
const reacted = (seq: number, on: number): GroupEvent => ({
  groupId: G,
  seq,
  at: seq,
  by: ME,
  kind: 'reaction',
  data: { messageId: uuid(on), threadId: T, emoji: '👍', memberId: ME, on: true },
});

afterEach(dropDbs);

async function member() {
  const db = freshDb();
  await db.memberships.put({ groupId: G, hub: 'http://h', memberId: ME, role: 'member', memberCount: 2, seq: 0, endedAt: null, endedReason: null });
  await db.groups.put({ id: G, name: 'g', topic: '', memberLimit: 30, hub: 'http://h', contexts: [], createdAt: 0, updatedAt: 0, deletedAt: null });
  const thread: GroupEvent = {
    groupId: G,
    seq: 1,
    at: 1,
    by: ME,
    kind: 'thread.created',
    data: { id: T, groupId: G, title: null, anchor: null, authorId: ME, createdAt: 1, lastMessageAt: null, messageCount: 0 },
  };
  const store = dexieSyncStore(db);
  await store.applyEvents(G, [thread]);
  return { db, store };
}

describe('the Dexie sync store', () => {
  it('applies large batches, each row read and written once per batch, each message counted once', async () => {
    const { db, store } = await member();
    let seq = 2;
    for (let b = 0; b < 3; b++) {
      const events: GroupEvent[] = [];
      for (let i = 0; i < 1000; i++) {
        events.push(posted(seq));
        // The same batch touches the message again: the row read up front is the one just written.
        if (i % 10 === 0) events.push(reacted(++seq, seq - 1));
        seq++;
      }
      expect(await store.applyEvents(G, events)).toMatchObject({ applied: events.length, gap: false, ended: null });
    }
    expect(await db.messages.count()).toBe(3000);
    expect((await db.messages.get(uuid(2)))?.reactions).toEqual({ '👍': [ME] });
    expect(await db.threads.get(T)).toMatchObject({ messageCount: 3000, unread: 3000, lastMessageAt: seq - 1 });
    expect(await store.cursor(G)).toBe(seq - 1);
  });

  it('a batch applied twice changes nothing; one after a missing number stops there', async () => {
    const { db, store } = await member();
    await store.applyEvents(G, [posted(2), posted(3)]);
    expect(await store.applyEvents(G, [posted(2), posted(3)])).toEqual({ applied: 0, gap: false, ended: null });
    expect(await store.applyEvents(G, [posted(4), posted(6)])).toEqual({ applied: 1, gap: true, ended: null });
    expect(await store.cursor(G)).toBe(4);
    expect(await db.threads.get(T)).toMatchObject({ messageCount: 3 });
  });

  it('the member’s own removal ends the membership; its cursor is gone', async () => {
    const { db, store } = await member();
    const removed: GroupEvent = { groupId: G, seq: 2, at: 2, by: uuid(1), kind: 'member.removed', data: { memberId: ME } };
    expect((await store.applyEvents(G, [removed])).ended).toBe('removed');
    await store.endMembership(G, 'removed', 5);
    expect(await store.cursor(G)).toBeNull();
    expect(await store.cursors('http://h')).toEqual({});
    expect(await db.threads.count()).toBe(0);
    expect(await db.memberships.get(G)).toMatchObject({ endedAt: 5, endedReason: 'removed' });
  });

  it('a catch-up still coming in goes before the search index, which catches up after the pause', async () => {
    const { db, store } = await member();
    const batch = (from: number) => Array.from({ length: 500 }, (_, i) => posted(from + i));
    // A catch-up's pages are queued for the index, not indexed with their batch.
    for (let b = 0; b < 3; b++) await store.applyEvents(G, batch(2 + b * 500));
    expect(await db.searchQueue.count()).toBe(3);
    // The queue's deadline comes while the pages go on arriving (a catch-up longer than it).
    const drained = drainSearchQueue(db);
    await store.applyEvents(G, batch(1502));
    await drained;
    // The drain stopped for the catch-up: before, it took turns with every page to the end.
    expect(await db.searchQueue.count()).toBeGreaterThan(0);
    expect(await store.cursor(G)).toBe(2001);
    // After the pause in the events, every message is indexed.
    await expect.poll(() => db.searchQueue.count(), { timeout: 5_000 }).toBe(0);
    expect(await db.search.count()).toBe(2000);
  });
});
