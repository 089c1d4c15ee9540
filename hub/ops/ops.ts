import type { HubMetrics } from './metrics';
import type { Readiness } from './readiness';

/** What the hub has for running it in operation; each part is optional (tests build apps without). */
export interface Ops {
  metrics?: HubMetrics;
  readiness?: Readiness;
  /** Where the one JSON line per request goes; none: requests are not logged. */
  requestLog?: (line: string) => void;
  /** Who may read `/metrics` beside callers on the hub's own machine (hub/ops/metrics-access.ts). */
  metricsToken?: string;
}
