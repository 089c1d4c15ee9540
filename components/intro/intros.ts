import { MAX_INTEREST, MAX_INTERESTS, NEW_MEMBER_MS } from '../../protocol/limits';
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

/** Interests as typed ("knitting, socks"): trimmed, each once, within the hub's limits. */
export function parseInterests(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,\n]/)) {
    const tag = part.trim().slice(0, MAX_INTEREST);
    if (tag && ![...seen].some((s) => s.toLowerCase() === tag.toLowerCase())) seen.add(tag);
  }
  return [...seen].slice(0, MAX_INTERESTS);
}

/** The zone this browser is in. */
export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const resolved = (zone: string): string | null => {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
};

/**
 * The zones a member can choose from (the browser's list) and the one to show chosen. The
 * browser may name its own zone by an older alias than its list does (Chromium says
 * "Asia/Calcutta" and lists "Asia/Kolkata"): the listed name of the same zone is chosen.
 */
export function zoneChoices(current: string): { zones: string[]; selected: string } {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const same = resolved(current);
  const selected = list.includes(current) ? current : (list.find((z) => same !== null && resolved(z) === same) ?? current);
  return { zones: list.includes(selected) ? list : [selected, ...list], selected };
}
