import type { Poll } from '../polls';

/** Whether a poll takes votes at `now`. */
export const pollOpen = (p: Pick<Poll, 'closesAt' | 'closedAt'>, now: number) =>
  p.closedAt === null && (p.closesAt === null || now < p.closesAt);
