import type { GroupEvent } from '../../protocol/events';
import type { NookDB } from '../db';
import type { MessageRow } from './rows';

export interface Applied {
  /** Events newly applied (already-held ones are skipped). */
  applied: number;
  /** An event was missing before these: the caller pages them from the hub. */
  gap: boolean;
  /** The member is no longer in the group (left or removed). */
  ended: 'left' | 'removed' | null;
}

/**
 * Applies a group's events in order, in one transaction: the local copy then holds exactly
 * what the hub held at the last event's number. Events at or below the local number are
 * skipped, so applying a batch twice changes nothing.
 */
export async function applyEvents(db: NookDB, groupId: string, events: GroupEvent[]): Promise<Applied> {
  return db.transaction('rw', [db.memberships, db.groups, db.members, db.threads, db.messages], async () => {
    const m = await db.memberships.get(groupId);
    if (!m || m.endedAt !== null) return { applied: 0, gap: false, ended: null };
    let seq = m.seq;
    let applied = 0;
    let ended: Applied['ended'] = null;
    let memberCount = m.memberCount;
    let role = m.role;
    for (const e of events) {
      if (e.groupId !== groupId || e.seq <= seq) continue;
      if (e.seq !== seq + 1) {
        await db.memberships.update(groupId, { seq, memberCount, role });
        return { applied, gap: true, ended };
      }
      seq = e.seq;
      applied++;
      switch (e.kind) {
        case 'group.created':
        case 'group.updated':
          await db.groups.update(groupId, { name: e.data.name, topic: e.data.topic, memberLimit: e.data.memberLimit, updatedAt: e.at });
          break;
        case 'member.joined':
        case 'member.updated': {
          const before = await db.members.get([groupId, e.data.id]);
          if (!before?.active) memberCount += e.kind === 'member.joined' ? 1 : 0;
          await db.members.put({ groupId, ...e.data, active: true });
          if (e.data.id === m.memberId) role = e.data.role;
          break;
        }
        case 'member.role':
          await db.members.update([groupId, e.data.memberId], { role: e.data.role });
          if (e.data.memberId === m.memberId) role = e.data.role;
          break;
        case 'member.left':
        case 'member.removed': {
          const before = await db.members.get([groupId, e.data.memberId]);
          if (before?.active) memberCount -= 1;
          await db.members.update([groupId, e.data.memberId], { active: false });
          if (e.data.memberId === m.memberId) ended = e.kind === 'member.left' ? 'left' : 'removed';
          break;
        }
        case 'thread.created': {
          const t = e.data;
          const before = await db.threads.get(t.id);
          await db.threads.put({
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
          const before = await db.messages.get(msg.id);
          const row: MessageRow = {
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
          };
          await db.messages.put(row);
          if (!before?.fromEvent) {
            const mine = msg.authorId === m.memberId;
            await db.threads
              .where('id')
              .equals(msg.threadId)
              .modify((t) => {
                t.messageCount += 1;
                t.lastMessageAt = Math.max(t.lastMessageAt ?? 0, msg.createdAt);
                if (!mine) t.unread += 1;
              });
          }
          break;
        }
        case 'message.edited':
          await db.messages.update(e.data.id, { body: e.data.body, mentions: e.data.mentions, editedAt: e.data.editedAt });
          break;
        case 'message.deleted':
          await db.messages.update(e.data.id, { body: '', deletedAt: e.data.deletedAt, deletedBy: e.data.deletedBy });
          break;
        case 'reaction':
          await db.messages
            .where('id')
            .equals(e.data.messageId)
            .modify((row) => {
              const who = new Set(row.reactions[e.data.emoji] ?? []);
              if (e.data.on) who.add(e.data.memberId);
              else who.delete(e.data.memberId);
              if (who.size) row.reactions[e.data.emoji] = [...who];
              else delete row.reactions[e.data.emoji];
            });
          break;
      }
    }
    await db.memberships.update(groupId, { seq, memberCount, role });
    return { applied, gap: false, ended };
  });
}
