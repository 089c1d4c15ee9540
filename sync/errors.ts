import { UserError } from '../protocol/errors';

/** Refusals worth trying again later (the hub is away, busy, or limiting the rate). */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof UserError)) return true;
  return ['hub_unreachable', 'hub_error', 'rate_limited', 'internal'].includes(e.code);
}

export const asError = (e: unknown): { code: string; message: string } =>
  e instanceof UserError ? { code: e.code, message: e.message } : { code: 'unexpected', message: e instanceof Error ? e.message : String(e) };
