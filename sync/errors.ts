import { UserError } from '../protocol/errors';

/** Refusals worth trying again later (the hub is away, busy, or limiting the rate). */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof UserError)) return true;
  return ['hub_unreachable', 'hub_error', 'rate_limited', 'internal'].includes(e.code);
}

/** A refusal as a row keeps it, with its params so the view can say it in the member's language. */
export const asError = (e: unknown): { code: string; message: string; params?: Record<string, string | number> } =>
  e instanceof UserError
    ? { code: e.code, message: e.message, ...(e.params ? { params: e.params } : {}) }
    : { code: 'unexpected', message: e instanceof Error ? e.message : String(e) };
