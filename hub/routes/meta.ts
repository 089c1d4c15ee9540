import { Hono } from 'hono';
import { buildOpenApi } from '../../protocol/openapi';
import { baseUrl } from '../http/auth';
import type { HubEnv } from '../http/env';
import { errorJson } from '../http/errors';
import { mayReadMetrics } from '../ops/metrics-access';
import type { Ops } from '../ops/ops';

let openapi: Record<string, unknown> | undefined;

export const meta = new Hono<HubEnv>()
  .get('/health', (c) => c.json({ ok: true as const }))
  .get('/openapi.json', (c) => {
    openapi ??= buildOpenApi();
    return c.json({ ...openapi, servers: [{ url: baseUrl(c) }] });
  })
  // Upgrades to /live never reach Hono (the node server hands them to `ws`); a plain GET lands here.
  .get('/live', (c) =>
    errorJson(c, 426, { code: 'upgrade_required', message: 'Connect to /live with a WebSocket.' }),
  );

/**
 * For load balancers, supervisors and Prometheus. Mounted before the caller is identified:
 * a probe never touches the tokens table, and a metrics token is not a member's.
 */
export const probes = (ops: Ops) =>
  new Hono<HubEnv>()
    // Alive: the process answers. Nothing else is asked, so a database outage never gets the hub restarted.
    .get('/healthz', (c) => c.json({ ok: true as const }))
    .get('/readyz', async (c) => {
      const notReady = (await ops.readiness?.check()) ?? null;
      if (notReady) return c.json({ ok: false as const, ...notReady }, 503);
      return c.json({ ok: true as const });
    })
    .get('/metrics', async (c) => {
      if (!ops.metrics) return errorJson(c, 404, { code: 'not_found', message: 'No such route.' });
      if (!mayReadMetrics(c, ops.metricsToken)) {
        return errorJson(c, 403, {
          code: 'forbidden',
          message: "Metrics are read from the hub's own machine, or with the operator's metrics token.",
        });
      }
      return c.body(await ops.metrics.text(), 200, { 'Content-Type': ops.metrics.contentType, 'Cache-Control': 'no-store' });
    });
