import { Hono } from 'hono';
import { z } from 'zod';
import { baseUrl } from '../http/auth';
import type { HubEnv } from '../http/env';
import { errorJson } from '../http/errors';
import { operations, route } from '../http/operation';
import { mayReadMetrics } from '../ops/metrics-access';
import type { Ops } from '../ops/ops';

const op = operations({
  health: { method: 'get', path: '/health', summary: 'Liveness check', auth: 'none', response: z.object({ ok: z.literal(true) }) },
  openapi: {
    method: 'get',
    path: '/openapi.json',
    summary: 'This API as OpenAPI 3.1',
    auth: 'none',
    response: z.record(z.string(), z.unknown()),
  },
  live: {
    method: 'get',
    path: '/live',
    summary: 'WebSocket upgrade for live events (see protocol/live.ts); a plain GET is refused with 426',
    auth: 'none',
    status: 101,
    response: z.unknown(),
  },
});

/** The API's own description, made once per app from the operations it serves (hub/app.ts). */
export type Describe = () => Record<string, unknown>;

export const meta = (describe: Describe) =>
  new Hono<HubEnv>()
    .on(...route(op.health), (c) => c.json({ ok: true as const }))
    .on(...route(op.openapi), (c) => c.json({ ...describe(), servers: [{ url: baseUrl(c) }] }))
    // Upgrades to /live never reach Hono (the node server hands them to `ws`); a plain GET lands here.
    .on(...route(op.live), (c) =>
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
