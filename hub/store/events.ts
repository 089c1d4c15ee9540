import type { EventKind, GroupEvent } from '../../protocol';
import { findGroup } from './access';
import type { Queryable } from './store';

interface EventRow {
  group_id: string;
  seq: number;
  kind: EventKind;
  actor: string | null;
  at: number;
  data: string;
}

export async function eventsAfter(q: Queryable, groupId: string, after: number, limit: number): Promise<GroupEvent[]> {
  const rows = await q.all<EventRow>(
    'SELECT group_id, seq, kind, actor, at, data FROM events WHERE group_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    [groupId, after, limit],
  );
  return rows.map(
    (r) => ({ groupId: r.group_id, seq: r.seq, kind: r.kind, by: r.actor, at: r.at, data: JSON.parse(r.data) }) as GroupEvent,
  );
}

export async function listEvents(q: Queryable, groupId: string, after: number, limit: number) {
  const group = await findGroup(q, groupId);
  const events = await eventsAfter(q, groupId, after, limit);
  const last = events.at(-1)?.seq ?? after;
  // The group row and the events are two reads; events committed between them raise the head.
  const head = Math.max(group.seq, last);
  return { events, head, more: last < head };
}
