import type { Message } from '../../protocol';
import { TOUCH_EVERY_MS } from './identity';
import { toMessage, type MessageRow } from './rows';
import type { StoreContext } from './write';

/**
 * Posting a message on Postgres in one round trip. The general path (discussion.ts
 * postMessage) is a transaction of seven statements, each a round trip, holding the group's
 * row lock across all of them: on Postgres the round trips, not the SQL, were the cost
 * (docs/SCALING.md). This function runs the same statements in the same order inside the
 * database. In READ COMMITTED each statement of a volatile function takes a fresh snapshot,
 * so the membership read after the lock sees a removal that committed first, as in the
 * general path.
 *
 * Given the caller's token (its hash), it checks that too, first, as checkToken
 * (identity.ts) does: the token must be the member's and used within its lifetime, and its
 * last use is written when an hour old, in the same transaction. So a post whose token the
 * hub already knows is one round trip, not a lookup and then the call (hub/http/auth.ts).
 *
 * It only ever commits the plain success. Anything else (a token unknown or expired, no
 * such group or thread, not a member, a member muted, a group in slow mode, a client id
 * already used) raises REFUSED, which undoes
 * the whole statement, its number and the token's last use included; the caller's usual
 * checks and the general path then decide it, with the answers and errors they give on
 * SQLite. So there is one place that says how a refusal or a repeat is answered.
 *
 * The name carries a version: during a rolling deploy, instances of two releases share one
 * database, and each must find the function it was written against.
 */
const FUNCTION = 'nook_post_message_v3';
const REFUSED = 'NK001';
/**
 * The event's number is known only once the group row is locked, inside the function. JS
 * writes this in its place; in JSON text `"seq":-1` can only be a key and its value (a quote
 * inside a string is escaped), and no real number is negative.
 */
const SEQ_PLACEHOLDER = -1;

/** Run at every start under the migration lock, so the function always matches the code. */
export const POSTGRES_FUNCTIONS: readonly string[] = [
  `CREATE OR REPLACE FUNCTION ${FUNCTION}(
     p_group TEXT, p_member TEXT, p_thread TEXT, p_id TEXT, p_body TEXT, p_now BIGINT, p_data TEXT,
     p_token TEXT, p_ttl BIGINT
   ) RETURNS BIGINT LANGUAGE plpgsql AS $fn$
   DECLARE
     v_seq BIGINT;
     v_last BIGINT;
   BEGIN
     IF p_token IS NOT NULL THEN
       SELECT last_used_at INTO v_last FROM tokens WHERE hash = p_token AND member_id = p_member;
       IF NOT FOUND OR v_last IS NULL OR p_now - v_last > p_ttl THEN
         RAISE EXCEPTION USING ERRCODE = '${REFUSED}', MESSAGE = 'token';
       END IF;
     END IF;
     UPDATE groups SET seq = seq + 1 WHERE id = p_group AND slow_mode = 0 RETURNING seq INTO v_seq;
     IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = '${REFUSED}', MESSAGE = 'group_not_found_or_slow'; END IF;
     PERFORM 1 FROM memberships WHERE group_id = p_group AND member_id = p_member AND status = 'active'
       AND (muted_until IS NULL OR muted_until <= p_now);
     IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = '${REFUSED}', MESSAGE = 'not_member'; END IF;
     UPDATE threads SET message_count = message_count + 1, last_message_at = p_now WHERE id = p_thread AND group_id = p_group;
     IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = '${REFUSED}', MESSAGE = 'thread_not_found'; END IF;
     INSERT INTO messages (id, group_id, thread_id, author_id, body, mentions, seq, created_at)
       VALUES (p_id, p_group, p_thread, p_member, p_body, '[]', v_seq, p_now) ON CONFLICT (id) DO NOTHING;
     IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = '${REFUSED}', MESSAGE = 'id_exists'; END IF;
     INSERT INTO events (group_id, seq, kind, actor, at, data)
       VALUES (p_group, v_seq, 'message.posted', p_member, p_now,
               replace(p_data, '"seq":${SEQ_PLACEHOLDER}', '"seq":' || v_seq));
     IF p_token IS NOT NULL AND p_now - v_last >= ${TOUCH_EVERY_MS} THEN
       UPDATE tokens SET last_used_at = p_now WHERE hash = p_token AND last_used_at < p_now;
     END IF;
     RETURN v_seq;
   END
   $fn$`,
];

export interface PostInput {
  memberId: string;
  groupId: string;
  threadId: string;
  id: string;
  body: string;
  /** The event's payload for the posted message: the general path's own, so both record the same. */
  eventData(message: Message): object;
  /** The caller's token, when it is still to be checked (hub/http/auth.ts tokenForStore). */
  token?: { hash: string; ttlMs: number } | undefined;
}

/**
 * The message posted, or undefined when the general path must decide (see above). Only for
 * bodies without mentions: finding them needs the members' names, read under the lock.
 */
export async function postInOneStatement(s: StoreContext, p: PostInput): Promise<{ message: Message } | undefined> {
  const now = s.clock.now();
  const row = (seq: number): MessageRow => ({
    id: p.id,
    group_id: p.groupId,
    thread_id: p.threadId,
    author_id: p.memberId,
    body: p.body,
    mentions: '[]',
    seq,
    created_at: now,
    edited_at: null,
    deleted_at: null,
    deleted_by: null,
  });
  let seq: number;
  try {
    const answer = await s.db.one<{ seq: number }>(`SELECT ${FUNCTION}(?, ?, ?, ?, ?, ?, ?, ?, ?) AS seq`, [
      p.groupId,
      p.memberId,
      p.threadId,
      p.id,
      p.body,
      now,
      JSON.stringify(p.eventData(toMessage(row(SEQ_PLACEHOLDER)))),
      p.token?.hash ?? null,
      p.token?.ttlMs ?? null,
    ]);
    seq = answer!.seq;
  } catch (err) {
    if ((err as { code?: string }).code === REFUSED) return undefined;
    throw err;
  }
  s.onEvents([{ groupId: p.groupId, seq, kind: 'message.posted' }]);
  return { message: toMessage(row(seq)) };
}
