import 'fake-indexeddb/auto';
import { Dexie, liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol/events';
import type { PageContext } from '../sites/types';
import type { MessageHit, SearchHit, SearchOptions } from '../types/search';
import { NookDB } from './db';
import { endMembership } from './hosted/membership';
import { drainSearchQueue, filterCode, groupTerm, authorTerm, searchFilterChoices } from './message-index';
import { saveNote } from './notes';
import { SEARCH_TUNING, type SearchTuning, search } from './search';
import { dexieSyncStore } from './sync-store';
import { context, dropDbs, freshDb, oldStores } from './test-helpers';

afterEach(dropDbs);

const HUB = 'http://hub.example';
const ME = '00000000-0000-4000-8000-0000000000bb';
const ADA = '00000000-0000-4000-8000-0000000000a1';
const BO = '00000000-0000-4000-8000-0000000000b0';
const KNIT = '00000000-0000-4000-8000-00000000000a';
const BAKE = '00000000-0000-4000-8000-00000000000b';
const PAGE: PageContext = context({ url: 'https://www.reddit.com/r/knitting/comments/1abcde/', title: 'Heel flaps for beginners?' });

let ids = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

/** A group the member follows, its events applied through the real sync store. */
class Group {
  seq = 0;
  readonly general = uuid();
  constructor(
    readonly db: NookDB,
    readonly id: string,
  ) {}

  static async join(db: NookDB, id: string, name: string): Promise<Group> {
    await db.memberships.put({ groupId: id, hub: HUB, memberId: ME, role: 'member', memberCount: 3, seq: 0, endedAt: null, endedReason: null });
    await db.groups.put({ id, name, topic: '', memberLimit: 30, hub: HUB, contexts: [], createdAt: 0, updatedAt: 0, deletedAt: null });
    for (const [member, memberName] of [[ME, 'Me'], [ADA, 'Ada'], [BO, 'Bo']] as const) {
      await db.members.put({ groupId: id, id: member, name: memberName, role: 'member', intro: '', joinedAt: 0, active: true });
    }
    const g = new Group(db, id);
    await g.apply({ kind: 'thread.created', data: g.thread(g.general, null) });
    return g;
  }

  thread(id: string, anchor: PageContext | null) {
    return { id, groupId: this.id, title: null, anchor, authorId: ADA, createdAt: 1, lastMessageAt: null, messageCount: 0 };
  }

  async apply(...events: Pick<GroupEvent, 'kind' | 'data'>[]): Promise<void> {
    const numbered = events.map((e) => ({ groupId: this.id, seq: ++this.seq, at: this.seq, by: ADA, ...e }) as GroupEvent);
    await dexieSyncStore(this.db).applyEvents(this.id, numbered);
  }

  /** Posts a message (as the hub would send it) and answers its id. */
  async post(body: string, { author = ADA, thread = this.general, at = Date.now() }: { author?: string; thread?: string; at?: number } = {}): Promise<string> {
    const id = uuid();
    await this.apply({
      kind: 'message.posted',
      data: { id, groupId: this.id, threadId: thread, authorId: author, body, mentions: [], reactions: {}, seq: this.seq + 1, createdAt: at, editedAt: null, deletedAt: null, deletedBy: null },
    });
    return id;
  }
}

const messageIds = (hits: SearchHit[]) => hits.map((h) => (h.kind === 'message' ? h.id : `note ${h.note.id}`));

async function twoGroups() {
  const db = freshDb();
  const knit = await Group.join(db, KNIT, 'Sock knitters');
  const bake = await Group.join(db, BAKE, 'Bread bakers');
  return { db, knit, bake };
}

describe('searching messages', () => {
  it('finds the messages of every group followed, with the notes, newest first, and says where each is', async () => {
    const { db, knit, bake } = await twoGroups();
    const pageThread = uuid();
    await knit.apply({ kind: 'thread.created', data: knit.thread(pageThread, PAGE) });
    const a = await knit.post('Slip stitch heel flaps wear better', { thread: pageThread, at: 1000 });
    const b = await bake.post('The heel of the loaf goes to the birds', { author: BO, at: 2000 });
    await bake.post('Autolyse for an hour', { at: 3000 });
    const note = await saveNote(db, context({ url: 'https://a.example/n' }), 'My heel notes');

    const hits = await search(db, 'heel');
    expect(messageIds(hits)).toEqual([`note ${note.id}`, b, a]);
    const [, loaf, flaps] = hits as [SearchHit, MessageHit, MessageHit];
    expect(loaf).toMatchObject({ kind: 'message', groupId: BAKE, groupName: 'Bread bakers', threadId: bake.general, page: null, authorId: BO, authorName: 'Bo', createdAt: 2000 });
    expect(loaf.excerpt).toContain('heel of the loaf');
    expect(flaps).toMatchObject({ groupName: 'Sock knitters', threadId: pageThread, page: { url: PAGE.url, title: PAGE.title }, authorName: 'Ada' });
  });

  it('ignores accents and case as the notes do, and finds Japanese by characters', async () => {
    const { db, knit } = await twoGroups();
    const creme = await knit.post('Crème BRÛLÉE after the meetup');
    const tokyo = await knit.post('来週、東京タワーに行きます');
    expect(messageIds(await search(db, 'creme brulee'))).toEqual([creme]);
    expect(messageIds(await search(db, 'CRÈM'))).toEqual([creme]);
    expect(messageIds(await search(db, 'Brûlée'))).toEqual([creme]);
    expect(messageIds(await search(db, '東京タワー'))).toEqual([tokyo]);
    expect(await search(db, 'rulee')).toEqual([]); // inside a word: no
  });

  it('filters by group, author and page, alone or together, through the same planner', async () => {
    const { db, knit, bake } = await twoGroups();
    const pageThread = uuid();
    await knit.apply({ kind: 'thread.created', data: knit.thread(pageThread, PAGE) });
    const k1 = await knit.post('gauge swatch first', { at: 10 });
    const k2 = await knit.post('gauge swatch on the page', { author: BO, thread: pageThread, at: 20 });
    const b1 = await bake.post('gauge the dough by the poke test', { author: BO, at: 30 });
    const pageNote = await saveNote(db, PAGE, 'gauge notes for this thread');
    const other = await saveNote(db, context({ url: 'https://a.example/other' }), 'gauge elsewhere');

    const plans: Partial<SearchTuning>[] = [{}, { indexRowCost: 0 }, { indexRowCost: 1e9 }, { expansions: 0, rowCost: 0 }, { batch: 1 }];
    for (const plan of plans) {
      const q = (query: string, o: SearchOptions) => search(db, query, o, { ...SEARCH_TUNING, ...plan }).then(messageIds);
      expect(await q('gauge', {})).toEqual([`note ${other.id}`, `note ${pageNote.id}`, b1, k2, k1]);
      expect(await q('gauge', { group: KNIT })).toEqual([k2, k1]);
      expect(await q('gauge', { author: BO })).toEqual([b1, k2]);
      expect(await q('gauge', { group: KNIT, author: BO })).toEqual([k2]);
      expect(await q('gauge', { group: BAKE, author: ADA })).toEqual([]);
      // A page: its note and its thread's messages.
      expect(await q('gauge', { page: PAGE.url })).toEqual([`note ${pageNote.id}`, k2]);
      expect(await q('swatch', { page: PAGE.url })).toEqual([k2]);
      expect(await q('gauge', { page: 'https://a.example/none' })).toEqual([]);
      // Filters alone list what they hold, newest first; words of one or two letters are checked on rows.
      expect(await q('', { author: BO })).toEqual([b1, k2]);
      expect(await q('po', { group: BAKE })).toEqual([b1]);
      expect(await q('gauge', { page: PAGE.url, limit: 1 })).toEqual([`note ${pageNote.id}`]);
    }
  });

  it('never shows another author\'s message for an author filter, even when their ids share a code', async () => {
    // Two member ids whose two-character codes are the same (a 30-bit hash: found in a few
    // tens of thousands of tries).
    const seen = new Map<string, string>();
    let twins: [string, string] | null = null;
    for (let i = 0; !twins; i++) {
      const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
      const code = filterCode(id);
      const other = seen.get(code);
      if (other) twins = [other, id];
      else seen.set(code, id);
    }
    const [cy, di] = twins;
    const { db, knit } = await twoGroups();
    await db.members.bulkPut([cy, di].map((id, i) => ({ groupId: KNIT, id, name: `Twin ${i}`, role: 'member' as const, intro: '', joinedAt: 0, active: true })));
    const fromCy = await knit.post('twin cables by Cy', { author: cy, at: 10 });
    const fromDi = await knit.post('twin cables by Di', { author: di, at: 20 });
    expect(messageIds(await search(db, 'twin', { author: cy }))).toEqual([fromCy]);
    expect(messageIds(await search(db, 'twin', { author: di }))).toEqual([fromDi]);
    expect(messageIds(await search(db, '', { author: di }))).toEqual([fromDi]);
  });

  it('follows the messages: edited ones are found by their new words, deleted ones no more', async () => {
    const { db, knit } = await twoGroups();
    const id = await knit.post('Picot edging tonight');
    expect(messageIds(await search(db, 'picot'))).toEqual([id]);
    await knit.apply({ kind: 'message.edited', data: { id, threadId: knit.general, body: 'Moss stitch tonight', mentions: [], editedAt: Date.now() } });
    expect(await search(db, 'picot')).toEqual([]);
    expect(messageIds(await search(db, 'moss'))).toEqual([id]);
    expect((await search(db, 'moss'))[0]).toMatchObject({ editedAt: expect.any(Number) });
    await knit.apply({ kind: 'message.deleted', data: { id, threadId: knit.general, deletedAt: Date.now(), deletedBy: ADA } });
    expect(await search(db, 'moss')).toEqual([]);
    expect(await search(db, 'tonight', { group: KNIT })).toEqual([]);
    expect(await db.search.count()).toBe(0);
  });

  it('indexes messages that came before their thread with the page once the thread arrives', async () => {
    const db = freshDb();
    const knit = await Group.join(db, KNIT, 'Sock knitters');
    const pageThread = uuid();
    const id = await knit.post('Early bird message', { thread: pageThread });
    expect(await search(db, 'early', { page: PAGE.url })).toEqual([]);
    await knit.apply({ kind: 'thread.created', data: knit.thread(pageThread, PAGE) });
    expect(messageIds(await search(db, 'early', { page: PAGE.url }))).toEqual([id]);
  });

  it('forgets every message of a group the member left or was removed from, and keeps the others', async () => {
    const { db, knit, bake } = await twoGroups();
    // Older than the note (a note and a message saved in the same millisecond have no order to test).
    await knit.post('shared word in knitting', { at: 1 });
    const kept = await bake.post('shared word in baking', { at: 2 });
    const note = await saveNote(db, context(), 'shared word in a note');
    await endMembership(db, KNIT, 'left', Date.now());
    expect(messageIds(await search(db, 'shared'))).toEqual([`note ${note.id}`, kept]);
    expect(await search(db, 'knitting')).toEqual([]);
    expect(await search(db, '', { group: KNIT })).toEqual([]);
    await endMembership(db, BAKE, 'removed', Date.now());
    expect(messageIds(await search(db, 'shared'))).toEqual([`note ${note.id}`]);
    expect(await db.search.count()).toBe(1);
  });

  it('offers the groups followed, their members and the pages with threads as filters', async () => {
    const { db, knit } = await twoGroups();
    await knit.apply({ kind: 'thread.created', data: knit.thread(uuid(), PAGE) });
    await endMembership(db, BAKE, 'left', Date.now());
    expect(await searchFilterChoices(db)).toEqual({
      groups: [{ id: KNIT, name: 'Sock knitters' }],
      authors: [
        { id: ADA, name: 'Ada' },
        { id: BO, name: 'Bo' },
        { id: ME, name: 'Me' },
      ],
      pages: [{ url: PAGE.url, title: PAGE.title }],
    });
  });

  it('indexes a catch-up after its batches, and a live search shows its messages once they are', async () => {
    const db = freshDb();
    const knit = await Group.join(db, KNIT, 'Sock knitters');
    // As the sidebar asks: a live query, which may not write.
    const seen: number[] = [];
    const errors: unknown[] = [];
    const sub = liveQuery(() => search(db, 'caught', { limit: 100 })).subscribe({ next: (hits) => seen.push(hits.length), error: (e) => errors.push(e) });
    try {
      const page = Array.from({ length: 60 }, (_, i) => i);
      await knit.apply(
        ...page.map((i) => ({
          kind: 'message.posted' as const,
          data: { id: uuid(), groupId: KNIT, threadId: knit.general, authorId: ADA, body: `caught up ${i}`, mentions: [], reactions: {}, seq: 0, createdAt: i, editedAt: null, deletedAt: null, deletedBy: null },
        })),
      );
      expect(await db.searchQueue.count()).toBe(1);
      await expect.poll(() => seen.at(-1), { timeout: 5000 }).toBe(60);
      expect(await db.searchQueue.count()).toBe(0);
      // A live message is indexed with its batch.
      const live = await knit.post('caught live');
      expect(await db.searchQueue.count()).toBe(0);
      expect(messageIds(await search(db, 'caught live'))).toEqual([live]);
      await expect.poll(() => seen.at(-1), { timeout: 3000 }).toBe(61);
      expect(errors).toEqual([]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('indexes the messages already stored when the database is upgraded', async () => {
    const name = `nook-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    old.version(4).stores(oldStores(4));
    const message = (id: string, groupId: string, body: string, over: object = {}) => ({
      id, groupId, threadId: `t-${groupId}`, authorId: ADA, body, mentions: [], reactions: {}, seq: 1, createdAt: 5, editedAt: null,
      deletedAt: null, deletedBy: null, delivery: 'sent', error: null, fromEvent: true, ...over,
    });
    await old.table('memberships').bulkPut([
      { groupId: KNIT, hub: HUB, memberId: ME, role: 'member', memberCount: 2, seq: 9, endedAt: null, endedReason: null },
      { groupId: BAKE, hub: HUB, memberId: ME, role: 'member', memberCount: 2, seq: 9, endedAt: 7, endedReason: 'left' },
    ]);
    await old.table('groups').put({ id: KNIT, name: 'Sock knitters', topic: '', memberLimit: 30, hub: HUB, contexts: [], createdAt: 0, updatedAt: 0, deletedAt: null });
    await old.table('threads').put({ id: `t-${KNIT}`, groupId: KNIT, title: null, anchor: PAGE, anchorUrl: PAGE.url, authorId: ADA, createdAt: 1, lastMessageAt: 5, messageCount: 3, unread: 0 });
    await old.table('messages').bulkPut([
      message('m1', KNIT, 'Stored before the upgrade'),
      message('m2', KNIT, 'Stored and deleted', { body: '', deletedAt: 6, deletedBy: ADA }),
      message('m3', KNIT, 'Stored while pending', { fromEvent: false, delivery: 'pending' }),
      message('m4', BAKE, 'Stored for a group left'),
      ...Array.from({ length: 1200 }, (_, i) => message(`bulk-${String(i).padStart(4, '0')}`, KNIT, `bulk stored ${i}`)),
    ]);
    old.close();

    const db = new NookDB(name);
    try {
      await db.open();
      expect(await db.searchQueue.count()).toBeGreaterThan(0);
      await drainSearchQueue(db);
      expect(await db.searchQueue.count()).toBe(0);
      expect(messageIds(await search(db, 'stored before', { page: PAGE.url }))).toEqual(['m1']);
      expect(await search(db, 'deleted')).toEqual([]);
      expect(await search(db, 'pending')).toEqual([]);
      expect(await search(db, 'left')).toEqual([]);
      expect(await search(db, 'bulk', { limit: 2000 })).toHaveLength(1200);
    } finally {
      await db.delete();
    }
  });

  it('indexes again, with their group and author in the key, the messages a version 6 database held', async () => {
    const name = `nook-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    old.version(6).stores(oldStores(6));
    const message = (id: string, authorId: string, body: string, createdAt: number) => ({
      id, groupId: KNIT, threadId: `t-${KNIT}`, authorId, body, mentions: [], reactions: {}, seq: 1, createdAt, editedAt: null,
      deletedAt: null, deletedBy: null, delivery: 'sent', error: null, fromEvent: true,
    });
    const stored = [message('m1', ADA, 'cables from Ada', 5), message('m2', BO, 'cables from Bo', 6)];
    await old.table('memberships').put({ groupId: KNIT, hub: HUB, memberId: ME, role: 'member', memberCount: 2, seq: 9, endedAt: null, endedReason: null });
    await old.table('groups').put({ id: KNIT, name: 'Sock knitters', topic: '', memberLimit: 30, hub: HUB, contexts: [], createdAt: 0, updatedAt: 0, deletedAt: null });
    await old.table('threads').put({ id: `t-${KNIT}`, groupId: KNIT, title: null, anchor: null, anchorUrl: '', authorId: ADA, createdAt: 1, lastMessageAt: 6, messageCount: 2, unread: 0 });
    await old.table('messages').bulkPut(stored);
    // The rows as version 6 made them: the message id after the prefix, no codes.
    await old.table('search').bulkPut(
      stored.map((m) => ({ rank: -m.createdAt, id: `\u0000m:${m.id}`, terms: ['cab', 'cabl', 'cables', m.authorId === ADA ? 'ada' : 'bo', groupTerm(KNIT), authorTerm(m.authorId)] })),
    );
    old.close();

    const db = new NookDB(name);
    try {
      await db.open();
      await drainSearchQueue(db);
      expect(await db.search.count()).toBe(2);
      expect(messageIds(await search(db, 'cables'))).toEqual(['m2', 'm1']);
      expect(messageIds(await search(db, 'cables', { author: ADA }))).toEqual(['m1']);
      expect(messageIds(await search(db, '', { group: KNIT, author: BO }))).toEqual(['m2']);
    } finally {
      await db.delete();
    }
  });
});
