import type { z } from 'zod';
import { NEW_MEMBER_MS, type DirectoryEntry, type Intro, type IntroBody } from '../../protocol';
import { enter } from './access';
import type { StoredData } from './events';
import type { MembershipRow } from './rows';
import type { Queryable } from './store';
import { write, type StoreContext } from './write';

interface IntroRow {
  group_id: string;
  member_id: string;
  text: string;
  interests: string;
  time_zone: string;
  skipped: number;
  posted_at: number | null;
  updated_at: number;
}

const toIntro = (r: IntroRow): Intro => ({
  memberId: r.member_id,
  text: r.text,
  interests: JSON.parse(r.interests) as string[],
  timeZone: r.time_zone,
  skipped: r.skipped === 1,
  updatedAt: r.updated_at,
});

/** The event keeps no text: eventsAfter reads it from `intros` (hub/store/events.ts). */
const stored = ({ text: _text, interests: _interests, ...rest }: Intro): StoredData<'intro.posted'> => rest;

export const introOf = (q: Queryable, groupId: string, memberId: string) =>
  q.one<IntroRow>('SELECT * FROM intros WHERE group_id = ? AND member_id = ?', [groupId, memberId]);

/** The zones of the group's active members who gave one, for meeting times that fall at night. */
export async function zonesOf(q: Queryable, groupId: string): Promise<string[]> {
  const rows = await q.all<{ time_zone: string }>(
    `SELECT i.time_zone FROM intros i JOIN memberships m ON m.group_id = i.group_id AND m.member_id = i.member_id
     WHERE i.group_id = ? AND m.status = 'active' ORDER BY i.member_id`,
    [groupId],
  );
  return rows.map((r) => r.time_zone);
}

/**
 * Sets the caller's intro. The first one with something in it is the group's welcome
 * (`intro.posted`); later changes, and a skip, are `intro.updated`. The same intro again
 * changes nothing.
 */
export function setIntro(s: StoreContext, memberId: string, groupId: string, body: z.output<typeof IntroBody>) {
  return write(s, async (w) => {
    await enter(w.tx, groupId, memberId);
    const before = await introOf(w.tx, groupId, memberId);
    const intro: Intro = { memberId, text: body.text, interests: body.interests, timeZone: body.timeZone, skipped: body.skipped, updatedAt: w.now };
    if (before) {
      const was = toIntro(before);
      if (JSON.stringify({ ...was, updatedAt: 0 }) === JSON.stringify({ ...intro, updatedAt: 0 })) return { intro: was };
    }
    const says = !body.skipped && (body.text.trim() !== '' || body.interests.length > 0);
    const postedAt = before?.posted_at ?? (says ? w.now : null);
    await w.tx.run(
      `INSERT INTO intros (group_id, member_id, text, interests, time_zone, skipped, posted_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id, member_id) DO UPDATE SET text = excluded.text, interests = excluded.interests,
         time_zone = excluded.time_zone, skipped = excluded.skipped, posted_at = excluded.posted_at, updated_at = excluded.updated_at`,
      [groupId, memberId, intro.text, JSON.stringify(intro.interests), intro.timeZone, intro.skipped ? 1 : 0, postedAt, w.now],
    );
    const welcome = before?.posted_at == null && postedAt !== null;
    await w.emit(groupId, welcome ? 'intro.posted' : 'intro.updated', memberId, stored(intro));
    return { intro };
  });
}

/** The member list with each one's role and intro; those who joined less than a week ago are new. */
export async function directory(q: Queryable, groupId: string, now: number): Promise<{ members: DirectoryEntry[] }> {
  const members = await q.all<MembershipRow>(
    "SELECT * FROM memberships WHERE group_id = ? AND status = 'active' ORDER BY joined_at, member_id",
    [groupId],
  );
  const intros = await q.all<IntroRow>('SELECT * FROM intros WHERE group_id = ?', [groupId]);
  const byMember = new Map(intros.map((r) => [r.member_id, toIntro(r)]));
  return {
    members: members.map((m) => ({
      memberId: m.member_id,
      name: m.name,
      role: m.role,
      joinedAt: Number(m.joined_at),
      isNew: now - Number(m.joined_at) < NEW_MEMBER_MS,
      intro: byMember.get(m.member_id) ?? null,
    })),
  };
}
