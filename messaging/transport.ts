import type { ReadonlySignal } from '@preact/signals';
import { toNookError, type NookError } from '../protocol/errors';
import type { Req, Res, ViewCalls } from './calls';

/** A query result as a view sees it: loading until the first value, then value or error. */
export interface LiveState<T> {
  status: 'loading' | 'ready' | 'error';
  value: T | undefined;
  error: NookError | null;
}

/**
 * What a view model needs from its data owner. The extension's is messaging/client.ts
 * (the background owns the data); a test can pass any other.
 */
export interface Transport {
  call<K extends keyof ViewCalls>(name: K, req: Req<ViewCalls, K>): Promise<Res<ViewCalls, K>>;
  /** Subscribes to a call's result; the signal updates whenever the underlying data changes. */
  live<K extends keyof ViewCalls>(name: K, req: Req<ViewCalls, K>): Live<Res<ViewCalls, K>>;
}

export interface Live<T> {
  state: ReadonlySignal<LiveState<T>>;
  dispose(): void;
}

/** A failed call, carrying the user-facing error value. */
export class CallError extends Error {
  constructor(readonly error: NookError) {
    super(error.message);
    this.name = 'CallError';
  }
}

/** A refusal as a value, whether it came over the transport (CallError) or from code in the view's own process (UserError). */
export const asNookError = (e: unknown): NookError => (e instanceof CallError ? e.error : toNookError(e));
