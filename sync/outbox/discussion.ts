import { unwrap } from '../client';
import type { LocalTables } from '../store';
import type { OutboxHandlers } from './kind';

/** Threads, messages, edits, deletions and reactions. Each carries the id the client made, so a resend is the same write. */
export const discussionOps = {
  'thread.create': {
    async send(client, row) {
      const { thread } = await unwrap(
        client.groups[':groupId'].threads.$post({ param: { groupId: row.groupId }, json: { id: row.threadId, title: row.title, anchor: row.anchor } }),
      );
      // Someone anchored a thread to this page first: ours becomes theirs.
      if (thread.id !== row.threadId) return (t) => mergeThread(t, row.threadId, thread.id);
    },
    async refused(t, row, error) {
      for (const m of await t.messages.where('threadId', row.threadId)) await t.messages.update(m.id, { delivery: 'failed', error });
      for (const o of await t.outbox.filter((o) => o.op === 'message.post' && o.threadId === row.threadId)) await t.outbox.delete(o.n!);
    },
  },
  'message.post': {
    async send(client, row) {
      const { message } = await unwrap(
        client.groups[':groupId'].threads[':threadId'].messages.$post({
          param: { groupId: row.groupId, threadId: row.threadId },
          json: { id: row.messageId, body: row.body },
        }),
      );
      return async (t) => {
        // Its event may have come first; then the row already says what the hub holds.
        const mine = await t.messages.get(message.id);
        if (mine && !mine.fromEvent) await t.messages.update(message.id, { delivery: 'sent', error: null, seq: message.seq, createdAt: message.createdAt });
      };
    },
    async refused(t, row, error) {
      await t.messages.update(row.messageId, { delivery: 'failed', error });
    },
  },
  'message.edit': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].messages[':messageId'].$patch({ param: { groupId: row.groupId, messageId: row.messageId }, json: { body: row.body } }));
    },
  },
  'message.delete': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].messages[':messageId'].$delete({ param: { groupId: row.groupId, messageId: row.messageId } }));
    },
  },
  reaction: {
    async send(client, row) {
      await unwrap(
        client.groups[':groupId'].messages[':messageId'].reactions.$post({
          param: { groupId: row.groupId, messageId: row.messageId },
          json: { emoji: row.emoji, on: row.on },
        }),
      );
    },
  },
  // Where the member has read: the hub tells their other devices. A refusal (the thread is gone) needs nothing here.
  read: {
    async send(client, row) {
      await unwrap(
        client.groups[':groupId'].threads[':threadId'].read.$put({ param: { groupId: row.groupId, threadId: row.threadId }, json: { seq: row.seq } }),
      );
    },
  },
} satisfies OutboxHandlers<'thread.create' | 'message.post' | 'message.edit' | 'message.delete' | 'reaction' | 'read'>;

/** Our messages and queued writes move to the other member's thread; ours goes. */
async function mergeThread(t: LocalTables, from: string, to: string): Promise<void> {
  for (const m of await t.messages.where('threadId', from)) await t.messages.update(m.id, { threadId: to });
  for (const o of await t.outbox.filter((o) => 'threadId' in o && o.threadId === from)) await t.outbox.update(o.n!, { threadId: to });
  await t.threads.delete(from);
}
