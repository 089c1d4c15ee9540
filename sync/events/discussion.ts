import { toggleReaction } from '../local';
import type { EventHandlers } from './kind';

/** Threads, messages and reactions. */
export const discussionEvents = {
  'thread.created': {
    reads: (e, need) => need.threads(e.data.id),
    apply(e, t) {
      const d = e.data;
      // Messages may have arrived first (paging): their counts stay.
      const before = t.threads.get(d.id);
      t.threads.put({
        id: d.id,
        groupId: e.groupId,
        title: d.title,
        anchor: d.anchor,
        anchorUrl: d.anchor?.url ?? '',
        authorId: d.authorId,
        createdAt: d.createdAt,
        lastMessageAt: before?.lastMessageAt ?? d.lastMessageAt,
        messageCount: before?.messageCount ?? d.messageCount,
        unread: before?.unread ?? 0,
      });
    },
  },
  'message.posted': {
    reads(e, need) {
      need.messages(e.data.id);
      need.threads(e.data.threadId);
    },
    apply(e, t, me) {
      const d = e.data;
      const before = t.messages.get(d.id);
      t.messages.put({
        id: d.id,
        groupId: e.groupId,
        threadId: d.threadId,
        authorId: d.authorId,
        body: d.body,
        mentions: d.mentions,
        reactions: d.reactions,
        seq: d.seq,
        createdAt: d.createdAt,
        editedAt: d.editedAt,
        deletedAt: d.deletedAt,
        deletedBy: d.deletedBy,
        delivery: 'sent',
        error: null,
        fromEvent: true,
        ...(d.authorName === undefined ? {} : { importedAuthor: d.authorName }),
      });
      // Counts move once per message, from its event only (not from our own optimistic row).
      const thread = before?.fromEvent ? undefined : t.threads.get(d.threadId);
      if (thread) {
        t.threads.update(d.threadId, {
          messageCount: thread.messageCount + 1,
          lastMessageAt: Math.max(thread.lastMessageAt ?? 0, d.createdAt),
          unread: thread.unread + (d.authorId === me.memberId || d.seq <= (thread.readSeq ?? 0) ? 0 : 1),
        });
      }
    },
  },
  'message.edited': {
    reads: (e, need) => need.messages(e.data.id),
    apply(e, t) {
      t.messages.update(e.data.id, { body: e.data.body, mentions: e.data.mentions, editedAt: e.data.editedAt });
    },
  },
  'message.deleted': {
    reads: (e, need) => need.messages(e.data.id),
    apply(e, t) {
      t.messages.update(e.data.id, { body: '', deletedAt: e.data.deletedAt, deletedBy: e.data.deletedBy });
    },
  },
  reaction: {
    reads: (e, need) => need.messages(e.data.messageId),
    apply(e, t) {
      const row = t.messages.get(e.data.messageId);
      if (row) t.messages.update(row.id, { reactions: toggleReaction(row.reactions, e.data.emoji, e.data.memberId, e.data.on) });
    },
  },
} satisfies EventHandlers<'thread.created' | 'message.posted' | 'message.edited' | 'message.deleted' | 'reaction'>;
