import type { RecordData, RecordKind, RecordRow } from '../rows';
import type { GroupTables } from '../store';

/**
 * How the micro-community kinds land in the one `records` table: the object the event
 * carries replaces the row's `data`, and anything this device was waiting for on it stays.
 */
export function putRecord<K extends RecordKind>(t: GroupTables, groupId: string, kind: K, id: string, data: RecordData[K]): void {
  const before = t.records.get([groupId, kind, id]);
  t.records.put({ ...before, groupId, kind, id, data, delivery: 'sent', error: null, fromEvent: true } as RecordRow);
}

/** Changes a record's data in place; nothing happens to a record this device never saw (it came before our history). */
export function changeRecord<K extends RecordKind>(
  t: GroupTables,
  groupId: string,
  kind: K,
  id: string,
  change: (data: RecordData[K], row: RecordRow<K>) => Partial<RecordData[K]>,
  local: Partial<RecordRow<K>> = {},
): void {
  const row = t.records.get([groupId, kind, id]) as RecordRow<K> | undefined;
  if (!row) return;
  const data = { ...row.data, ...change(row.data as RecordData[K], row) } as RecordData[K];
  t.records.update([groupId, kind, id], { data, ...local } as Partial<RecordRow>);
}
