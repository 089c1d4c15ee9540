/**
 * Splitting a community's members into cohorts (issue #17, part 6). Plain data, so the hub
 * (which proposes) and the views (which rescore after the owner moves members by hand) share it.
 */

export interface CohortMember {
  id: string;
  interests: string[];
  /** IANA name; one the runtime does not know counts as UTC. */
  timeZone: string;
}

export interface Cohort {
  members: string[];
  /** Interests at least 2 members share, most shared first (spelled as first written). */
  sharedInterests: string[];
  /** Smallest arc on the 24-hour circle that holds every member's UTC offset. */
  spreadHours: number;
  /** 0..1: the mean of its members' fit (see score.ts). */
  score: number;
}

export interface CohortQuality {
  /** Per member: how many of their interests another member of their cohort shares, averaged. */
  meanSharedInterests: number;
  medianSpreadHours: number;
  worstSpreadHours: number;
  /** 0..1: the mean fit over every member. */
  score: number;
}

export interface CohortProposal {
  cohorts: Cohort[];
  quality: CohortQuality;
  /** Which algorithm made it (an identifier, not prose: the views word it from the catalogs). */
  method: string;
}

export interface CohortOptions {
  /** Largest cohort; cohorts are as even as possible and never larger. */
  size: number;
  /** The same seed gives the same proposal. */
  seed: number;
  /** Epoch ms: the instant whose UTC offsets are used (DST moves some zones). */
  at: number;
}
