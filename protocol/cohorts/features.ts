import { fromAbsolute } from '@internationalized/date';
import type { CohortMember } from './types';

/**
 * What the splitting and the scoring read of a member: interests as indices into one shared
 * vocabulary, and the UTC offset in minutes at one instant. Prepared once, in input order.
 */

export const MINUTES_PER_DAY = 24 * 60;

/** One interest, as matched: "  Sourdough " and "sourdough" are the same interest. */
export const interestKey = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The zone's UTC offset at `at`, in minutes. @internationalized/date reads the runtime's time
 * zone data (Intl), so DST and the odd quarter hour are right without a table of our own;
 * a zone the runtime does not know counts as UTC rather than failing the whole split.
 */
export function utcOffsetMinutes(zone: string, at: number): number {
  try {
    return Math.round(fromAbsolute(at, zone).offset / 60_000);
  } catch {
    return 0;
  }
}

/**
 * Smallest arc on the 24-hour circle that holds every offset, in minutes: the day minus the
 * widest gap between neighbouring offsets (so +13 and -10 are 1 hour apart, not 23).
 */
export function spreadMinutes(offsets: Iterable<number>): number {
  const sorted = [...new Set([...offsets].map((o) => ((o % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY))].sort((a, b) => a - b);
  if (sorted.length < 2) return 0;
  let widest = sorted[0]! + MINUTES_PER_DAY - sorted[sorted.length - 1]!;
  for (let i = 1; i < sorted.length; i++) widest = Math.max(widest, sorted[i]! - sorted[i - 1]!);
  return MINUTES_PER_DAY - widest;
}

export interface Prepared {
  ids: string[];
  /** Index of each id. */
  index: Map<string, number>;
  /** Each member's interests, as sorted vocabulary indices, without repeats. */
  interests: Int32Array[];
  /** Display label of each vocabulary index: its first spelling, trimmed. */
  labels: string[];
  /** Normalised key of each vocabulary index (for a stable order of ties). */
  keys: string[];
  /** UTC offset in minutes at the instant. */
  offsets: Int32Array;
}

export function prepare(members: readonly CohortMember[], at: number): Prepared {
  const index = new Map<string, number>();
  const vocabulary = new Map<string, number>();
  const labels: string[] = [];
  const keys: string[] = [];
  const zoneOffsets = new Map<string, number>();
  const interests: Int32Array[] = [];
  const offsets = new Int32Array(members.length);
  members.forEach((m, i) => {
    if (index.has(m.id)) throw new Error(`cohorts: duplicate member id "${m.id}"`);
    index.set(m.id, i);
    const own = new Set<number>();
    for (const raw of m.interests) {
      const key = interestKey(raw);
      if (!key) continue;
      let v = vocabulary.get(key);
      if (v === undefined) {
        v = labels.length;
        vocabulary.set(key, v);
        labels.push(raw.trim().replace(/\s+/g, ' '));
        keys.push(key);
      }
      own.add(v);
    }
    interests.push(Int32Array.from(own).sort());
    let offset = zoneOffsets.get(m.timeZone);
    if (offset === undefined) zoneOffsets.set(m.timeZone, (offset = utcOffsetMinutes(m.timeZone, at)));
    offsets[i] = offset;
  });
  return { ids: members.map((m) => m.id), index, interests, labels, keys, offsets };
}
