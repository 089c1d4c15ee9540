import { test as base, chromium, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { isNookPart, nookPart, type NookPart } from './nook-parts';
import { TOOLBAR_ARGS } from './toolbar';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');
const FIXTURES = resolve('tests/fixtures');

/**
 * Launches Chromium with the built extension on a profile directory (kept for restarts).
 * `toolbar`: a browser whose toolbar button tests can click (toolbar.ts).
 */
export async function launch(userDataDir: string, opts: { locale?: string; toolbar?: boolean } = {}): Promise<BrowserContext> {
  const args = [...CHROMIUM_ARGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`];
  if (opts.toolbar) args.push(...TOOLBAR_ARGS);
  const context = await chromium.launchPersistentContext(userDataDir, {
    headless: true,
    executablePath: CHROMIUM_PATH,
    locale: opts.locale,
    args,
  });
  await serveFixtures(context);
  return context;
}

/** Pages served at their real addresses; every other request to the outside is refused. */
export const PAGES: Record<string, string> = {
  'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/': 'reddit-new-thread.html',
  'https://www.reddit.com/r/Sourdough/comments/1r2mb0d/starter_doubles_in_4_hours_but_bread_still_flat/': 'reddit-new-thread.html',
  'https://www.reddit.com/r/Breadit/': 'reddit-new-subreddit.html',
  'https://old.reddit.com/r/learnguitar/comments/1r2q7hh/barre_chords_still_buzz_after_three_months_is_it/': 'reddit-old-thread.html',
  'https://old.reddit.com/r/learnguitar/': 'reddit-old-subreddit.html',
  'https://www.patreon.com/posts/laminating-by-hand-part-2-121774309': 'patreon-post.html',
  'https://www.patreon.com/c/tomasbakes': 'patreon-creator.html',
  'https://lunastudio.mykajabi.com/products/watercolor-foundations/categories/2157420188/posts/2171936645': 'kajabi-lesson.html',
  'https://datadojo.teachable.com/courses/enrolled/2318841/lectures/53117420': 'teachable-lecture.html',
  'https://stridecoach.thinkific.com/courses/take/marathon-base-building/lessons/31877125-easy-runs-and-heart-rate': 'thinkific-lesson.html',
  'https://www.udemy.com/course/spanish-for-travelers/learn/lecture/41822310': 'udemy-lecture.html',
  'https://lenslight.podia.com/view/courses/portrait-photography-101/2214097-natural-light/7134420-window-light-for-portraits': 'podia-lesson.html',
  'https://www.skool.com/indie-game-devs/classroom/8f1c2e7a': 'skool-classroom.html',
};

/** Extra pages a test serves itself (hostile CSS, unsupported sites): URL -> HTML. */
export const extraPages = new Map<string, string>();

async function serveFixtures(context: BrowserContext): Promise<void> {
  await context.route(/^https?:\/\//, async (route) => {
    const url = new URL(route.request().url());
    const key = `${url.origin}${url.pathname}`;
    const extra = extraPages.get(key);
    const file = PAGES[key];
    if (extra !== undefined) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: extra });
    if (file) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: readFileSync(join(FIXTURES, file), 'utf8') });
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    return route.abort('blockedbyclient');
  });
}

export async function extensionIdOf(context: BrowserContext): Promise<string> {
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker');
  return new URL(worker.url()).host;
}

/** The sidebar iframe, found by its chrome-extension:// URL. */
export async function sidebarFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((fr) => fr.url().startsWith('chrome-extension://') && fr.url().includes('/sidebar.html'));
    if (f) {
      await f.waitForLoadState('domcontentloaded');
      return f;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('sidebar frame not found');
}

/** The launcher (button "Nook") and the sidebar frame ("Nook sidebar"), in Nook's closed shadow root (nook-parts.ts). */
export const launcher = (page: Page): NookPart => nookPart(page, 'BUTTON', 'aria-label', 'Nook');
export const sidebarElement = (page: Page, title = 'Nook sidebar'): NookPart => nookPart(page, 'IFRAME', 'title', title);

/** Opens the sidebar (or finds it open: open or closed is remembered per site). */
export async function openSidebar(page: Page): Promise<Frame> {
  const button = launcher(page);
  await button.waitFor();
  // The remembered state is applied just after the launcher appears.
  await page.waitForTimeout(50);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return sidebarFrame(page);
}

type Fixtures = { profile: string; context: BrowserContext; extensionId: string };

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  profile: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'nook-profile-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ profile }, use) => {
    const context = await launch(profile);
    await use(context);
    await context.close();
  },
  extensionId: async ({ context }, use) => {
    await use(await extensionIdOf(context));
  },
});

const baseExpect = test.expect;

/**
 * The matchers the tests use on the launcher and the sidebar frame, for Nook's parts (which
 * locators cannot reach); anything else goes to Playwright's own matcher of that name.
 */
function partMatcher<A extends unknown[]>(name: 'toBeVisible' | 'toBeHidden' | 'toHaveAttribute' | 'toHaveCount', check: (p: NookPart, ...args: A) => Promise<boolean>) {
  return async function (this: { isNot: boolean; timeout?: number }, received: unknown, ...args: A) {
    if (!isNookPart(received)) {
      const target = baseExpect(received as Page) as unknown as Record<string, (...a: unknown[]) => Promise<void>>;
      const matcher = this.isNot ? (target as unknown as { not: typeof target }).not[name]! : target[name]!;
      try {
        await matcher(...args);
        return { pass: !this.isNot, message: () => '', name };
      } catch (e) {
        return { pass: this.isNot, message: () => (e as Error).message, name };
      }
    }
    const options = args.find((a): a is { timeout?: number } => typeof a === 'object' && a !== null && 'timeout' in a);
    const until = Date.now() + (options?.timeout ?? this.timeout ?? 10_000);
    let pass = await check(received, ...args);
    while (pass === this.isNot && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      pass = await check(received, ...args);
    }
    return { pass, name, message: () => `${received.nookPart}: expected ${this.isNot ? 'not ' : ''}${name}(${args.map((a) => JSON.stringify(a)).join(', ')})` };
  };
}

export const expect = baseExpect.extend({
  toBeVisible: partMatcher('toBeVisible', (p) => p.isVisible()),
  toBeHidden: partMatcher('toBeHidden', async (p) => !(await p.isVisible())),
  toHaveAttribute: partMatcher('toHaveAttribute', async (p, name: string, value?: string) => {
    const v = await p.getAttribute(name).catch(() => null);
    return value === undefined ? v !== null : v === value;
  }),
  toHaveCount: partMatcher('toHaveCount', async (p, n: number) => (await p.count()) === n),
});
