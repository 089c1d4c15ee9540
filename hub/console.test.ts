import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useHubs } from './testing/hubs';

const hubs = useHubs();
const widgetDir = mkdtempSync(join(tmpdir(), 'nook-console-'));
const unbuilt = mkdtempSync(join(tmpdir(), 'nook-console-unbuilt-'));
mkdirSync(join(widgetDir, 'console'), { recursive: true });
const PAGE = '<!doctype html><html><head><title>Nook console</title></head><body><main id="app"></main><script type="module" src="/panel/assets/console.js"></script></body></html>';
writeFileSync(join(widgetDir, 'console', 'index.html'), PAGE);
afterAll(() => {
  rmSync(widgetDir, { recursive: true, force: true });
  rmSync(unbuilt, { recursive: true, force: true });
});

/** A CSP header's directives, by name. */
const directives = (csp: string | null) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...v]) => [name!, v]));

describe('<hub>/console: the creator console’s page', () => {
  it('is served with its own CSP: scripts from the hub only (none inline), never framed, never cached', async () => {
    const { url } = await hubs.start('sqlite', { widgetDir });
    const r = await fetch(`${url}/console`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await r.text()).toBe(PAGE);
    const csp = directives(r.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    // The page is the same for everyone, but what it leads to is a member's: no shared cache keeps it.
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('answers /console/ the same, and 404 for any other path under it', async () => {
    const { url } = await hubs.start('sqlite', { widgetDir });
    const slash = await fetch(`${url}/console/`);
    expect(slash.status).toBe(200);
    expect(await slash.text()).toBe(PAGE);
    for (const path of ['/console/index.html', '/console/nope', '/console/../panel/', '/console/%2e%2e/create', '/consoles']) {
      const r = await fetch(`${url}${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text(), path).not.toContain('Nook console');
    }
  });

  it('says so when the widget is not built on this hub', async () => {
    const { url } = await hubs.start('sqlite', { widgetDir: unbuilt });
    const r = await fetch(`${url}/console`);
    expect(r.status).toBe(404);
    expect((await r.json()) as unknown).toMatchObject({ error: { code: 'not_found' } });
  });
});
