import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { baseUrl } from '../http/auth';
import type { HubEnv } from '../http/env';
import { errorJson } from '../http/errors';

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * `/create`: the page where a creator without the extension makes a group and gets the
 * widget's snippet (built into `<widgetDir>/create/index.html`, see widget/create). The hub
 * writes into it who may create groups here (NOOK_CREATE) and its public address, so the
 * page asks for the creation token only where one is needed. Never framed.
 */
export const create = new Hono<HubEnv>().get('/create', async (c) => {
  let page: string;
  try {
    page = await readFile(join(c.var.hub.config.widgetDir, 'create', 'index.html'), 'utf8');
  } catch {
    return errorJson(c, 404, { code: 'not_found', message: 'The widget is not built on this hub.' });
  }
  const config = `<meta name="nook-create" content="${c.var.hub.config.create.mode}"><meta name="nook-hub" content="${attr(baseUrl(c))}">`;
  return c.html(page.replace('<!--nook:config-->', config), 200, {
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "frame-ancestors 'none'",
  });
});
