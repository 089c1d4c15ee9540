import type { Clock } from '../clock';
import type { StoreContext } from '../store/write';
import type { Db } from '../store/store';
import type { MembershipRow } from '../store/rows';
import type { TokenBuckets } from './rate-limit';

export interface HubConfig {
  /** Who may create groups: anyone, or holders of the operator's creation token. */
  create: { mode: 'open' } | { mode: 'token'; token: string };
  maxBodyBytes: number;
  /** Origin the hub is reached at, for invite links; the request's own origin when unset. */
  publicUrl: string | undefined;
  /** How many proxies in front of the hub append to X-Forwarded-For (0: none, the header is ignored). */
  trustProxy: number;
  /** Built widget files (`widget.js`, `panel/`), served when present. */
  widgetDir: string;
  /** A token unused this long has expired (hub/store/identity.ts). */
  tokenTtlMs: number;
  /** Whether groups may be listed and looked up here (NOOK_LISTINGS; hub/routes/listings.ts). */
  listings: boolean;
}

export interface HubDeps {
  db: Db;
  clock: Clock;
  store: StoreContext;
  limiter: TokenBuckets | null;
  /** Listings, reports and join requests: per member and per address at once (hub/http/discovery-limit.ts). */
  discoveryLimiter: TokenBuckets | null;
  config: HubConfig;
  log: (line: string) => void;
}

export interface HubEnv {
  Variables: {
    hub: HubDeps;
    /** The caller's member id on this hub, or null when they presented no token. */
    memberId: string | null;
    /** The device (token) the caller came with, or null. */
    deviceId: string | null;
    /** A token identify left to the route's store to check (hub/http/auth.ts), or null. */
    uncheckedToken: { hash: string; fromCookie: boolean } | null;
    /** Set by `inGroup()`: the caller's membership in the path's group. */
    me: MembershipRow;
  };
}
