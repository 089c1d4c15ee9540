import { Capacity, cohortCount } from './capacity';
import { prepare } from './features';
import { mulberry32, shuffle } from './random';
import { scoreGroups } from './score';
import type { CohortMember, CohortOptions, CohortProposal } from './types';

/**
 * The two baselines the benchmark compares proposeCohorts with; same cohort sizes as it, so
 * only the choice of who goes with whom differs.
 */

/** A seeded shuffle, cut into cohorts. */
export function randomCohorts(members: CohortMember[], opts: CohortOptions): CohortProposal {
  const p = prepare(members, opts.at);
  const k = cohortCount(members.length, opts.size);
  const order = shuffle(members.map((_, i) => i), mulberry32(opts.seed));
  const cap = new Capacity(members.length, k);
  const groups: number[][] = Array.from({ length: k }, () => []);
  let c = 0;
  for (const m of order) {
    while (!cap.room(c)) c++;
    cap.take(c);
    groups[c]!.push(m);
  }
  return { ...scoreGroups(p, groups), method: 'random' };
}

/**
 * Plain greedy: each member in input order joins the cohort that already holds most of their
 * interests and still has room (ties: the emptiest, then the first). Time zones play no part.
 */
export function greedyCohorts(members: CohortMember[], opts: CohortOptions): CohortProposal {
  const p = prepare(members, opts.at);
  const k = cohortCount(members.length, opts.size);
  const cap = new Capacity(members.length, k);
  const held: Set<number>[] = Array.from({ length: k }, () => new Set());
  const groups: number[][] = Array.from({ length: k }, () => []);
  p.interests.forEach((own, m) => {
    let best = -1;
    let bestShared = -1;
    for (let c = 0; c < k; c++) {
      if (!cap.room(c)) continue;
      let shared = 0;
      for (const i of own) if (held[c]!.has(i)) shared++;
      if (shared > bestShared || (shared === bestShared && cap.sizes[c]! < cap.sizes[best]!)) {
        best = c;
        bestShared = shared;
      }
    }
    cap.take(best);
    groups[best]!.push(m);
    for (const i of own) held[best]!.add(i);
  });
  return { ...scoreGroups(p, groups), method: 'greedy' };
}
