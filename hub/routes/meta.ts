import { Hono } from 'hono';
import { buildOpenApi } from '../../protocol/openapi';
import { baseUrl } from '../http/auth';
import type { HubEnv } from '../http/env';
import { errorJson } from '../http/errors';

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
