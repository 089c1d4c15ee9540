import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import type { HubEnv } from '../http/env';
import { errorJson } from '../http/errors';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const PANEL_PAGE = join('panel', 'index.html');

/**
 * The origin of the page that framed the panel, as its browser named it in the Referer (a
 * page can withhold it, with a referrer policy, but cannot forge it). For browsers without
 * `location.ancestorOrigins`, the panel compares it with what its fragment claims
 * (widget/panel/config.ts hostOrigin). Only for a frame's request, and only a web origin.
 */
function framedBy(c: Context<HubEnv>): string | null {
  const dest = c.req.header('sec-fetch-dest');
  if (dest !== undefined && dest !== 'iframe' && dest !== 'frame') return null;
  try {
    const origin = new URL(c.req.header('referer') ?? '').origin;
    return /^https?:\/\/[^/?#\s"<>&]+$/.test(origin) ? origin : null;
  } catch {
    return null;
  }
}

async function sendFile(c: Context<HubEnv>, relative: string) {
  const root = c.var.hub.config.widgetDir;
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep)) return errorJson(c, 404, { code: 'not_found', message: 'No such file.' });
  let body: Awaited<ReturnType<typeof readFile>>;
  try {
    body = await readFile(file);
  } catch {
    return errorJson(c, 404, { code: 'not_found', message: 'The widget is not built on this hub.' });
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  if (relative !== PANEL_PAGE) return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' });
  // The panel's page names its framer, so it differs per framing page: never from a shared cache.
  const origin = framedBy(c);
  const html = body.toString('utf8');
  const meta = origin ? `<meta name="nook-framed-by" content="${origin}">` : '';
  const page = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => h + meta) : meta + html;
  return c.body(page, 200, { 'Content-Type': type, 'Cache-Control': 'private, no-cache', Vary: 'Referer, Sec-Fetch-Dest' });
}

/**
 * The widget's built files, from `dist/widget/` (NOOK_WIDGET_DIR), read per request so a
 * rebuild shows without a restart. Not part of the API, and not in /openapi.json.
 */
export const widgetFiles = new Hono<HubEnv>()
  .get('/widget.js', (c) => sendFile(c, 'widget.js'))
  .get('/panel', (c) => c.redirect('/panel/'))
  .get('/panel/*', (c) => {
    // Hono has already percent-decoded the path (and left it as is when it was malformed).
    const rest = c.req.path.slice('/panel/'.length);
    return sendFile(c, join('panel', rest === '' ? 'index.html' : rest));
  });
