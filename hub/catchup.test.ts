import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LIVE_LIMITS, type HubMessage } from '../protocol';
import { Fanout, PAGE, PAGE_BYTES, type LiveConn } from './live/fanout';
import { eventsAfter, pageAfter } from './store/events';
import type { Queryable, SqlValue } from './store/store';
import { expectOk } from './testing/api';
import { database } from './testing/database';
import { useHubs } from './testing/hubs';

/**
 * What a new member's catch-up costs the hub. The group's whole history is sent a page at a
 * time (hub/live/fanout.ts). A read that walks all the group's rows for each page makes the
 * catch-up quadratic: on a group of 50,000 messages the member waited 14-16 s instead of 2.6
 * (BENCHMARKS.md, hub-catchup) once the moderation step's messages_author index
 * (group_id, author_id, created_at) made SQLite, which keeps no statistics, read each page's
 * message texts through that index rather than by their ids. And pages sent back to back,
 * without a pause, held the hub's event loop for the whole history: nobody's request (the
 * new member's own GET /me, which their device waits for before applying anything) was
 * answered until it ended.
 */
const hubs = useHubs();

/** The statements a read runs, with their parameters, on the way to the real database. */
function recording(q: Queryable) {
  const seen: { sql: string; params: readonly SqlValue[] }[] = [];
  const note = (sql: string, params: readonly SqlValue[] = []) => seen.push({ sql, params });
  const recorder: Queryable = {
    all: (sql, params) => (note(sql, params), q.all(sql, params)),
    one: (sql, params) => (note(sql, params), q.one(sql, params)),
    run: (sql, params) => (note(sql, params), q.run(sql, params)),
  };
  return { recorder, seen };
}

describe("a page of a group's events (SQLite)", () => {
  it('reads each row it needs by its key, never by walking the group', async () => {
    const t = await hubs.start('sqlite');
    const { api } = t;
    const owner = await api.group({ name: 'Bakers' });
    const members = [owner, await api.member(owner.groupId, owner.token, 'Mo'), await api.member(owner.groupId, owner.token, 'Ada')];
    const threadId = await api.thread(owner.groupId, owner.token, { title: 'General' });
    // Messages by every member (what messages_author indexes), intros and check-ins: every text a page reads.
    for (let i = 0; i < 30; i++) await api.message(owner.groupId, threadId, members[i % members.length]!.token, `message ${i}`);
    for (const m of members) {
      expectOk(await api.put(`/groups/${owner.groupId}/intro`, { text: 'Hello', interests: ['rye'], timeZone: 'UTC' }, m.token));
      const goal = await api.post(`/groups/${owner.groupId}/goals`, { id: randomUUID(), title: 'Bake', cadence: 'daily' }, m.token);
      expectOk(goal);
      const goalId = goal.body.goal.id as string;
      expectOk(await api.post(`/groups/${owner.groupId}/goals/${goalId}/checkins`, { id: randomUUID(), at: Date.now(), timeZone: 'UTC', note: 'done' }, m.token));
    }

    const db = database(t);
    try {
      const { recorder, seen } = recording(db);
      const page = await pageAfter(recorder, owner.groupId, 0, PAGE, PAGE_BYTES);
      const kinds = new Set(page.events.map((e) => e.kind));
      for (const kind of ['message.posted', 'intro.posted', 'checkin.created', 'member.joined', 'group.created']) expect(kinds).toContain(kind);
      // The texts are back in the events: the reads found their rows.
      const bodies = page.events.flatMap((e) => (e.kind === 'message.posted' ? [e.data.body] : []));
      expect(bodies).toEqual(Array.from({ length: 30 }, (_, i) => `message ${i}`));
      expect(page.events.find((e) => e.kind === 'checkin.created')).toMatchObject({ data: { note: 'done' } });
      expect(await eventsAfter(recorder, owner.groupId, 0, PAGE)).toEqual(page.events);

      const walks: string[] = [];
      for (const { sql, params } of seen) {
        const plan = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
        // A SCAN reads the whole table; a SEARCH on group_id alone reads every row of the group.
        for (const { detail } of plan) if (/^SCAN\b|\(group_id=\?\)$/.test(detail)) walks.push(`${detail}  ←  ${sql.replace(/\s+/g, ' ').slice(0, 90)}`);
      }
      expect(walks).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe("a new member's catch-up", () => {
  it("leaves the hub's event loop free between pages, and sends the whole history in order", async () => {
    const t = await hubs.start('sqlite');
    const { api } = t;
    const owner = await api.group({ name: 'Bakers' });
    const threadId = await api.thread(owner.groupId, owner.token, { title: 'General' });
    // Long messages make short pages (PAGE_BYTES): a few hundred are several pages.
    const body = 'x'.repeat(4_000);
    for (let i = 0; i < 30; i++) await Promise.all(Array.from({ length: 10 }, () => api.message(owner.groupId, threadId, owner.token, body)));
    const history = (await api.events(owner.groupId, owner.token)).map((e: { seq: number }) => e.seq);

    const db = database(t);
    try {
      // A client that reads all it is sent at once (room at every page), alone on its socket.
      const frames: { seqs: number[]; turns: number }[] = [];
      let turns = 0;
      let synced!: () => void;
      const done = new Promise<void>((resolve) => (synced = resolve));
      const conn: LiveConn = {
        memberId: owner.ownerId,
        frameBytes: LIVE_LIMITS.frameBytes,
        send: (m: HubMessage) => (m.t === 'synced' ? synced() : undefined),
        sendText: (text) => frames.push({ seqs: (JSON.parse(text) as { events: { seq: number }[] }).events.map((e) => e.seq), turns }),
        room: async () => true,
        turn: (fn) => fn(),
        revoked: () => undefined,
      };
      // Counts the turns of the event loop, which is where the hub reads requests and answers them.
      let ticking = true;
      const tick = () => {
        turns++;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      new Fanout(db, () => undefined).subscribe(conn, owner.groupId, 0);
      await done;
      ticking = false;

      expect(frames.flatMap((f) => f.seqs)).toEqual(history);
      expect(frames.length).toBeGreaterThanOrEqual(4);
      // Every page after the first went out on a later turn of the event loop than the one before it.
      const pages = frames.filter((f, i) => i === 0 || f.turns !== frames[i - 1]!.turns);
      expect(pages.length).toBeGreaterThanOrEqual(4);
      expect(frames.at(-1)!.turns).toBeGreaterThan(frames[0]!.turns);
    } finally {
      await db.close();
    }
  });
});
