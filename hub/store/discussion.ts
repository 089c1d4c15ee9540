import type { z } from 'zod';
import { UserError, type CreateThreadBody, type Message } from '../../protocol';
import { enter, requireMember } from './access';
import type { StoredData } from './events';
import { write, type StoreContext, type Write } from './write';
import { findMentions } from './mentions';
import { recordRemoval, refuseIfMuted, refuseIfTooSoon } from './moderation-rules';
import { postInOneStatement } from './postgres-post';
import { toMessage, toThread, type MessageRow, type ThreadRow } from './rows';
import type { Queryable } from './store';

const MAX_REACTIONS_PER_MEMBER = 20;

const threadById = (q: Queryable, id: string) => q.one<ThreadRow>('SELECT * FROM threads WHERE id = ?', [id]);

export function createThread(s: StoreContext, memberId: string, groupId: string, body: z.output<typeof CreateThreadBody>) {
  return write(s, async (w) => {
    const { tx, now } = w;
    const { me } = await enter(tx, groupId, memberId);
    refuseIfMuted(me, now);
    const existing = await threadById(tx, body.id);
    if (existing) {
      if (existing.group_id !== groupId || existing.author_id !== memberId) {
        throw new UserError('id_taken', 'A thread with this id exists.');
      }
      return { thread: toThread(existing), created: true };
    }
    const anchorUrl = body.anchor?.url ?? null;
    if (anchorUrl !== null) {
      // One thread per page: whoever starts second is given the first one.
      const anchored = await tx.one<ThreadRow>('SELECT * FROM threads WHERE group_id = ? AND anchor_url = ?', [
        groupId,
        anchorUrl,
      ]);
      if (anchored) return { thread: toThread(anchored), created: false };
    }
    const row: ThreadRow = {
      id: body.id,
      group_id: groupId,
      title: body.title,
      anchor: body.anchor ? JSON.stringify(body.anchor) : null,
      anchor_url: anchorUrl,
      author_id: memberId,
      created_at: now,
      last_message_at: null,
      message_count: 0,
    };
    const inserted = await tx.run(
      `INSERT INTO threads (id, group_id, title, anchor, anchor_url, author_id, created_at, message_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
      [row.id, groupId, row.title, row.anchor, row.anchor_url, memberId, now],
    );
    if (inserted === 0) throw new UserError('id_taken', 'A thread with this id exists.');
    const thread = toThread(row);
    await w.emit(groupId, 'thread.created', memberId, thread);
    return { thread, created: true };
  });
}

export async function listThreads(q: Queryable, groupId: string, anchorUrl?: string) {
  const rows =
    anchorUrl === undefined
      ? await q.all<ThreadRow>(
          'SELECT * FROM threads WHERE group_id = ? ORDER BY COALESCE(last_message_at, created_at) DESC, id LIMIT 500',
          [groupId],
        )
      : await q.all<ThreadRow>('SELECT * FROM threads WHERE group_id = ? AND anchor_url = ?', [groupId, anchorUrl]);
  return { threads: rows.map(toThread) };
}

async function reactionsOf(q: Queryable, messageIds: readonly string[]) {
  const out = new Map<string, Record<string, string[]>>();
  if (messageIds.length === 0) return out;
  const rows = await q.all<{ message_id: string; emoji: string; member_id: string }>(
    `SELECT message_id, emoji, member_id FROM reactions WHERE message_id IN (${messageIds.map(() => '?').join(', ')})
     ORDER BY created_at, member_id`,
    messageIds,
  );
  for (const r of rows) {
    const byEmoji = out.get(r.message_id) ?? {};
    (byEmoji[r.emoji] ??= []).push(r.member_id);
    out.set(r.message_id, byEmoji);
  }
  return out;
}

async function messageWithReactions(q: Queryable, row: MessageRow) {
  return toMessage(row, (await reactionsOf(q, [row.id])).get(row.id) ?? {});
}

export async function listMessages(q: Queryable, groupId: string, threadId: string, after: number, limit: number) {
  const thread = await threadById(q, threadId);
  if (!thread || thread.group_id !== groupId) throw new UserError('thread_not_found', 'No such thread.');
  const rows = await q.all<MessageRow>('SELECT * FROM messages WHERE thread_id = ? AND seq > ? ORDER BY seq LIMIT ?', [
    threadId,
    after,
    limit + 1,
  ]);
  const page = rows.slice(0, limit);
  const reactions = await reactionsOf(
    q,
    page.map((r) => r.id),
  );
  return { messages: page.map((r) => toMessage(r, reactions.get(r.id) ?? {})), more: rows.length > limit };
}

async function mentionsIn(w: Write, groupId: string, body: string) {
  if (!body.includes('@')) return [];
  const members = await w.tx.all<{ member_id: string; name: string }>(
    "SELECT member_id, name FROM memberships WHERE group_id = ? AND status = 'active'",
    [groupId],
  );
  return findMentions(body, members);
}

/**
 * The payload of a message.posted event, without its text (see StoredData); postInOneStatement
 * (Postgres) records the same.
 */
const postedData = ({ body: _body, mentions: _mentions, ...rest }: Message): StoredData<'message.posted'> => rest;

/** Thrown out of a transaction to undo it while still answering `value` (an idempotent repeat). */
class Undo<T> {
  constructor(readonly value: T) {}
}

/**
 * The hot path, in five statements: the group's next number (which also locks the group
 * on Postgres, so the membership read after it sees any removal that committed first),
 * the caller's membership, the thread's counters (which finds the thread), the message,
 * the event. A repeated client id is found by the insert; its transaction is then undone,
 * so the number it took is not spent. On Postgres the same statements run first as one
 * function call (postgres-post.ts), which leaves anything but a plain success to this path.
 */
export async function postMessage(
  s: StoreContext,
  memberId: string,
  groupId: string,
  threadId: string,
  id: string,
  body: string,
): Promise<{ message: ReturnType<typeof toMessage> }> {
  if (s.db.dialect === 'postgres' && !body.includes('@')) {
    const posted = await postInOneStatement(s, { memberId, groupId, threadId, id, body, eventData: postedData });
    if (posted) return posted;
  }
  try {
    return await write(s, async (w) => {
      const { tx, now } = w;
      const seq = await w.nextSeq(groupId);
      const me = await requireMember(tx, groupId, memberId);
      refuseIfMuted(me, now);
      await refuseIfTooSoon(w, groupId, me, id);
      const bumped = await tx.run(
        'UPDATE threads SET message_count = message_count + 1, last_message_at = ? WHERE id = ? AND group_id = ?',
        [now, threadId, groupId],
      );
      if (bumped === 0) throw new UserError('thread_not_found', 'No such thread.');
      const mentions = await mentionsIn(w, groupId, body);
      const row: MessageRow = {
        id,
        group_id: groupId,
        thread_id: threadId,
        author_id: memberId,
        body,
        mentions: JSON.stringify(mentions),
        seq,
        created_at: now,
        edited_at: null,
        deleted_at: null,
        deleted_by: null,
      };
      const inserted = await tx.run(
        `INSERT INTO messages (id, group_id, thread_id, author_id, body, mentions, seq, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [id, groupId, threadId, memberId, body, row.mentions, seq, now],
      );
      if (inserted === 0) {
        const existing = await tx.one<MessageRow>('SELECT * FROM messages WHERE id = ?', [id]);
        // Not the same post again: the id is someone else's, or was taken in another group.
        if (!existing || existing.group_id !== groupId || existing.thread_id !== threadId || existing.author_id !== memberId) {
          throw new UserError('id_taken', 'A message with this id exists.');
        }
        throw new Undo({ message: await messageWithReactions(tx, existing) });
      }
      const message = toMessage(row);
      await w.record(groupId, seq, 'message.posted', memberId, postedData(message));
      return { message };
    });
  } catch (err) {
    if (err instanceof Undo) return err.value as { message: ReturnType<typeof toMessage> };
    throw err;
  }
}

/**
 * A post whose caller's token is still to be checked (hub/http/auth.ts tokenForStore): on
 * Postgres, a body without mentions is one function call that checks the token as well.
 * Undefined, with nothing written, when it is not a plain success or cannot be made that way:
 * the caller then checks the token as usual and posts through postMessage.
 */
export async function postCheckingToken(
  s: StoreContext,
  token: { memberId: string; hash: string; ttlMs: number },
  groupId: string,
  threadId: string,
  id: string,
  body: string,
): Promise<{ message: Message } | undefined> {
  if (s.db.dialect !== 'postgres' || body.includes('@')) return undefined;
  const { memberId, ...check } = token;
  return postInOneStatement(s, { memberId, groupId, threadId, id, body, eventData: postedData, token: check });
}

async function messageIn(w: Write, groupId: string, messageId: string) {
  const row = await w.tx.one<MessageRow>('SELECT * FROM messages WHERE id = ? AND group_id = ?', [messageId, groupId]);
  if (!row) throw new UserError('message_not_found', 'No such message.');
  return row;
}

export function editMessage(s: StoreContext, memberId: string, groupId: string, messageId: string, body: string) {
  return write(s, async (w) => {
    const { tx, now } = w;
    const { me } = await enter(tx, groupId, memberId);
    refuseIfMuted(me, now);
    const row = await messageIn(w, groupId, messageId);
    if (row.author_id !== memberId) throw new UserError('forbidden', 'Only its author may edit a message.');
    if (row.deleted_at !== null) throw new UserError('message_deleted', 'This message was deleted.');
    if (row.body === body) return { message: await messageWithReactions(tx, row) };
    const mentions = await mentionsIn(w, groupId, body);
    await tx.run('UPDATE messages SET body = ?, mentions = ?, edited_at = ? WHERE id = ?', [
      body,
      JSON.stringify(mentions),
      now,
      messageId,
    ]);
    await w.emit(groupId, 'message.edited', memberId, { id: messageId, threadId: row.thread_id, editedAt: now });
    return { message: await messageWithReactions(tx, { ...row, body, mentions: JSON.stringify(mentions), edited_at: now }) };
  });
}

export function deleteMessage(s: StoreContext, memberId: string, groupId: string, messageId: string) {
  return write(s, async (w) => {
    const { tx, now } = w;
    const { me } = await enter(tx, groupId, memberId);
    const row = await messageIn(w, groupId, messageId);
    if (row.deleted_at !== null) return { message: toMessage(row) };
    if (row.author_id !== memberId && me.role === 'member') {
      throw new UserError('forbidden', "Only moderators may delete others' messages.");
    }
    await tx.run("UPDATE messages SET body = '', mentions = '[]', deleted_at = ?, deleted_by = ? WHERE id = ?", [
      now,
      memberId,
      messageId,
    ]);
    await tx.run('DELETE FROM reactions WHERE message_id = ?', [messageId]);
    await w.emit(groupId, 'message.deleted', memberId, {
      id: messageId,
      threadId: row.thread_id,
      deletedAt: now,
      deletedBy: memberId,
    });
    // Someone else's message: a moderator's removal, which settles its reports and is logged.
    if (row.author_id !== memberId) await recordRemoval(w, groupId, memberId, messageId, row.author_id);
    return { message: toMessage({ ...row, body: '', mentions: '[]', deleted_at: now, deleted_by: memberId }) };
  });
}

/** Sets or clears one reaction; asking for the state it is already in changes nothing. */
export function react(s: StoreContext, memberId: string, groupId: string, messageId: string, emoji: string, on: boolean) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const row = await messageIn(w, groupId, messageId);
    if (row.deleted_at !== null) throw new UserError('message_deleted', 'This message was deleted.');
    const has = await tx.one('SELECT 1 AS x FROM reactions WHERE message_id = ? AND emoji = ? AND member_id = ?', [
      messageId,
      emoji,
      memberId,
    ]);
    if (on && !has) {
      const mine = await tx.one<{ n: number }>('SELECT COUNT(*) AS n FROM reactions WHERE message_id = ? AND member_id = ?', [
        messageId,
        memberId,
      ]);
      if (Number(mine?.n ?? 0) >= MAX_REACTIONS_PER_MEMBER) {
        throw new UserError('bad_request', `At most ${MAX_REACTIONS_PER_MEMBER} reactions per message.`);
      }
      await tx.run('INSERT INTO reactions (message_id, member_id, emoji, created_at) VALUES (?, ?, ?, ?)', [
        messageId,
        memberId,
        emoji,
        now,
      ]);
    } else if (!on && has) {
      await tx.run('DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND member_id = ?', [messageId, emoji, memberId]);
    }
    if (on !== Boolean(has)) {
      await w.emit(groupId, 'reaction', memberId, { messageId, threadId: row.thread_id, emoji, memberId, on });
    }
    return { message: await messageWithReactions(tx, row) };
  });
}
