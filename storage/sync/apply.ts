import type { GroupEvent } from '../../protocol/events';
import type { NookDB } from '../db';
import { toggleReaction } from './local';
import type { MemberRow, MembershipRow, MessageRow, ThreadRow } from './rows';
import { stage } from './staged';

export interface Applied {
  /** Events newly applied (already-held ones are skipped). */
  applied: number;
  /** An event was missing before these: the caller pages them from the hub. */
  gap: boolean;
  /** The member is no longer in the group (left or removed). */
  ended: 'left' | 'removed' | null;
}

/**
 * A keyed table as event application reads and writes it: synchronous, because a batch is
 * applied in memory (the widget panel's store, or rows the extension read up front, see
 * staged.ts) — awaiting between events would let IndexedDB commit the transaction mid-batch.
 */
export interface Rows<K, T> {
  get(key: K): T | undefined;
  put(row: T): unknown;
  update(key: K, changes: Partial<T>): unknown;
}

/** Where a group's events land: the background's Dexie database, or the widget panel's in-memory store. */
export interface GroupTables {
  memberships: Rows<string, MembershipRow>;
  groups: { update(key: string, changes: { name: string; topic: string; memberLimit: number; updatedAt: number }): unknown };
  members: Rows<[string, string], MemberRow>;
  threads: Rows<string, ThreadRow>;
  messages: Rows<string, MessageRow>;
}

/**
 * Applies a group's events in order: the local copy then holds exactly what the hub held at
 * the last event's number. Events at or below the local number are skipped, so applying a
 * batch twice changes nothing. The caller makes it atomic (one Dexie transaction around
 * read, apply and write; the panel's store is memory).
 */
export function applyEventsTo(tables: GroupTables, groupId: string, events: GroupEvent[]): Applied {
  const { memberships, groups, members, threads, messages } = tables;
  const m = memberships.get(groupId);
  if (!m || m.endedAt !== null) return { applied: 0, gap: false, ended: null };
  let seq = m.seq;
  let applied = 0;
  let ended: Applied['ended'] = null;
  let memberCount = m.memberCount;
  let role = m.role;
  for (const e of events) {
    if (e.groupId !== groupId || e.seq <= seq) continue;
    if (e.seq !== seq + 1) {
      memberships.update(groupId, { seq, memberCount, role });
      return { applied, gap: true, ended };
    }
    seq = e.seq;
    applied++;
    switch (e.kind) {
      case 'group.created':
      case 'group.updated':
        groups.update(groupId, { name: e.data.name, topic: e.data.topic, memberLimit: e.data.memberLimit, updatedAt: e.at });
        break;
      case 'member.joined':
      case 'member.updated': {
        const before = members.get([groupId, e.data.id]);
        if (!before?.active) memberCount += e.kind === 'member.joined' ? 1 : 0;
        members.put({ groupId, ...e.data, active: true });
        if (e.data.id === m.memberId) role = e.data.role;
        break;
      }
      case 'member.role':
        members.update([groupId, e.data.memberId], { role: e.data.role });
        if (e.data.memberId === m.memberId) role = e.data.role;
        break;
      case 'member.left':
      case 'member.removed': {
        const before = members.get([groupId, e.data.memberId]);
        if (before?.active) memberCount -= 1;
        members.update([groupId, e.data.memberId], { active: false });
        if (e.data.memberId === m.memberId) ended = e.kind === 'member.left' ? 'left' : 'removed';
        break;
      }
      case 'thread.created': {
        const t = e.data;
        const before = threads.get(t.id);
        threads.put({
          id: t.id,
          groupId,
          title: t.title,
          anchor: t.anchor,
          anchorUrl: t.anchor?.url ?? '',
          authorId: t.authorId,
          createdAt: t.createdAt,
          lastMessageAt: before?.lastMessageAt ?? t.lastMessageAt,
          messageCount: before?.messageCount ?? t.messageCount,
          unread: before?.unread ?? 0,
        });
        break;
      }
      case 'message.posted': {
        const msg = e.data;
        const before = messages.get(msg.id);
        messages.put({
          id: msg.id,
          groupId,
          threadId: msg.threadId,
          authorId: msg.authorId,
          body: msg.body,
          mentions: msg.mentions,
          reactions: msg.reactions,
          seq: msg.seq,
          createdAt: msg.createdAt,
          editedAt: msg.editedAt,
          deletedAt: msg.deletedAt,
          deletedBy: msg.deletedBy,
          delivery: 'sent',
          error: null,
          fromEvent: true,
        });
        const thread = before?.fromEvent ? undefined : threads.get(msg.threadId);
        if (thread) {
          threads.update(msg.threadId, {
            messageCount: thread.messageCount + 1,
            lastMessageAt: Math.max(thread.lastMessageAt ?? 0, msg.createdAt),
            unread: thread.unread + (msg.authorId === m.memberId ? 0 : 1),
          });
        }
        break;
      }
      case 'message.edited':
        messages.update(e.data.id, { body: e.data.body, mentions: e.data.mentions, editedAt: e.data.editedAt });
        break;
      case 'message.deleted':
        messages.update(e.data.id, { body: '', deletedAt: e.data.deletedAt, deletedBy: e.data.deletedBy });
        break;
      case 'reaction': {
        const row = messages.get(e.data.messageId);
        if (row) messages.update(row.id, { reactions: toggleReaction(row.reactions, e.data.emoji, e.data.memberId, e.data.on) });
        break;
      }
    }
  }
  memberships.update(groupId, { seq, memberCount, role });
  return { applied, gap: false, ended };
}

/** The extension's path: a batch of events in one Dexie transaction, each row read and written once. */
export function applyEvents(db: NookDB, groupId: string, events: GroupEvent[]): Promise<Applied> {
  return db.transaction('rw', [db.memberships, db.groups, db.members, db.threads, db.messages], async () => {
    const batch = await stage(db, groupId, events);
    const applied = applyEventsTo(batch.tables, groupId, events);
    await batch.flush();
    return applied;
  });
}
