import { MAX_INTEREST, MAX_INTERESTS } from '../../protocol/limits';

// What the intro form needs and the discussion does not: apart from intros.ts, so it stays out of the panel's start.

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
