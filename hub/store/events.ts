import type { EventData, EventKind, GroupEvent } from '../../protocol';
import { findGroup } from './access';
import type { Queryable } from './store';

/**
 * What the events table keeps of an event. A message's text (and the mentions read from it)
 * lives only in `messages`, where an edit replaces it and a delete blanks it; eventsAfter
 * puts the current text back into the events it serves. So no earlier text survives in the
 * events, for anyone who replays them later.
 */
export type StoredData<K extends EventKind> = K extends 'message.posted' | 'message.edited'
  ? Omit<EventData<K>, 'body' | 'mentions'>
  : EventData<K>;

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

const carriesText = (kind: EventKind) => kind === 'message.posted' || kind === 'message.edited';

/** The current body and mentions of these messages; a deleted one has none. */
async function currentText(q: Queryable, groupId: string, ids: readonly string[]) {
  const out = new Map<string, { body: string; mentions: string[] }>();
  if (ids.length === 0) return out;
  const rows = await q.all<{ id: string; body: string; mentions: string }>(
    `SELECT id, body, mentions FROM messages WHERE group_id = ? AND id IN (${ids.map(() => '?').join(', ')})`,
    [groupId, ...ids],
  );
  for (const r of rows) out.set(r.id, { body: r.body, mentions: JSON.parse(r.mentions) as string[] });
  return out;
}

export async function eventsAfter(q: Queryable, groupId: string, after: number, limit: number): Promise<GroupEvent[]> {
  const rows = await q.all<EventRow>(
    'SELECT group_id, seq, kind, actor, at, data FROM events WHERE group_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    [groupId, after, limit],
  );
  const events = rows.map((r) => ({ groupId: r.group_id, seq: r.seq, kind: r.kind, by: r.actor, at: r.at, data: JSON.parse(r.data) }));
  const ids = [...new Set(events.filter((e) => carriesText(e.kind)).map((e) => (e.data as { id: string }).id))];
  // Read after the events: a message row commits with its first event, so each one is there.
  const texts = await currentText(q, groupId, ids);
  for (const e of events) {
    if (!carriesText(e.kind)) continue;
    const text = texts.get((e.data as { id: string }).id) ?? { body: '', mentions: [] };
    e.data = { ...e.data, body: text.body, mentions: text.mentions };
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
