import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import type { HubEnv } from '../http/env';
import { errorJson } from '../http/errors';

/**
 * The console's policy, sent as a header because `frame-ancestors` has no effect in a meta
 * tag: its scripts and connections are the hub's own (the chunks under /panel/assets/, the
 * API, /live), nothing inline, and no page may frame it, since it acts for the creator on
 * every group they run.
 */
const POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' https: data:",
  // Preact sets style attributes; no stylesheet comes from elsewhere.
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

async function page(c: Context<HubEnv>) {
  let html: string;
  try {
    html = await readFile(join(c.var.hub.config.widgetDir, 'console', 'index.html'), 'utf8');
  } catch {
    return errorJson(c, 404, { code: 'not_found', message: 'The widget is not built on this hub.' });
  }
  return c.html(html, 200, {
    'Cache-Control': 'no-store',
    'Content-Security-Policy': POLICY,
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
}

/**
 * `<hub>/console`: the creator console (widget/console), where a group's owners and
 * moderators run their groups from the hub's own origin, signed in by the same session
 * cookie as the panel and /create. One page; any other path under it is not found.
 */
export const consolePage = new Hono<HubEnv>().get('/console', page).get('/console/', page);
