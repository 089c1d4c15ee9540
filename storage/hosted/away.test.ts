import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { AWAY_MS } from '../../sync/away';
import { dropDbs, freshDb } from '../test-helpers';
import { groupAway, openedGroup, seenGroup } from './away';

afterEach(dropDbs);

const T0 = Date.UTC(2026, 4, 1, 9);

async function seed() {
  const db = freshDb();
  await db.memberships.put({ groupId: 'g', hub: 'https://hub.test', memberId: 'me', role: 'member', memberCount: 2, seq: 3, endedAt: null, endedReason: null });
  await db.threads.put({ id: 't', groupId: 'g', title: null, anchor: null, anchorUrl: '', authorId: 'bo', createdAt: 0, lastMessageAt: null, messageCount: 1, unread: 1 });
  return db;
}

describe('the last look at a group (background)', () => {
  it('answers nothing on the first opening, nor soon after; after 8 hours away, since when', async () => {
    const db = await seed();
    expect(await openedGroup(db, 'g', T0)).toBeNull();
    expect(await openedGroup(db, 'g', T0 + AWAY_MS - 1)).toBeNull();
    // That opening was the last look: 8 hours from it, not from the first.
    expect(await openedGroup(db, 'g', T0 + AWAY_MS)).toBeNull();
    expect(await openedGroup(db, 'g', T0 + 3 * AWAY_MS)).toBe(T0 + AWAY_MS);
    // Closing the group is a look too.
    await seenGroup(db, 'g', T0 + 4 * AWAY_MS);
    expect(await openedGroup(db, 'g', T0 + 4 * AWAY_MS + 1)).toBeNull();
  });

  it('sums up what came after the look from the device’s rows', async () => {
    const db = await seed();
    await db.messages.put({ id: 'm1', groupId: 'g', threadId: 't', authorId: 'bo', body: 'hi @me', mentions: ['me'], reactions: {}, seq: 3, createdAt: T0 + 1, editedAt: null, deletedAt: null, deletedBy: null, delivery: 'sent', error: null, fromEvent: true });
    expect(await groupAway(db, 'g', T0)).toMatchObject({ messages: 1, mentions: 1, threads: [{ id: 't', count: 1 }] });
    expect(await groupAway(db, 'g', T0 + 1)).toBeNull();
  });
});
