import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../../protocol/events';
import { openDb } from '../db';
import { applyEvents } from './apply';

const G = '00000000-0000-4000-8000-0000000000aa';
const ME = '00000000-0000-4000-8000-0000000000bb';
const T = '00000000-0000-4000-8000-0000000000cc';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function batch(from: number, count: number): GroupEvent[] {
  const out: GroupEvent[] = [];
  for (let i = 0; i < count; i++) {
    const seq = from + i;
    out.push({
      groupId: G,
      seq,
      at: seq,
      by: ME,
      kind: 'message.posted',
      data: { id: uuid(seq), groupId: G, threadId: T, authorId: uuid(1), body: `m${seq}`, mentions: [], reactions: {}, seq, createdAt: seq, editedAt: null, deletedAt: null, deletedBy: null },
    });
    if (i % 10 === 0)
      out.push({ groupId: G, seq: seq + 0.5, at: seq, by: ME, kind: 'reaction', data: { messageId: uuid(seq), threadId: T, emoji: '👍', memberId: ME, on: true } } as unknown as GroupEvent);
  }
  return out.filter((e) => Number.isInteger(e.seq));
}

describe('applyEvents', () => {
  it('applies large batches atomically, each message once, counts from events', async () => {
    const db = openDb(`apply-${Math.random()}`);
    await db.memberships.put({ groupId: G, hub: 'http://h', memberId: ME, role: 'member', memberCount: 2, seq: 0, endedAt: null, endedReason: null });
    await db.groups.put({ id: G, name: 'g', topic: '', memberLimit: 30, hub: 'http://h', contexts: [], createdAt: 0, updatedAt: 0, deletedAt: null });
    const thread: GroupEvent = {
      groupId: G, seq: 1, at: 1, by: ME, kind: 'thread.created',
      data: { id: T, groupId: G, title: null, anchor: null, authorId: ME, createdAt: 1, lastMessageAt: null, messageCount: 0 },
    };
    expect((await applyEvents(db, G, [thread])).applied).toBe(1);
    for (let from = 2; from < 2 + 3000; from += 1000) {
      const r = await applyEvents(db, G, batch(from, 1000));
      expect(r).toEqual({ applied: 1000, gap: false, ended: null });
    }
    // Applying the same batch again changes nothing.
    expect((await applyEvents(db, G, batch(2, 1000))).applied).toBe(0);
    expect(await db.messages.count()).toBe(3000);
    const t = await db.threads.get(T);
    expect(t).toMatchObject({ messageCount: 3000, unread: 3000, lastMessageAt: 3001 });
    expect((await db.memberships.get(G))?.seq).toBe(3001);
  });
});
