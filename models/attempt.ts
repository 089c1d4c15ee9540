import { asNookError } from '../messaging/transport';
import type { NookError } from '../protocol/errors';

export type Attempted<T> = { ok: true; value: T } | { ok: false; error: NookError };

/** Runs a call for a view and turns a refusal into a value the view shows where it happened. */
export async function attempt<T>(run: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    return { ok: false, error: asNookError(e) };
  }
}

/** The same for a form that needs only the refusal: null when the call went through. */
export async function refusal(run: () => Promise<unknown>): Promise<NookError | null> {
  const r = await attempt(run);
  return r.ok ? null : r.error;
}
