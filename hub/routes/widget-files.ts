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

async function sendFile(c: Context<HubEnv>, relative: string) {
  const root = c.var.hub.config.widgetDir;
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep)) return errorJson(c, 404, { code: 'not_found', message: 'No such file.' });
  try {
    const body = await readFile(file);
    return c.body(body, 200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=300',
    });
  } catch {
    return errorJson(c, 404, { code: 'not_found', message: 'The widget is not built on this hub.' });
  }
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
