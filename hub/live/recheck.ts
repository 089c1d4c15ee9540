import type { Clock } from '../clock';
import { checkTokenHashes } from '../store/identity';
import type { Db } from '../store/store';

/** A live socket as the recheck sees it: the hash of the token it said hello with. */
export interface Checked {
  /** Empty until the socket has authenticated. */
  readonly tokenHash: string;
  signedOut(why: 'expired' | 'unknown'): void;
}

/**
 * Each heartbeat, whether the tokens of this instance's sockets still sign anyone in (a
 * device signed out or expired elsewhere loses its socket within a beat). One read per 500
 * sockets, not one per socket; and the database being away (a restart, a pool timeout)
 * closes nothing: every socket closing at the same beat would have every client reconnect
 * at once. The failure is logged once until a recheck succeeds again.
 */
export class TokenRecheck {
  private running = false;
  private failing = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly log: (line: string) => void,
  ) {}

  async run(sockets: Iterable<Checked>): Promise<void> {
    // A slow database must not stack up rechecks: this beat is skipped, the next one checks.
    if (this.running) return;
    this.running = true;
    try {
      const mine = [...sockets].filter((s) => s.tokenHash !== '');
      if (mine.length === 0) return;
      const found = await checkTokenHashes(this.db, [...new Set(mine.map((s) => s.tokenHash))], this.clock.now(), this.ttlMs);
      if (this.failing) this.log('live: token recheck works again');
      this.failing = false;
      for (const s of mine) {
        const check = found.get(s.tokenHash) ?? 'unknown';
        if (typeof check === 'string') s.signedOut(check);
      }
    } catch (err) {
      if (!this.failing) this.log(`live: token recheck failed (${(err as Error).message}); sockets kept, checked again next heartbeat`);
      this.failing = true;
    } finally {
      this.running = false;
    }
  }
}
