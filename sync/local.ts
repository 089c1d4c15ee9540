import { UserError } from '../protocol/errors';
import { MAX_MESSAGE } from '../protocol/limits';
import type { PageContext } from '../sites/types';
import { PENDING_SEQ_BASE, type MessageRow, type ThreadRow } from './rows';

/**
 * Rows a member makes before the hub has seen them, and the one rule of reactions. Shared by
 * the extension's background (storage/hosted/actions.ts, into Dexie) and the widget's panel
 * (widget/panel/, into memory), so both show a write the same way while it travels.
 */

/** The members who reacted with `emoji` after `memberId` turned theirs on or off. */
export function toggleReaction(reactions: Record<string, string[]>, emoji: string, memberId: string, on: boolean): Record<string, string[]> {
  const who = new Set(reactions[emoji] ?? []);
  if (on) who.add(memberId);
  else who.delete(memberId);
  const next = { ...reactions };
  if (who.size) next[emoji] = [...who];
  else delete next[emoji];
  return next;
}

/** Refuses a message the hub would refuse, before it goes anywhere. */
export function checkMessageBody(body: string): void {
  if (!body.trim()) throw new UserError('message_empty', 'Write something first.');
  if (body.length > MAX_MESSAGE) throw new UserError('message_too_long', `Messages are limited to ${MAX_MESSAGE} characters.`, { max: MAX_MESSAGE });
}

export function newThreadRow(id: string, groupId: string, authorId: string, title: string | null, anchor: PageContext | null, now: number): ThreadRow {
  return { id, groupId, title, anchor, anchorUrl: anchor?.url ?? '', authorId, createdAt: now, lastMessageAt: null, messageCount: 0, unread: 0 };
}

/** A message shown as pending until the hub acknowledges it; it sorts after every sent one. */
export function pendingMessageRow(id: string, groupId: string, threadId: string, authorId: string, body: string, now: number): MessageRow {
  return {
    id,
    groupId,
    threadId,
    authorId,
    body,
    mentions: [],
    reactions: {},
    seq: PENDING_SEQ_BASE + now,
    createdAt: now,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    delivery: 'pending',
    error: null,
    fromEvent: false,
  };
}
