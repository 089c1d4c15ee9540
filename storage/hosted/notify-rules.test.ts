import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../../protocol/events';
import { communityOf, decideMessages, decideRequests, FRESH_MS, noticeId, targetOf, type MessageInput, type ThreadFacts } from './notify-rules';

const G = 'g1';
const ME = 'me';
const NOW = Date.UTC(2026, 4, 4, 12);
const on = { mentions: true, replies: true, requests: true };

let seq = 10;
function posted(p: { id: string; thread?: string; author?: string; mentions?: string[]; at?: number; body?: string }): GroupEvent {
  const s = ++seq;
  return {
    groupId: G,
    seq: s,
    at: p.at ?? NOW - 1000,
    by: p.author ?? 'bo',
    kind: 'message.posted',
    data: {
      id: p.id,
      groupId: G,
      threadId: p.thread ?? 'general',
      authorId: p.author ?? 'bo',
      body: p.body ?? 'hello',
      mentions: p.mentions ?? [],
      reactions: {},
      seq: s,
      createdAt: p.at ?? NOW - 1000,
      editedAt: null,
      deletedAt: null,
      deletedBy: null,
    },
  };
}

/** The thread rows as the device holds them after the batch: earlier messages plus the batch's. */
function facts(general: boolean, earlier: { id: string; authorId: string; seq: number }[], events: GroupEvent[], thread: string): ThreadFacts {
  const batch = events.flatMap((e) => (e.kind === 'message.posted' && e.data.threadId === thread ? [{ id: e.data.id, authorId: e.data.authorId, seq: e.seq }] : []));
  return { general, messages: [...earlier, ...batch] };
}

function input(events: GroupEvent[], over: Partial<MessageInput> = {}, threads: Record<string, ThreadFacts> = {}): MessageInput {
  return {
    groupId: G,
    events,
    replay: false,
    me: { id: ME, joinedAt: NOW - 86_400_000 },
    now: NOW,
    switches: on,
    onScreen: false,
    threads: (id) => threads[id] ?? facts(id === 'general', [], events, id),
    ...over,
  };
}

describe('decideMessages', () => {
  it('shows a fresh mention of the member, with what opens it', () => {
    const d = decideMessages(input([posted({ id: 'm1', mentions: [ME], body: 'hi @me' })]));
    expect(d.summary).toBeNull();
    expect(d.show).toEqual([expect.objectContaining({ kind: 'mention', messageId: 'm1', threadId: 'general', authorId: 'bo', body: 'hi @me' })]);
    expect(targetOf(noticeId.message(d.show[0]!))).toEqual({ groupId: G, threadId: 'general' });
  });

  it('never for the member’s own message, one mentioning others, or a kind switched off', () => {
    expect(decideMessages(input([posted({ id: 'm1', author: ME, mentions: [ME] })])).show).toEqual([]);
    expect(decideMessages(input([posted({ id: 'm2', mentions: ['cy'] })])).show).toEqual([]);
    const off = decideMessages(input([posted({ id: 'm3', mentions: [ME] })], { switches: { ...on, mentions: false } }));
    expect(off).toEqual({ show: [], summary: null });
  });

  it('in a thread other than the general discussion, a reply is anything after the member wrote there', () => {
    const events = [posted({ id: 'm2', thread: 'page' }), posted({ id: 'm3', thread: 'page', author: 'cy' })];
    const page = facts(false, [{ id: 'm0', authorId: ME, seq: 1 }, { id: 'm1', authorId: 'cy', seq: 2 }], events, 'page');
    const d = decideMessages(input(events, {}, { page }));
    expect(d.show.map((n) => [n.kind, n.messageId])).toEqual([
      ['reply', 'm2'],
      ['reply', 'm3'],
    ]);
    // A thread the member never wrote in: no replies to them there.
    const other = facts(false, [{ id: 'm1', authorId: 'cy', seq: 2 }], events, 'page');
    expect(decideMessages(input(events, {}, { page: other })).show).toEqual([]);
    expect(decideMessages(input(events, { switches: { ...on, replies: false } }, { page })).show).toEqual([]);
  });

  it('in the general discussion, a reply only directly after one of the member’s messages', () => {
    const events = [posted({ id: 'm2' }), posted({ id: 'm3', author: 'cy' })];
    const general = facts(true, [{ id: 'm0', authorId: ME, seq: 1 }], events, 'general');
    expect(decideMessages(input(events, {}, { general })).show.map((n) => n.messageId)).toEqual(['m2']);
    const notMine = facts(true, [{ id: 'm0', authorId: ME, seq: 1 }, { id: 'm1', authorId: 'cy', seq: 2 }], events, 'general');
    expect(decideMessages(input(events, {}, { general: notMine })).show).toEqual([]);
  });

  it('a message that mentions the member and replies to them is one mention', () => {
    const events = [posted({ id: 'm2', mentions: [ME] })];
    const general = facts(true, [{ id: 'm0', authorId: ME, seq: 1 }], events, 'general');
    expect(decideMessages(input(events, {}, { general })).show.map((n) => n.kind)).toEqual(['mention']);
  });

  it('nothing for a first sync, for what came before the member joined, or while a sidebar shows the group', () => {
    const events = [posted({ id: 'm1', mentions: [ME] })];
    expect(decideMessages(input(events, { replay: true }))).toEqual({ show: [], summary: null });
    expect(decideMessages(input(events, { onScreen: true }))).toEqual({ show: [], summary: null });
    expect(decideMessages(input(events, { me: { id: ME, joinedAt: NOW } }))).toEqual({ show: [], summary: null });
  });

  it('a member back after a week gets one summary, not a notification per old mention', () => {
    const old = Array.from({ length: 200 }, (_, i) => posted({ id: `o${i}`, mentions: [ME], at: NOW - 7 * 86_400_000 + i }));
    const d = decideMessages(input([...old, posted({ id: 'new', mentions: [ME] })], { me: { id: ME, joinedAt: NOW - 30 * 86_400_000 } }));
    expect(d.show.map((n) => n.messageId)).toEqual(['new']);
    expect(d.summary).toEqual({ mentions: 200, replies: 0 });
    // Just past the freshness window counts as old.
    const edge = decideMessages(input([posted({ id: 'e', mentions: [ME], at: NOW - FRESH_MS - 1 })]));
    expect(edge).toEqual({ show: [], summary: { mentions: 1, replies: 0 } });
  });

  it('a burst of fresh ones at once is summed up too', () => {
    const burst = Array.from({ length: 5 }, (_, i) => posted({ id: `b${i}`, mentions: [ME] }));
    expect(decideMessages(input(burst))).toEqual({ show: [], summary: { mentions: 5, replies: 0 } });
  });
});

describe('decideRequests', () => {
  const r = (id: string, age = 1000) => ({ id, name: id, message: '', createdAt: NOW - age });
  it('shows only requests not seen before', () => {
    const d = decideRequests({ before: new Set(['a']), after: [r('a'), r('b')], now: NOW, on: true, onScreen: false });
    expect(d).toEqual({ show: [r('b')], summary: 0 });
  });
  it('counts old or many new ones instead, and none when off or on screen', () => {
    expect(decideRequests({ before: new Set(), after: [r('a', FRESH_MS + 1), r('b')], now: NOW, on: true, onScreen: false })).toEqual({ show: [r('b')], summary: 1 });
    const many = ['a', 'b', 'c', 'd'].map((id) => r(id));
    expect(decideRequests({ before: new Set(), after: many, now: NOW, on: true, onScreen: false })).toEqual({ show: [], summary: 4 });
    expect(decideRequests({ before: new Set(), after: [r('a')], now: NOW, on: false, onScreen: false }).show).toEqual([]);
    expect(decideRequests({ before: new Set(), after: [r('a')], now: NOW, on: true, onScreen: true }).show).toEqual([]);
  });
});

describe('targetOf', () => {
  it('opens the group (and thread) a notification names, a join request on Members, and leaves others’ alone', () => {
    expect(targetOf(noticeId.request(G, 'r1'))).toEqual({ groupId: G, threadId: null, section: 'members' });
    expect(targetOf(noticeId.requestSummary(G))).toEqual({ groupId: G, threadId: null, section: 'members' });
    expect(targetOf(noticeId.summary(G))).toEqual({ groupId: G, threadId: null });
    expect(targetOf('reminder:checkin:x')).toBeNull();
  });
  it('opens the community a notification of its join requests names, and no group', () => {
    expect(communityOf(noticeId.communityRequest(G, 'r1'))).toBe(G);
    expect(communityOf(noticeId.communitySummary(G))).toBe(G);
    expect(targetOf(noticeId.communityRequest(G, 'r1'))).toBeNull();
    expect(targetOf(noticeId.communitySummary(G))).toBeNull();
    expect(communityOf(noticeId.request(G, 'r1'))).toBeNull();
    expect(communityOf('reminder:checkin:x')).toBeNull();
  });
});
