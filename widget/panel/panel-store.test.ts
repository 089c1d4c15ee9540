import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../../protocol/events';
import { until } from '../../tests/support/until';
import { openCache } from './cache';
import { PanelSyncStore } from './panel-store';
import { GroupStore } from './store';

const G = '00000000-0000-4000-8000-0000000000aa';
const ME = '00000000-0000-4000-8000-0000000000bb';
const T = '00000000-0000-4000-8000-0000000000cc';
const HUB = 'http://127.0.0.1:8787';

const events: GroupEvent[] = [
  { groupId: G, seq: 1, at: 1, by: ME, kind: 'thread.created', data: { id: T, groupId: G, title: null, anchor: null, authorId: ME, createdAt: 1, lastMessageAt: null, messageCount: 0 } },
  {
    groupId: G,
    seq: 2,
    at: 2,
    by: ME,
    kind: 'message.posted',
    data: { id: '00000000-0000-4000-8000-0000000000dd', groupId: G, threadId: T, authorId: ME, body: 'kept on disk', mentions: [], reactions: {}, seq: 2, createdAt: 2, editedAt: null, deletedAt: null, deletedBy: null },
  },
];

function member() {
  const store = new GroupStore();
  store.groups.put({ id: G, name: 'g', topic: '', memberLimit: 30, updatedAt: 0 });
  store.memberships.put({ groupId: G, hub: HUB, memberId: ME, role: 'member', memberCount: 1, seq: 0, endedAt: null, endedReason: null });
  return store;
}

describe('the panel’s sync store', () => {
  it('follows only its own hub’s groups', async () => {
    const s = new PanelSyncStore(member(), HUB);
    expect(await s.cursors(HUB)).toEqual({ [G]: 0 });
    expect(await s.cursors('http://elsewhere.example')).toEqual({});
  });

  it('a next visit resumes from the cached number; an ended membership leaves nothing in IndexedDB', async () => {
    const first = new PanelSyncStore(member(), HUB);
    first.cache = await openCache(G, ME);
    expect(await first.cache!.restore(first.store)).toBe(false);
    await first.applyEvents(G, events);
    const saved = async () => {
      const probe = member();
      const cache = await openCache(G, ME);
      const restored = await cache!.restore(probe);
      cache!.close();
      return restored ? probe.memberships.get(G)?.seq : null;
    };
    // The cache saves shortly after a change.
    expect(await until(saved, (seq) => seq === 2)).toBe(2);

    await first.endMembership(G, 'removed', 9);
    expect(first.store.messages.all()).toEqual([]);
    expect(first.store.memberships.get(G)).toMatchObject({ endedAt: 9, endedReason: 'removed' });
    expect(await first.cursor(G)).toBeNull();
    await new Promise((r) => setTimeout(r, 500)); // past the cache's save delay: nothing came back
    expect(await saved()).toBeNull();
  });
});

describe('the panel’s cache across versions', () => {
  it('rows saved by a panel that did not keep the group’s records are not restored: the visit reads the group from its first event', async () => {
    // What the panel before the records table saved: rows with no layout in their meta.
    const { Dexie } = await import('dexie');
    const db = new Dexie('nook-widget');
    db.version(1).stores({ rows: '[g+t+k], g' });
    await db.table('rows').bulkPut([
      { g: G, t: 'meta', k: '', v: { memberId: ME } },
      { g: G, t: 'memberships', k: G, v: { groupId: G, hub: HUB, memberId: ME, role: 'member', memberCount: 1, seq: 40, endedAt: null, endedReason: null } },
    ]);
    db.close();
    const store = member();
    const cache = await openCache(G, ME);
    expect(await cache!.restore(store)).toBe(false);
    expect(store.memberships.get(G)?.seq).toBe(0);
    cache!.close();
  });
});
