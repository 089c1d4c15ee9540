import type { GroupEvent } from '../../protocol/events';
import type { Applied, GroupTables, TableKeys } from '../store';
import type { Standing } from './kind';
import { handlerOf } from './registry';

/** The rows a batch will read, by table: the Dexie side reads them in one go before applying. */
export function readsOf(groupId: string, events: GroupEvent[]): { [T in keyof TableKeys]: TableKeys[T][] } {
  const out = { memberships: [groupId], groups: [groupId], members: [] as [string, string][], threads: [] as string[], messages: [] as string[], records: [] as TableKeys['records'][] };
  const need = { members: (k: [string, string]) => out.members.push(k), threads: (k: string) => out.threads.push(k), messages: (k: string) => out.messages.push(k), records: (k: TableKeys['records']) => out.records.push(k) };
  for (const e of events) if (e.groupId === groupId) handlerOf(e)?.reads(e, need);
  return out;
}

/**
 * Applies a group's events in order: the local copy then holds exactly what the hub held at
 * the last event's number. Events at or below the local number are skipped, so applying a
 * batch twice changes nothing; a missing number stops the batch there (the core pages the
 * rest). The store makes it atomic.
 */
export function applyBatch(tables: GroupTables, groupId: string, events: GroupEvent[]): Applied {
  const m = tables.memberships.get(groupId);
  if (!m || m.endedAt !== null) return { applied: 0, gap: false, ended: null };
  const me: Standing = { groupId, memberId: m.memberId, memberCount: m.memberCount, role: m.role, ended: null };
  let seq = m.seq;
  let applied = 0;
  let gap = false;
  for (const e of events) {
    if (e.groupId !== groupId || e.seq <= seq) continue;
    if (e.seq !== seq + 1) {
      gap = true;
      break;
    }
    seq = e.seq;
    applied++;
    // A kind this client does not know yet (a newer hub) still moves the number: skipping it is all it can do.
    handlerOf(e)?.apply(e, tables, me);
  }
  tables.memberships.update(groupId, { seq, memberCount: me.memberCount, role: me.role });
  return { applied, gap, ended: me.ended };
}
