import { UserError, type EventKind } from '../../protocol';
import type { Clock } from '../clock';
import type { Appended, StoredData } from './events';
import type { Db, Tx } from './store';

/** What the store's functions need: the database, the time, and who to tell about new events. */
export interface StoreContext {
  db: Db;
  clock: Clock;
  /** Called after commit with the events the transaction appended, in order. */
  onEvents(events: Appended[]): void;
  /**
   * Something only one member's devices should hear about changed: their read positions, or
   * (for a group's owners and moderators) its join requests. Told to their live sockets.
   */
  onMember?(memberId: string, what: MemberNotice): void;
  /**
   * Something a community's members see changed (`groups`), or, for its owner and moderators,
   * the join requests to its groups (`requests`). Told to the live sockets of its members.
   */
  onCommunity?(communityId: string, what: CommunityNotice): void;
}

/** `communities`: the member joined or left a community, or their role in one changed. */
export type MemberNotice = 'reads' | 'requests' | 'communities';
export type CommunityNotice = 'groups' | 'requests';

export interface Write {
  tx: Tx;
  now: number;
  /**
   * Takes the group's next number; the caller stores what it numbers, then records the event.
   * It updates the group row, so on Postgres it also locks it, like Tx.lockGroup.
   */
  nextSeq(groupId: string): Promise<number>;
  record<K extends EventKind>(groupId: string, seq: number, kind: K, by: string | null, data: StoredData<K>): Promise<void>;
  emit<K extends EventKind>(groupId: string, kind: K, by: string | null, data: StoredData<K>): Promise<void>;
}

/** One transaction; the events it appends are announced only once it has committed. */
export async function write<T>(s: StoreContext, fn: (w: Write) => Promise<T>): Promise<T> {
  let appended: Appended[] = [];
  const result = await s.db.tx(async (tx) => {
    appended = [];
    const now = s.clock.now();
    const nextSeq = async (groupId: string) => {
      const row = await tx.one<{ seq: number }>('UPDATE groups SET seq = seq + 1 WHERE id = ? RETURNING seq', [groupId]);
      if (!row) throw new UserError('group_not_found', 'No such group.');
      return row.seq;
    };
    const record: Write['record'] = async (groupId, seq, kind, by, data) => {
      await tx.run('INSERT INTO events (group_id, seq, kind, actor, at, data) VALUES (?, ?, ?, ?, ?, ?)', [
        groupId,
        seq,
        kind,
        by,
        now,
        JSON.stringify(data),
      ]);
      appended.push({ groupId, seq, kind });
    };
    return fn({
      tx,
      now,
      nextSeq,
      record,
      emit: async (groupId, kind, by, data) => record(groupId, await nextSeq(groupId), kind, by, data),
    });
  });
  if (appended.length > 0) s.onEvents(appended);
  return result;
}
