import { type Prepared, prepare, spreadMinutes } from './features';
import type { Cohort, CohortMember, CohortQuality } from './types';

/**
 * The score the proposal optimises and the owner sees, one definition for both (the view
 * rescores after the owner moves members by hand). A member's fit, 0..1:
 *   interest fit: the share of their interests that another member of the cohort has;
 *   zone fit: 1 - the cohort's time-zone spread / 12 hours (0 at 12 hours and beyond, when
 *     someone's evening is someone else's early morning);
 *   fit = the mean of the two, or the zone fit alone for a member who named no interests
 *     (they fit anywhere, so they neither help nor hurt a cohort's interest fit).
 * A cohort's score is its members' mean fit; the proposal's, every member's mean fit.
 */

export const ZONE_HORIZON_MINUTES = 12 * 60;

export const zoneFit = (spread: number): number => Math.max(0, 1 - spread / ZONE_HORIZON_MINUTES);

export interface Scored {
  cohorts: Cohort[];
  quality: CohortQuality;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Scores groups of member indices (each member at most once; checked by the callers). */
export function scoreGroups(p: Prepared, groups: readonly (readonly number[])[]): Scored {
  let members = 0;
  let shared = 0;
  let fit = 0;
  const spreads: number[] = [];
  const cohorts = groups.map((group): Cohort => {
    const counts = new Map<number, number>();
    for (const m of group) for (const i of p.interests[m]!) counts.set(i, (counts.get(i) ?? 0) + 1);
    const spread = spreadMinutes(group.map((m) => p.offsets[m]!));
    const zf = zoneFit(spread);
    let cohortFit = 0;
    for (const m of group) {
      const own = p.interests[m]!;
      let n = 0;
      for (const i of own) if (counts.get(i)! >= 2) n++;
      shared += n;
      cohortFit += own.length > 0 ? (n / own.length + zf) / 2 : zf;
    }
    members += group.length;
    fit += cohortFit;
    if (group.length > 0) spreads.push(spread / 60);
    const sharedInterests = [...counts]
      .filter(([, c]) => c >= 2)
      .sort(([a, ca], [b, cb]) => cb - ca || (p.keys[a]! < p.keys[b]! ? -1 : 1))
      .map(([i]) => p.labels[i]!);
    return { members: group.map((m) => p.ids[m]!), sharedInterests, spreadHours: spread / 60, score: group.length > 0 ? cohortFit / group.length : 0 };
  });
  const quality: CohortQuality = {
    meanSharedInterests: members > 0 ? shared / members : 0,
    medianSpreadHours: median(spreads),
    worstSpreadHours: spreads.length > 0 ? Math.max(...spreads) : 0,
    score: members > 0 ? fit / members : 0,
  };
  return { cohorts, quality };
}

/**
 * Scores cohorts as given (the owner's, after moving members by hand). Members in no group are
 * not counted; an id in two groups or not among the members is a caller's bug, and throws.
 */
export function scoreCohorts(groups: string[][], members: CohortMember[], at: number): Scored {
  const p = prepare(members, at);
  const seen = new Set<string>();
  const indices = groups.map((g) =>
    g.map((id) => {
      const i = p.index.get(id);
      if (i === undefined) throw new Error(`cohorts: unknown member id "${id}"`);
      if (seen.has(id)) throw new Error(`cohorts: "${id}" is in two cohorts`);
      seen.add(id);
      return i;
    }),
  );
  return scoreGroups(p, indices);
}
