import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useHubs } from '../testing/hubs';

const hubs = useHubs();
const widgetDir = mkdtempSync(join(tmpdir(), 'nook-widget-'));
mkdirSync(join(widgetDir, 'panel'), { recursive: true });
writeFileSync(join(widgetDir, 'panel', 'index.html'), '<!doctype html><html><head><title>Nook discussion</title></head><body></body></html>');
writeFileSync(join(widgetDir, 'panel', 'main.js'), 'void 0');
afterAll(() => rmSync(widgetDir, { recursive: true, force: true }));

const framedBy = (html: string) => /<meta name="nook-framed-by" content="([^"]*)">/.exec(html)?.[1] ?? null;

describe('the panel page tells the panel which page framed it (for browsers without location.ancestorOrigins)', () => {
  it('echoes the origin of the Referer of a frame’s request, and nothing else of it', async () => {
    const { url } = await hubs.start('sqlite', { widgetDir });
    const r = await fetch(`${url}/panel/`, { headers: { referer: 'https://creator.example/lessons/3?x=1', 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site' } });
    const html = await r.text();
    expect(framedBy(html)).toBe('https://creator.example');
    expect(html).not.toContain('lessons/3');
    // Each page that frames it gets its own answer: no shared cache may hand one to another.
    expect(r.headers.get('cache-control')).not.toMatch(/public/);
    expect(r.headers.get('vary')).toMatch(/referer/i);
  });

  it('says nothing when it cannot tell: no Referer, not a frame, or a Referer that is not a web origin', async () => {
    const { url } = await hubs.start('sqlite', { widgetDir });
    const get = async (headers: Record<string, string>) => framedBy(await (await fetch(`${url}/panel/`, { headers })).text());
    expect(await get({ 'sec-fetch-dest': 'iframe' })).toBeNull();
    expect(await get({ referer: 'https://creator.example/', 'sec-fetch-dest': 'document' })).toBeNull();
    expect(await get({ referer: 'chrome-extension://abcdefghijklmnop/page.html', 'sec-fetch-dest': 'iframe' })).toBeNull();
    expect(await get({ referer: 'not a url', 'sec-fetch-dest': 'iframe' })).toBeNull();
    // The panel's other files are the same for everyone, and cached as before.
    const js = await fetch(`${url}/panel/main.js`, { headers: { referer: 'https://creator.example/' } });
    expect(js.headers.get('cache-control')).toBe('public, max-age=300');
  });
});
