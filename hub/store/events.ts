import type { EventData, EventKind, GroupEvent, GroupInfo, Member } from '../../protocol';
import { findGroup } from './access';
import type { Queryable } from './store';

/**
 * What the events table keeps of an event. Free text lives only in its feature's table, where
 * an edit replaces it and a delete (or the member's removal) blanks it: a message's text and
 * the mentions read from it (`messages`), an intro's text and interests (`intros`), a
 * check-in's note (`checkins`), a member's name and intro in the group (`memberships`, where
 * a removed member keeps the last name they had), the group's name and topic (`groups`).
 * eventsAfter puts the current text back into the events it serves, so no earlier text
 * survives in the events, for anyone who replays them later.
 */
export type StoredData<K extends EventKind> = K extends 'message.posted' | 'message.edited'
  ? Omit<EventData<K>, 'body' | 'mentions'>
  : K extends 'intro.posted' | 'intro.updated'
    ? Omit<EventData<K>, 'text' | 'interests'>
    : K extends 'checkin.created'
      ? Omit<EventData<K>, 'note'>
      : K extends 'member.joined' | 'member.updated'
        ? Omit<EventData<K>, 'name' | 'intro'>
        : K extends 'group.created' | 'group.updated'
          ? Omit<EventData<K>, 'name' | 'topic'>
          : EventData<K>;

/** A member's event as stored: eventsAfter reads their current name and intro from `memberships`. */
export const storedMember = ({ name: _name, intro: _intro, ...rest }: Member): StoredData<'member.joined'> => rest;

/** A group's event as stored: eventsAfter reads its current name and topic from `groups`. */
export const storedGroup = ({ name: _name, topic: _topic, ...rest }: GroupInfo): StoredData<'group.created'> => rest;

/** The parts of an appended event that say where and what it is (its data may lack the text). */
export interface Appended {
  groupId: string;
  seq: number;
  kind: EventKind;
}

interface EventRow {
  group_id: string;
  seq: number;
  kind: EventKind;
  actor: string | null;
  at: number;
  data: string;
}

type Data = Record<string, unknown>;

/**
 * Where the text of one family of events lives: the key in the event naming its row, one read
 * for a page's keys, and the text an event gets when the row (or its text) is gone.
 */
interface TextSource {
  kinds: readonly EventKind[];
  key: (data: Data) => string;
  read: (q: Queryable, groupId: string, keys: readonly string[]) => Promise<Map<string, Data>>;
  gone: Data;
  /** How long each key's text is, read without the text itself: only where it can be long. */
  measure?: (q: Queryable, groupId: string, keys: readonly string[]) => Promise<Map<string, number>>;
}

const inList = (keys: readonly string[]) => keys.map(() => '?').join(', ');

/**
 * Rows of a table keyed by `id`, read by that key alone; those of another group are left out
 * here rather than in the query. With `group_id = ?` beside the list, SQLite, which keeps no
 * statistics, would rather take an index that starts with group_id (messages_author,
 * checkins_group) and walk every row of the group for each page: a catch-up of n messages
 * then costs n² (50,000 messages: 13 s instead of 2; hub/catchup.test.ts).
 */
async function byId<T>(q: Queryable, table: 'messages' | 'checkins', columns: string, groupId: string, ids: readonly string[]) {
  const rows = await q.all<T & { id: string; group_id: string }>(`SELECT id, group_id, ${columns} FROM ${table} WHERE id IN (${inList(ids)})`, ids);
  return rows.filter((r) => r.group_id === groupId);
}

const TEXT_SOURCES: readonly TextSource[] = [
  {
    kinds: ['message.posted', 'message.edited'],
    key: (d) => d.id as string,
    read: async (q, groupId, ids) => {
      const rows = await byId<{ body: string; mentions: string }>(q, 'messages', 'body, mentions', groupId, ids);
      return new Map(rows.map((r) => [r.id, { body: r.body, mentions: JSON.parse(r.mentions) as string[] }]));
    },
    gone: { body: '', mentions: [] },
    measure: async (q, groupId, ids) => {
      const rows = await byId<{ n: number }>(q, 'messages', 'length(body) + length(mentions) AS n', groupId, ids);
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    },
  },
  {
    kinds: ['intro.posted', 'intro.updated'],
    key: (d) => d.memberId as string,
    read: async (q, groupId, ids) => {
      const rows = await q.all<{ member_id: string; text: string; interests: string }>(
        `SELECT member_id, text, interests FROM intros WHERE group_id = ? AND member_id IN (${inList(ids)})`,
        [groupId, ...ids],
      );
      return new Map(rows.map((r) => [r.member_id, { text: r.text, interests: JSON.parse(r.interests) as string[] }]));
    },
    gone: { text: '', interests: [] },
  },
  {
    kinds: ['checkin.created'],
    key: (d) => d.id as string,
    read: async (q, groupId, ids) => {
      const rows = await byId<{ note: string }>(q, 'checkins', 'note', groupId, ids);
      return new Map(rows.map((r) => [r.id, { note: r.note }]));
    },
    gone: { note: '' },
  },
  {
    kinds: ['member.joined', 'member.updated'],
    key: (d) => d.id as string,
    read: async (q, groupId, ids) => {
      const rows = await q.all<{ member_id: string; name: string; intro: string }>(
        `SELECT member_id, name, intro FROM memberships WHERE group_id = ? AND member_id IN (${inList(ids)})`,
        [groupId, ...ids],
      );
      return new Map(rows.map((r) => [r.member_id, { name: r.name, intro: r.intro }]));
    },
    gone: { name: '', intro: '' },
  },
  {
    kinds: ['group.created', 'group.updated'],
    key: () => '',
    read: async (q, groupId) => {
      const row = await q.one<{ name: string; topic: string }>('SELECT name, topic FROM groups WHERE id = ?', [groupId]);
      return new Map(row ? [['', { name: row.name, topic: row.topic }]] : []);
    },
    gone: { name: '', topic: '' },
  },
];

const storedAfter = (q: Queryable, groupId: string, after: number, limit: number) =>
  q.all<EventRow>('SELECT group_id, seq, kind, actor, at, data FROM events WHERE group_id = ? AND seq > ? ORDER BY seq LIMIT ?', [
    groupId,
    after,
    limit,
  ]);

export async function eventsAfter(q: Queryable, groupId: string, after: number, limit: number): Promise<GroupEvent[]> {
  return withText(q, groupId, await storedAfter(q, groupId, after, limit));
}

/**
 * Up to `limit` events after `after`, and no more of them than fit in about `maxBytes` once
 * their text is back (always one, however long): the page one live subscription holds while
 * its client reads. The lengths are read before the text, so a page of long messages is cut
 * without loading the messages it leaves out. `more`: there may be events after the page.
 */
export async function pageAfter(q: Queryable, groupId: string, after: number, limit: number, maxBytes: number) {
  const rows = await storedAfter(q, groupId, after, limit);
  const sizes = rows.map((r) => r.data.length + 100);
  for (const source of TEXT_SOURCES) {
    if (!source.measure) continue;
    const mine = rows.map((r, i) => ({ i, kind: r.kind, data: r.data })).filter((r) => source.kinds.includes(r.kind));
    if (mine.length === 0) continue;
    const keyed = mine.map((r) => ({ i: r.i, key: source.key(JSON.parse(r.data) as Data) }));
    const lengths = await source.measure(q, groupId, [...new Set(keyed.map((r) => r.key))]);
    for (const r of keyed) sizes[r.i]! += lengths.get(r.key) ?? 0;
  }
  let kept = 0;
  for (let total = 0; kept < rows.length && (kept === 0 || total + sizes[kept]! <= maxBytes); kept++) total += sizes[kept]!;
  return { events: await withText(q, groupId, rows.slice(0, kept)), more: kept < rows.length || rows.length === limit };
}

async function withText(q: Queryable, groupId: string, rows: EventRow[]): Promise<GroupEvent[]> {
  const events = rows.map((r) => ({ groupId: r.group_id, seq: r.seq, kind: r.kind, by: r.actor, at: r.at, data: JSON.parse(r.data) as Data }));
  for (const source of TEXT_SOURCES) {
    const mine = events.filter((e) => source.kinds.includes(e.kind));
    if (mine.length === 0) continue;
    // Read after the events: a row commits with its first event, so each one is there.
    const texts = await source.read(q, groupId, [...new Set(mine.map((e) => source.key(e.data)))]);
    for (const e of mine) e.data = { ...e.data, ...(texts.get(source.key(e.data)) ?? source.gone) };
  }
  return events as GroupEvent[];
}

export async function listEvents(q: Queryable, groupId: string, after: number, limit: number) {
  const group = await findGroup(q, groupId);
  const events = await eventsAfter(q, groupId, after, limit);
  const last = events.at(-1)?.seq ?? after;
  // The group row and the events are two reads; events committed between them raise the head.
  const head = Math.max(group.seq, last);
  return { events, head, more: last < head };
}
