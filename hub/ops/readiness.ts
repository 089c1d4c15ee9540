import { schemaVersion } from '../store/migrate';
import type { Queryable } from '../store/store';

export interface NotReady {
  reason: 'draining' | 'database' | 'migrations';
  message: string;
}

/** A database that takes longer than this to answer `SELECT 1` counts as away. */
const PROBE_TIMEOUT_MS = 2_000;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Whether this instance should be sent traffic (`GET /readyz`). Alive (`/healthz`) is a
 * different question: a hub whose database is away is alive and recovers by itself, so a
 * supervisor must not restart it, only the load balancer route around it.
 */
export class Readiness {
  /** Set when the hub is told to stop: it still serves, while the load balancer moves away. */
  draining = false;
  private lastFailure: string | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly log: (line: string) => void,
    private readonly timeoutMs = PROBE_TIMEOUT_MS,
  ) {}

  async check(): Promise<NotReady | null> {
    if (this.draining) return { reason: 'draining', message: 'This instance is shutting down.' };
    let result: NotReady | null;
    try {
      const v = await within(schemaVersion(this.db), this.timeoutMs);
      result =
        v.database < v.code
          ? { reason: 'migrations', message: `The database schema is at version ${v.database}; this hub needs ${v.code}.` }
          : null;
      this.report(result ? result.message : undefined);
    } catch (err) {
      // The caller (a load balancer, anyone) gets no detail of the inside; the log does, once per change.
      result = { reason: 'database', message: 'The database does not answer.' };
      this.report(`database: ${(err as Error).message}`);
    }
    return result;
  }

  private report(failure: string | undefined) {
    if (failure === this.lastFailure) return;
    if (failure) this.log(`readiness: not ready: ${failure}`);
    else if (this.lastFailure) this.log('readiness: ready again');
    this.lastFailure = failure;
  }
}
