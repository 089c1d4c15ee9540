import type { Tx } from './store';

/**
 * A migration step written in code, for what SQL cannot do the same way on every stored row;
 * `now` is the upgrade's time on the hub's clock; `dialect` the database's, for what each spells its own way.
 */
export type CodeStep = (tx: Tx, now: number, dialect: 'sqlite' | 'postgres') => Promise<void>;

const BATCH = 500;

/**
 * Removes fields from the stored payloads of some kinds of events, in JavaScript, a batch at
 * a time. SQL would be shorter, but Postgres's jsonb cast refuses text that JSON.parse takes
 * (a lone UTF-16 surrogate escape, `"\ud800"`, which message bodies could hold), and one
 * refused row rolled back the whole migration, so no instance started. This step is total
 * over any stored text: a payload that is not JSON at all (the hub never wrote one) is left
 * as it is.
 */
export function scrubEventFields(kinds: readonly string[], fields: readonly string[]): CodeStep {
  return async (tx) => {
    const inKinds = kinds.map(() => '?').join(', ');
    let from: [string, number] = ['', -1];
    for (;;) {
      const rows = await tx.all<{ group_id: string; seq: number; data: string }>(
        `SELECT group_id, seq, data FROM events WHERE kind IN (${inKinds}) AND (group_id > ? OR (group_id = ? AND seq > ?))
         ORDER BY group_id, seq LIMIT ${BATCH}`,
        [...kinds, from[0], from[0], from[1]],
      );
      for (const r of rows) {
        let data: unknown;
        try {
          data = JSON.parse(r.data);
        } catch {
          continue;
        }
        if (typeof data !== 'object' || data === null || !fields.some((f) => f in data)) continue;
        const kept = Object.fromEntries(Object.entries(data).filter(([k]) => !fields.includes(k)));
        await tx.run('UPDATE events SET data = ? WHERE group_id = ? AND seq = ?', [JSON.stringify(kept), r.group_id, r.seq]);
      }
      if (rows.length < BATCH) return;
      const last = rows.at(-1)!;
      from = [last.group_id, Number(last.seq)];
    }
  };
}

/** Message events keep no body or mentions (hub/store/events.ts). */
export const scrubMessageText = scrubEventFields(['message.posted', 'message.edited'], ['body', 'mentions']);

const scrubMemberText = scrubEventFields(['member.joined', 'member.updated'], ['name', 'intro']);
const scrubGroupText = scrubEventFields(['group.created', 'group.updated'], ['name', 'topic']);

/** Member and group events keep no name, intro or topic (hub/store/events.ts). */
export const scrubPeopleText: CodeStep = async (tx, now, dialect) => {
  await scrubMemberText(tx, now, dialect);
  await scrubGroupText(tx, now, dialect);
};
