import type { Intro } from '../../protocol/intros';
import { NEW_MEMBER_MS } from '../../protocol/limits';
import { atNight } from '../../protocol/rules/meetings';
import type { MemberItem, Role } from '../../sync/types';

/** One member as the directory shows them: their intro, their zone, and whether they are awake now. */
export interface DirectoryRow {
  member: MemberItem;
  /** Their posted intro (not a skipped one); null when they have none. */
  intro: Intro | null;
  /** Their IANA zone when they told it (an intro, or a skipped one, carries it). */
  timeZone: string | null;
  /** Between 07:00 and 22:00 where they are; false when their zone is unknown. */
  awake: boolean;
  /** Joined less than a week ago (the hub's rule, protocol/limits.ts). */
  isNew: boolean;
}

const RANK: Record<Role, number> = { owner: 0, moderator: 1, member: 2 };

/** Whether `zone` is a zone this browser knows (an intro from elsewhere might name one it does not). */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The group's directory at `now`: those awake where they are come first (the people one can
 * reach now), then owners and moderators before members, then by name. Night is the same
 * rule meetings use (protocol/rules/meetings.ts atNight), so a member's day is theirs.
 */
export function directory(members: readonly MemberItem[], intros: readonly Intro[], now: number, locale?: string): DirectoryRow[] {
  const byMember = new Map(intros.map((i) => [i.memberId, i]));
  const collator = new Intl.Collator(locale);
  return members
    .map((member): DirectoryRow => {
      const intro = byMember.get(member.id) ?? null;
      const timeZone = intro && knownZone(intro.timeZone) ? intro.timeZone : null;
      return {
        member,
        intro: intro && !intro.skipped ? intro : null,
        timeZone,
        awake: timeZone !== null && !atNight({ kind: 'timed', start: now, minutes: 5 }, timeZone),
        isNew: now - member.joinedAt < NEW_MEMBER_MS,
      };
    })
    .sort((a, b) => Number(b.awake) - Number(a.awake) || RANK[a.member.role] - RANK[b.member.role] || collator.compare(a.member.name, b.member.name));
}
