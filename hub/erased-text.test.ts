import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol';
import { migrations } from './store/schema';
import { scrubMessageText, scrubPeopleText } from './store/scrub';
import type { Db } from './store/store';
import type { Api } from './testing/api';
import { database, keptIn } from './testing/database';
import { BACKENDS, useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();

/** Every row of every table, as text: what the hub keeps (its event log among them). */
async function everythingKept(db: Db): Promise<string> {
  const kept = await keptIn(db);
  expect(kept).toMatch(/^events$/m);
  return kept;
}

const SECRETS = /first draft|second draft|regrettable|also regrettable/;

/**
 * A message written, edited twice, and another written, edited and deleted; then a third
 * that is never touched. Answers the ids and the texts that must survive.
 */
async function writeAndRegret(api: Api) {
  const g = await api.group({ ownerName: 'Olive' });
  const ann = await api.member(g.groupId, g.token, 'Ann');
  const t = await api.thread(g.groupId, g.token, { title: 'Plans' });
  const edited = await api.message(g.groupId, t, ann.token, 'first draft, for @Olive');
  const at = (id: string) => `/groups/${g.groupId}/messages/${id}`;
  expect((await api.patch(at(edited.id), { body: 'second draft' }, ann.token)).status).toBe(200);
  expect((await api.patch(at(edited.id), { body: 'final words' }, ann.token)).status).toBe(200);
  const deleted = await api.message(g.groupId, t, ann.token, 'regrettable');
  expect((await api.patch(at(deleted.id), { body: 'also regrettable' }, ann.token)).status).toBe(200);
  expect((await api.del(at(deleted.id), g.token)).status).toBe(200);
  const kept = await api.message(g.groupId, t, ann.token, 'never touched');
  return { g, ann, t, edited, deleted, kept };
}

/** What a client holds after applying the events in order, message by message. */
function replay(events: GroupEvent[]) {
  const messages = new Map<string, { body: string; mentions: string[]; editedAt: number | null; deletedAt: number | null }>();
  for (const e of events) {
    if (e.kind === 'message.posted') messages.set(e.data.id, { ...e.data });
    if (e.kind === 'message.edited') Object.assign(messages.get(e.data.id)!, { body: e.data.body, mentions: e.data.mentions, editedAt: e.data.editedAt });
    if (e.kind === 'message.deleted') Object.assign(messages.get(e.data.id)!, { body: '', deletedAt: e.data.deletedAt });
  }
  return messages;
}

function expectCurrentText(events: GroupEvent[], w: Awaited<ReturnType<typeof writeAndRegret>>) {
  const held = replay(events);
  expect(held.get(w.edited.id)).toMatchObject({ body: 'final words', mentions: [], editedAt: expect.any(Number), deletedAt: null });
  expect(held.get(w.deleted.id)).toMatchObject({ body: '', mentions: [], deletedAt: expect.any(Number) });
  expect(held.get(w.kept.id)).toMatchObject({ body: 'never touched', editedAt: null });
}

describe.each(BACKENDS)('edited and deleted text is gone from the hub (%s)', (backend) => {
  it('is served by neither /events nor live replay to someone who joins later; the events keep their numbers', async () => {
    const hub = await hubs.start(backend);
    const w = await writeAndRegret(hub.api);
    const late = await hub.api.member(w.g.groupId, w.g.token, 'Late');

    const events = (await hub.api.events(w.g.groupId, late.token)) as GroupEvent[];
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(JSON.stringify(events)).not.toMatch(SECRETS);
    expect(events.filter((e) => e.kind === 'message.edited')).toHaveLength(3);
    expect(events.filter((e) => e.kind === 'message.deleted')).toHaveLength(1);
    expectCurrentText(events, w);

    const live = await LiveClient.connect(hub.url, late.token, { [w.g.groupId]: 0 });
    await live.waitFor((m) => m.t === 'synced');
    const replayed = live.events(w.g.groupId);
    expect(JSON.stringify(replayed)).not.toMatch(SECRETS);
    expect(replayed).toEqual(events);
    live.close();

    // The members who were there all along see the same through /events.
    expect(await hub.api.events(w.g.groupId, w.ann.token)).toEqual(events);
  });

  it('live, an edit still brings its new text and a delete blanks it', async () => {
    const hub = await hubs.start(backend);
    const g = await hub.api.group();
    const ann = await hub.api.member(g.groupId, g.token, 'Ann');
    const t = await hub.api.thread(g.groupId, g.token);
    const msg = await hub.api.message(g.groupId, t, ann.token, 'first draft');
    const live = await LiveClient.connect(hub.url, g.token, { [g.groupId]: msg.seq });
    await live.waitFor((m) => m.t === 'synced');
    await hub.api.patch(`/groups/${g.groupId}/messages/${msg.id}`, { body: 'better' }, ann.token);
    await live.waitForSeq(g.groupId, msg.seq + 1);
    expect(live.events(g.groupId)).toEqual([
      expect.objectContaining({ kind: 'message.edited', data: { id: msg.id, threadId: t, body: 'better', mentions: [], editedAt: expect.any(Number) } }),
    ]);
    await hub.api.del(`/groups/${g.groupId}/messages/${msg.id}`, ann.token);
    await live.waitForSeq(g.groupId, msg.seq + 2);
    expect(live.events(g.groupId)[1]).toMatchObject({ kind: 'message.deleted', data: { id: msg.id, deletedBy: ann.memberId } });
    expect(JSON.stringify(live.events(g.groupId))).not.toMatch(/first draft/);
    live.close();
  });

  it('leaves no old text in any table the hub keeps', async () => {
    const hub = await hubs.start(backend);
    const w = await writeAndRegret(hub.api);
    const db = database(hub);
    try {
      const kept = await everythingKept(db);
      expect(kept).not.toMatch(SECRETS);
      expect(kept).toContain('final words');
      expect(kept).toContain('never touched');
    } finally {
      await db.close();
    }
    // What the hub serves of the messages themselves is the current text.
    const listed = (await hub.api.get(`/groups/${w.g.groupId}/threads/${w.t}/messages`, w.g.token)).body.messages;
    expect(listed.map((m: { body: string }) => m.body)).toEqual(['final words', '', 'never touched']);
  });

  it('an upgraded hub scrubs the old text that earlier versions kept in event payloads', async () => {
    const first = await hubs.start(backend);
    const w = await writeAndRegret(first.api);
    const before = (await first.api.events(w.g.groupId, w.g.token)) as GroupEvent[];
    await first.hub.close();

    // Make the database what a hub before the scrub wrote: every message event with its text.
    const scrub = migrations.findIndex((m) => m.includes(scrubMessageText));
    expect(scrub).toBeGreaterThan(0);
    const old = database(first);
    try {
      const texts: Record<number, { body: string; mentions: string[] }> = {};
      // A lone surrogate: bodies refused only NUL before, and Postgres's jsonb cast refuses it.
      const versions = { [w.edited.id]: ['first draft, for @Olive', 'second draft', 'final words'], [w.deleted.id]: ['regrettable \ud800', 'also regrettable'], [w.kept.id]: ['never touched'] };
      await old.tx(async (tx) => {
        for (const e of before) {
          if (e.kind !== 'message.posted' && e.kind !== 'message.edited') continue;
          const body = versions[e.data.id]!.shift()!;
          texts[e.seq] = { body, mentions: body.includes('@Olive') ? [w.g.ownerId] : [] };
          await tx.run('UPDATE events SET data = ? WHERE group_id = ? AND seq = ?', [JSON.stringify({ ...e.data, ...texts[e.seq] }), w.g.groupId, e.seq]);
        }
        await tx.run('UPDATE schema_version SET version = ?', [scrub]);
      });
      expect(await everythingKept(old)).toMatch(SECRETS);
      expect(await everythingKept(old)).toContain('regrettable \\\\ud800');
    } finally {
      await old.close();
    }

    const upgraded = await hubs.start(backend, first.options);
    const events = (await upgraded.api.events(w.g.groupId, w.g.token)) as GroupEvent[];
    expect(events.map((e) => e.seq)).toEqual(before.map((e) => e.seq));
    expect(JSON.stringify(events)).not.toMatch(SECRETS);
    expectCurrentText(events, w);
    expect(events).toEqual(before);
    await upgraded.hub.close();
    const db = database(upgraded);
    try {
      expect(await everythingKept(db)).not.toMatch(SECRETS);
      expect((await db.one<{ version: number }>('SELECT version FROM schema_version'))?.version).toBe(migrations.length);
    } finally {
      await db.close();
    }
  });
});

const OLD_WORDS = /Olive Early|Ann Before|shy intro|Old Name|old topic|Middle Name|middle topic/;

/** A group renamed twice with its topic, and members who changed their names and intros; one of them then removed. */
async function renameEverything(api: Api) {
  const g = await api.group({ name: 'Old Name', topic: 'old topic', ownerName: 'Olive Early' });
  const ann = await api.member(g.groupId, g.token, 'Ann Before');
  const bo = await api.member(g.groupId, g.token, 'Bo');
  const group = `/groups/${g.groupId}`;
  expect((await api.patch(group, { name: 'Middle Name', topic: 'middle topic' }, g.token)).status).toBe(200);
  expect((await api.patch(group, { name: 'Final Name', topic: 'final topic' }, g.token)).status).toBe(200);
  expect((await api.patch(`${group}/me`, { name: 'Olive' }, g.token)).status).toBe(200);
  expect((await api.patch(`${group}/me`, { intro: 'shy intro' }, ann.token)).status).toBe(200);
  expect((await api.patch(`${group}/me`, { name: 'Ann', intro: 'hello all' }, ann.token)).status).toBe(200);
  expect((await api.patch(`${group}/me`, { name: 'Bo Last' }, bo.token)).status).toBe(200);
  const t = await api.thread(g.groupId, bo.token);
  await api.message(g.groupId, t, bo.token, 'written by Bo');
  expect((await api.del(`${group}/members/${bo.memberId}`, g.token)).status).toBe(200);
  return { g, ann, bo };
}

/** Names, intros and the group as a client holds them after applying the events in order. */
function replayPeople(events: GroupEvent[]) {
  const people = new Map<string, { name: string; intro: string }>();
  let group: { name: string; topic: string } | undefined;
  for (const e of events) {
    if (e.kind === 'group.created' || e.kind === 'group.updated') group = { name: e.data.name, topic: e.data.topic };
    if (e.kind === 'member.joined' || e.kind === 'member.updated') people.set(e.data.id, { name: e.data.name, intro: e.data.intro });
  }
  return { group, people };
}

function expectCurrentPeople(events: GroupEvent[], w: Awaited<ReturnType<typeof renameEverything>>) {
  const held = replayPeople(events);
  expect(held.group).toEqual({ name: 'Final Name', topic: 'final topic' });
  expect(held.people.get(w.g.ownerId)).toEqual({ name: 'Olive', intro: '' });
  expect(held.people.get(w.ann.memberId)).toEqual({ name: 'Ann', intro: 'hello all' });
  // A removed member keeps the last name they had: their old messages still say who wrote them.
  expect(held.people.get(w.bo.memberId)?.name).toBe('Bo Last');
}

describe.each(BACKENDS)('earlier names, intros and topics are gone from the hub (%s)', (backend) => {
  it('are served by neither /events nor live replay to someone who joins later', async () => {
    const hub = await hubs.start(backend);
    const w = await renameEverything(hub.api);
    const late = await hub.api.member(w.g.groupId, w.g.token, 'Late');
    const events = (await hub.api.events(w.g.groupId, late.token)) as GroupEvent[];
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(JSON.stringify(events)).not.toMatch(OLD_WORDS);
    expect(events.filter((e) => e.kind === 'member.updated')).toHaveLength(4);
    expect(events.filter((e) => e.kind === 'group.updated')).toHaveLength(2);
    expectCurrentPeople(events, w);

    const live = await LiveClient.connect(hub.url, late.token, { [w.g.groupId]: 0 });
    await live.waitFor((m) => m.t === 'synced');
    expect(live.events(w.g.groupId)).toEqual(events);
    live.close();
  });

  it('are kept in no table of the hub', async () => {
    const hub = await hubs.start(backend);
    await renameEverything(hub.api);
    const db = database(hub);
    try {
      const kept = await everythingKept(db);
      expect(kept).not.toMatch(OLD_WORDS);
      expect(kept).toContain('Final Name');
      expect(kept).toContain('Bo Last');
    } finally {
      await db.close();
    }
  });

  it('an upgraded hub scrubs the names, intros and topics earlier versions kept in event payloads', async () => {
    const first = await hubs.start(backend);
    const w = await renameEverything(first.api);
    const before = (await first.api.events(w.g.groupId, w.g.token)) as GroupEvent[];
    await first.hub.close();

    // What a hub before this scrub wrote: each event with the words it was made with, one of them with a lone surrogate.
    const said: Record<number, Record<string, string>> = {};
    const words = ['Olive Early', 'Ann Before', 'shy intro \ud800', 'Old Name', 'old topic', 'Middle Name', 'middle topic'];
    let i = 0;
    for (const e of before) {
      if (e.kind === 'group.created' || e.kind === 'group.updated') said[e.seq] = { name: words[i++ % words.length]!, topic: words[i++ % words.length]! };
      if (e.kind === 'member.joined' || e.kind === 'member.updated') said[e.seq] = { name: words[i++ % words.length]!, intro: words[i++ % words.length]! };
    }
    const scrub = migrations.findIndex((m) => m.includes(scrubPeopleText));
    expect(scrub).toBeGreaterThan(0);
    const old = database(first);
    try {
      await old.tx(async (tx) => {
        for (const e of before) {
          if (!said[e.seq]) continue;
          await tx.run('UPDATE events SET data = ? WHERE group_id = ? AND seq = ?', [JSON.stringify({ ...e.data, ...said[e.seq] }), w.g.groupId, e.seq]);
        }
        await tx.run('UPDATE schema_version SET version = ?', [scrub]);
      });
      expect(await everythingKept(old)).toMatch(OLD_WORDS);
    } finally {
      await old.close();
    }

    const upgraded = await hubs.start(backend, first.options);
    const events = (await upgraded.api.events(w.g.groupId, w.g.token)) as GroupEvent[];
    expect(events).toEqual(before);
    expectCurrentPeople(events, w);
    await upgraded.hub.close();
    const db = database(upgraded);
    try {
      expect(await everythingKept(db)).not.toMatch(OLD_WORDS);
    } finally {
      await db.close();
    }
  });
});

describe.each(BACKENDS)('text the database could not keep as written (%s)', (backend) => {
  it('refuses a lone UTF-16 surrogate in a message, an edit and a name with 400', async () => {
    const hub = await hubs.start(backend);
    const g = await hub.api.group();
    const t = await hub.api.thread(g.groupId, g.token);
    const posted = await hub.api.post(`/groups/${g.groupId}/threads/${t}/messages`, { id: randomUUID(), body: 'half a pair \ud83d' }, g.token);
    expect(posted.status).toBe(400);
    expect(posted.body.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/surrogate/) });
    const msg = await hub.api.message(g.groupId, t, g.token, 'whole \ud83d\ude00');
    expect((await hub.api.patch(`/groups/${g.groupId}/messages/${msg.id}`, { body: '\udc00 alone' }, g.token)).status).toBe(400);
    expect((await hub.api.patch(`/groups/${g.groupId}/me`, { name: 'Ann \ud800' }, g.token)).status).toBe(400);
    const events = (await hub.api.events(g.groupId, g.token)) as GroupEvent[];
    expect(events.filter((e) => e.kind === 'message.posted').map((e) => (e.data as { body: string }).body)).toEqual(['whole \ud83d\ude00']);
  });
});

describe('the SQLite file', () => {
  it('keeps no freed bytes of deleted or replaced text once the hub has closed', async () => {
    const hub = await hubs.start('sqlite');
    const g = await hub.api.group();
    const t = await hub.api.thread(g.groupId, g.token);
    // Long enough that SQLite frees the old text's space rather than writing over it.
    const long = (marker: string) => `${marker} ${'many words '.repeat(150)} ${marker}`;
    const edited = await hub.api.message(g.groupId, t, g.token, long('EDITED-AWAY'));
    await hub.api.patch(`/groups/${g.groupId}/messages/${edited.id}`, { body: 'short' }, g.token);
    const deleted = await hub.api.message(g.groupId, t, g.token, long('DELETED-AWAY'));
    await hub.api.del(`/groups/${g.groupId}/messages/${deleted.id}`, g.token);
    await hub.hub.close();
    const file = readFileSync(join(hub.options.dataDir!, 'hub.sqlite'));
    expect(file.includes('EDITED-AWAY')).toBe(false);
    expect(file.includes('DELETED-AWAY')).toBe(false);
    expect(file.includes('short')).toBe(true);
  });
});
