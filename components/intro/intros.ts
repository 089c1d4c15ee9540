import { NEW_MEMBER_MS } from '../../protocol/limits';
import type { MemberItem, RecordItem } from '../../sync/types';

/** A posted intro as the discussion shows it: a welcome to its member, at the intro's time. */
export interface Welcome {
  memberId: string;
  name: string;
  text: string;
  interests: string[];
  at: number;
  mine: boolean;
  delivery: RecordItem['delivery'];
}

type IntroRow = Extract<RecordItem, { kind: 'intro' }>;

/** The intros a member has posted (skipped ones say nothing to the group), as welcomes, oldest first. */
export function welcomes(rows: readonly IntroRow[], members: readonly MemberItem[]): Welcome[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  return rows
    .filter((r) => !r.data.skipped && r.delivery !== 'failed' && byId.has(r.id))
    .map((r) => ({
      memberId: r.id,
      name: byId.get(r.id)!.name,
      text: r.data.text,
      interests: r.data.interests,
      at: r.data.updatedAt,
      mine: byId.get(r.id)!.self,
      delivery: r.delivery,
    }))
    .sort((a, b) => a.at - b.at);
}

/**
 * Whether the member looking is asked for an intro: new here (joined less than a week ago,
 * the hub's rule) with no intro, posted or skipped. One the hub refused counts as none, so
 * the prompt comes back with the reason.
 */
export function shouldAskIntro(me: MemberItem | undefined, rows: readonly IntroRow[], now: number): boolean {
  return !!me && now - me.joinedAt < NEW_MEMBER_MS && !rows.some((r) => r.id === me.id && r.delivery !== 'failed');
}
