import { chromium, type BrowserContext, type Page, type Route } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PAGES } from '../tests/e2e/fixtures';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium';
import type { Note } from '../types/local';
import { notesFile } from './notes-gen';

/** The page most benchmarks load: a saved Reddit thread, served at its real address. */
export const THREAD_URL =
  'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

const FIXTURES = resolve('tests/fixtures');

/** Extra responses a benchmark serves (a peer's CDN, a changed page): return undefined to fall through. */
export type Serve = (url: URL) => { body: string | Buffer; contentType: string } | undefined;

/**
 * Chromium as the e2e tests launch it (tests/e2e/fixtures.ts), with the extension at
 * `extensionDir` (or none), on `profile` or a fresh one under `tmp`. Saved pages are served at their
 * real addresses; every other outside request is refused.
 */
export async function launchBrowser(opts: { tmp: string; extensionDir?: string; serve?: Serve; profile?: string }): Promise<BrowserContext> {
  const profile = opts.profile ?? mkdtempSync(join(opts.tmp, 'profile-'));
  const args = [...CHROMIUM_ARGS];
  if (opts.extensionDir) args.push(`--disable-extensions-except=${opts.extensionDir}`, `--load-extension=${opts.extensionDir}`);
  const context = await chromium.launchPersistentContext(profile, { headless: true, executablePath: CHROMIUM_PATH, args });
  await context.route(/^https?:\/\//, (route: Route) => {
    const url = new URL(route.request().url());
    const extra = opts.serve?.(url);
    if (extra) return route.fulfill({ status: 200, contentType: extra.contentType, body: extra.body });
    const file = PAGES[`${url.origin}${url.pathname}`];
    if (file) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: savedPage(file) });
    return route.abort('blockedbyclient');
  });
  return context;
}

const pageCache = new Map<string, string>();
/** A saved page's HTML (tests/fixtures). */
export function savedPage(file: string): string {
  let html = pageCache.get(file);
  if (html === undefined) pageCache.set(file, (html = readFileSync(join(FIXTURES, file), 'utf8')));
  return html;
}

export const THREAD_FILE = PAGES[THREAD_URL]!;

export async function extensionId(context: BrowserContext): Promise<string> {
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
  return new URL(worker.url()).host;
}

/** An extension page that can make view calls (the options page). */
export async function extensionPage(context: BrowserContext, id: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  await page.waitForLoadState('load');
  return page;
}

/**
 * An extension page once the background answers. A profile whose service worker registration
 * was dropped (bench/search.ts) registers it anew after start-up, and the browser may close
 * the extension's pages meanwhile: open a page until one gets an answer, within `ms`.
 */
export async function readyExtensionPage(context: BrowserContext, id: string, ms = 30_000): Promise<Page> {
  const end = Date.now() + ms;
  let page: Page | null = null;
  for (;;) {
    try {
      if (!page || page.isClosed()) page = await extensionPage(context, id);
      // A message sent while the background is being replaced may never be answered.
      const answered = viewCall(page, 'settings.get', undefined).then(() => true);
      if (await Promise.race([answered, new Promise<false>((r) => setTimeout(() => r(false), 3000))])) return page;
      answered.catch(() => undefined);
      await page.close();
      page = null;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (Date.now() > end) throw new Error('the extension background did not answer');
  }
}

/** One view call from an extension page, through the real message layer (messaging/envelope.ts). */
export async function viewCall<T>(page: Page, call: string, req: unknown): Promise<T> {
  return page.evaluate(
    async ({ call, req }) => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
      const res = (await chrome.runtime.sendMessage({ nook: 'view', call, req })) as
        | { ok: true; value: unknown }
        | { ok: false; error: { code: string; message: string } };
      if (!res.ok) throw new Error(`${call}: ${res.error.code}: ${res.error.message}`);
      return res.value;
    },
    { call, req },
  ) as Promise<T>;
}

/** Stores notes through `notes.import`, `chunk` at a time; returns the seconds it took. */
export async function seedNotes(page: Page, notes: Note[], chunk: number, log: (m: string) => void): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < notes.length; i += chunk) {
    const part = notes.slice(i, i + chunk);
    const result = await viewCall<{ added: number }>(page, 'notes.import', { text: notesFile(part) });
    if (result.added !== part.length) throw new Error(`import added ${result.added} of ${part.length} notes`);
    log(`  seeded ${i + part.length} notes (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  }
  return (performance.now() - start) / 1000;
}
