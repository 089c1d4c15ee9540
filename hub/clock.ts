/** Time as the hub sees it; tests pass their own to expire invites and link codes. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
