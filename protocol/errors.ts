/**
 * Errors a user can meet travel as values: a stable code (the catalog key is `error.<code>`),
 * an English message for logs and API clients, and the variables the catalog message needs.
 */
export interface NookError {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** Thrown where a user-facing refusal happens; turned into a NookError at the boundary. */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'UserError';
  }
  toJSON(): NookError {
    return { code: this.code, message: this.message, ...(this.params ? { params: this.params } : {}) };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: NookError };

/** Anything thrown, as the error value a view shows: a UserError's own, else `unexpected`. */
export const toNookError = (e: unknown): NookError =>
  e instanceof UserError ? e.toJSON() : { code: 'unexpected', message: e instanceof Error ? e.message : String(e) };
