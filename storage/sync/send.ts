import { unwrap, type HubClient } from '../../protocol/client';
import type { Message, Thread } from '../../protocol/discussion';
import type { OutboxOp } from './rows';

/**
 * Sends one queued write to the hub and answers what the hub made of it: the thread (which
 * may be another member's thread for the same page) or the message with its number. Shared
 * by the extension's sync engine and the widget's panel; each keeps its own outbox.
 */
export async function sendOp(client: HubClient, groupId: string, op: OutboxOp): Promise<{ thread?: Thread; message?: Message }> {
  switch (op.op) {
    case 'thread.create':
      return unwrap(client.groups[':groupId'].threads.$post({ param: { groupId }, json: { id: op.threadId, title: op.title, anchor: op.anchor } }));
    case 'message.post':
      return unwrap(
        client.groups[':groupId'].threads[':threadId'].messages.$post({ param: { groupId, threadId: op.threadId }, json: { id: op.messageId, body: op.body } }),
      );
    case 'message.edit':
      return unwrap(client.groups[':groupId'].messages[':messageId'].$patch({ param: { groupId, messageId: op.messageId }, json: { body: op.body } }));
    case 'message.delete':
      return unwrap(client.groups[':groupId'].messages[':messageId'].$delete({ param: { groupId, messageId: op.messageId } }));
    case 'reaction':
      return unwrap(
        client.groups[':groupId'].messages[':messageId'].reactions.$post({ param: { groupId, messageId: op.messageId }, json: { emoji: op.emoji, on: op.on } }),
      );
  }
}
