import type { MemberRow, MessageRow, RecordRow, ThreadRow } from './rows';
import type { ThreadItem } from './types';
import { orderThreads } from './views';

/**
 * "Since you were away": what happened in a group since the member last looked at it, when
 * that was more than AWAY_MS ago. Pure, over the rows each side holds (the background's Dexie
 * tables, the widget panel's memory store), so both answer 'groups.away' the same way.
 */

export { AWAY_MS, awayDue } from './away-due';

export interface AwaySummary {
  since: number;
  /** Messages from others, and the threads they are in (general discussion first, then most recent). */
  messages: number;
  threads: (ThreadItem & { count: number })[];
  /** Members who joined since. */
  members: { id: string; name: string }[];
  goals: number;
  meetings: number;
  polls: number;
  feedback: number;
  /** Messages among those that mention the member. */
  mentions: number;
}

export function awaySummary(input: {
  since: number;
  me: string;
  threads: readonly ThreadRow[];
  messages: readonly MessageRow[];
  members: readonly MemberRow[];
  records: readonly RecordRow[];
}): AwaySummary | null {
  const { since, me } = input;
  const fresh = input.messages.filter((m) => m.authorId !== me && m.createdAt > since && m.deletedAt === null && m.delivery === 'sent');
  const perThread = new Map<string, number>();
  for (const m of fresh) perThread.set(m.threadId, (perThread.get(m.threadId) ?? 0) + 1);
  const threads = orderThreads(input.threads.filter((t) => perThread.has(t.id))).map((t) => ({ ...t, count: perThread.get(t.id) ?? 0 }));
  const members = input.members.filter((m) => m.active && m.id !== me && m.joinedAt > since).map((m) => ({ id: m.id, name: m.name }));
  const made = (kind: RecordRow['kind']) =>
    input.records.filter((r) => r.kind === kind && r.fromEvent && 'createdAt' in r.data && r.data.createdAt > since && creator(r) !== me).length;
  const s: AwaySummary = {
    since,
    messages: fresh.length,
    threads,
    members,
    goals: made('goal'),
    meetings: made('meeting'),
    polls: made('poll'),
    feedback: made('feedback'),
    mentions: fresh.filter((m) => m.mentions.includes(me)).length,
  };
  const anything = s.messages + s.members.length + s.goals + s.meetings + s.polls + s.feedback > 0;
  return anything ? s : null;
}

/** Who made a record (the member's own are not news to them). */
function creator(r: RecordRow): string | null {
  switch (r.kind) {
    case 'goal':
      return r.data.memberId;
    case 'meeting':
      return r.data.organiser;
    case 'poll':
      return r.data.createdBy;
    case 'feedback':
      return r.data.askedBy;
    default:
      return null;
  }
}
