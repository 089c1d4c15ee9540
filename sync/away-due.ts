/** When "Since you were away" is due (sync/away.ts): apart so the views' start carries only this, not the summary. */
export const AWAY_MS = 8 * 3_600_000;

/** When the member last looked (null: never on this device): a summary is due when that was long enough ago. */
export const awayDue = (lastSeenAt: number | null | undefined, now: number): boolean => typeof lastSeenAt === 'number' && now - lastSeenAt >= AWAY_MS;
