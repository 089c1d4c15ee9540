import { scoreCohorts, type Scored } from '../../protocol/cohorts/score';
import type { CohortProposalView } from '../../sync/communities';

/**
 * The owner's moves on a proposal, before they apply it: the assignment as lists of ids, and
 * the score of each cohort recomputed as the hub scores it (protocol/cohorts/score.ts, at the
 * instant the proposal was made, so a move back gives back the hub's numbers).
 */

/** The assignment with `id` moved to cohort `to` (0-based); the same assignment when it is there already. */
export function moveMember(cohorts: readonly (readonly string[])[], id: string, to: number): string[][] {
  if (to < 0 || to >= cohorts.length) return cohorts.map((c) => [...c]);
  const from = cohorts.findIndex((c) => c.includes(id));
  if (from === -1 || from === to) return cohorts.map((c) => [...c]);
  return cohorts.map((c, i) => (i === from ? c.filter((m) => m !== id) : i === to ? [...c, id] : [...c]));
}

export const sameAssignment = (a: readonly (readonly string[])[], b: readonly (readonly string[])[]): boolean =>
  a.length === b.length && a.every((c, i) => c.length === b[i]!.length && c.every((m, j) => m === b[i]![j]));

/** The proposal's cohorts as the owner has moved them, scored. */
export function rescore(proposal: CohortProposalView, cohorts: string[][]): Scored {
  return scoreCohorts(cohorts, proposal.participants, proposal.createdAt);
}
