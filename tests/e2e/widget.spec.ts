import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type FrameLocator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath, resolve } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { Api } from '../../hub/testing/api';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { audit } from './axe';
import { expect, launch, openSidebar, test } from './fixtures';

/**
 * The widget in real Chromium: a real hub on loopback serves widget.js and the panel, and
 * creators' pages are served at https://creator.test (another site than the hub, as a
 * creator's page is). Chromium lets an https page reach a loopback hub only with the
 * local-network-access permission, which a real (public) hub does not need.
 */
const CREATOR = 'https://creator.test';

let browser: Browser;
/** Chromium as Playwright starts it by default: storage partitioning off, so a third-party frame gets no storage at all. */
let denying: Browser;
let hub: RunningHub | null = null;
let api: Api;
let dataDir: string;
const contexts: BrowserContext[] = [];
const profiles: string[] = [];

const features = (args: string[]) => args.filter((a) => a.startsWith('--disable-features=')).flatMap((a) => a.slice('--disable-features='.length).split(','));
test.beforeAll(async () => {
  // The project's flags (tests/support/chromium.ts) leave storage partitioning on: a third-party frame gets storage of its own.
  browser = await chromium.launch({ headless: true, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  denying = await chromium.launch({
    headless: true,
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS.filter((a) => !a.startsWith('--disable-features=')), `--disable-features=${[...features(CHROMIUM_ARGS), 'ThirdPartyStoragePartitioning'].join(',')}`],
  });
});
test.afterAll(async () => {
  await browser.close();
  await denying.close();
});
test.beforeEach(async () => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'nook-e2e-widget-'));
  hub = await startHub({ port: 0, dataDir, log: () => undefined, widgetDir: resolve('dist/widget'), rateLimit: false });
  api = new Api(hub.url);
});
test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await hub?.close();
  hub = null;
  rmSync(dataDir, { recursive: true, force: true });
  for (const p of profiles.splice(0)) rmSync(p, { recursive: true, force: true });
});

/** A group made by its owner through the API (the extension's way), with its general thread and an invite. */
async function group(o: { name?: string; allowRequests?: boolean } = {}) {
  const g = await api.group({ name: o.name ?? 'Knitting circle', ownerName: 'Olive', allowRequests: o.allowRequests });
  const threadId = await api.thread(g.groupId, g.token);
  const invite = await api.invite(g.groupId, g.token);
  return { ...g, threadId, invite: invite.url };
}

const snippet = (groupId: string, attrs = '') => `<script id="nook" src="${hub!.url}/widget.js" data-group="${groupId}" ${attrs} async></script>`;

/** Records the widget's events on the script element, as a creator would. */
const EVENT_LOG = `<script>
  window.nookEvents = [];
  for (const type of ['nook:ready', 'nook:joined', 'nook:unread', 'nook:error'])
    document.querySelectorAll('script[data-group], script[src$="widget.js"]').forEach((s) => s.addEventListener(type, (e) => nookEvents.push({ type, detail: e.detail })));
</script>`;

const page = (body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson 3: heel flaps</title>${head}</head><body><main><h1>Lesson 3: heel flaps</h1><p>Knit the flap back and forth.</p>${body}</main></body></html>`;

interface Host {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions of the host page (the panel frame's included). */
  errors: string[];
}

/** Opens a creator's page (HTML, optional response headers) in a fresh browser profile. */
async function host(
  html: string,
  o: { headers?: Record<string, string>; options?: BrowserContextOptions; before?: (context: BrowserContext) => Promise<void>; storage?: 'denied' | 'partitioned' } = {},
): Promise<Host> {
  const context = await (o.storage === 'denied' ? denying : browser).newContext({ permissions: ['local-network-access'], ...o.options });
  contexts.push(context);
  await o.before?.(context);
  await context.route(`${CREATOR}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: o.headers, body: html }),
  );
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${CREATOR}/lessons/3`);
  return { page: p, context, errors };
}

const panel = (p: Page, n = 0): FrameLocator => p.frameLocator('iframe[title="Nook discussion"]').nth(n);

async function join(f: FrameLocator, link: string, name: string): Promise<void> {
  await f.getByRole('textbox', { name: 'Invite link or code', exact: true }).fill(link);
  await f.getByRole('textbox', { name: 'Your name', exact: true }).fill(name);
  await f.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(f.getByRole('textbox', { name: 'Write a message' })).toBeVisible();
}

async function say(f: FrameLocator, text: string): Promise<void> {
  await f.getByRole('textbox', { name: 'Write a message' }).fill(text);
  await f.getByRole('button', { name: 'Send' }).click();
  await expect(f.getByRole('article').filter({ hasText: text })).toBeVisible();
}

test('the snippet on a plain page: a visitor sees the group, joins with an invite, and talks live (no storage in the frame)', async () => {
  const g = await group();
  const { page: p, errors, context } = await host(page(snippet(g.groupId) + EVENT_LOG), { storage: 'denied' });
  const loaded: string[] = [];
  context.on('request', (r) => loaded.push(r.url()));
  const f = panel(p);
  await expect(p.locator('iframe[title="Nook discussion"]')).toBeVisible();
  await expect(f.getByRole('heading', { name: 'Knitting circle' })).toBeVisible();
  await expect(f.getByText('1 member of 30')).toBeVisible();
  await expect(f.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  await audit(p, 'visitor');

  await join(f, g.invite, 'Vi');
  await say(f, 'Hello from the widget');
  const owner = await api.message(g.groupId, g.threadId, g.token, 'Welcome, **Vi**!');
  expect(owner.id).toBeTruthy();
  await expect(f.getByRole('article').filter({ hasText: 'Welcome, Vi!' })).toBeVisible();
  await audit(p, 'member');

  // Events say what happened, never what was written or by whom.
  const events = await p.evaluate(() => (window as unknown as { nookEvents: { type: string; detail: unknown }[] }).nookEvents);
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['nook:ready', 'nook:joined']));
  for (const e of events) expect(JSON.stringify(e.detail)).not.toMatch(/Vi|Olive|Hello|Welcome|Knitting/);

  // The page's own storage holds nothing of Nook; the session is the hub's partitioned cookie.
  const storage = await p.evaluate(async () => ({
    cookie: document.cookie,
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    databases: (await indexedDB.databases()).map((d) => d.name),
  }));
  expect(storage).toEqual({ cookie: '', local: [], session: [], databases: [] });
  // This frame is refused storage: the panel keeps its copy in memory and never loads Dexie.
  expect(await f.locator('html').evaluate(() => indexedDB.databases().then(() => 'allowed', () => 'refused'))).toBe('refused');
  expect(loaded.filter((u) => u.includes('dexie'))).toEqual([]);

  // The iframe is sized to its content: no inner scroll bar, and it grew with the discussion.
  const frameBox = await p.locator('iframe[title="Nook discussion"]').boundingBox();
  expect(frameBox!.height).toBeGreaterThan(300);
  expect(await f.locator('html').evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);

  // Back later: still a member (the cookie), the discussion comes back from the hub.
  await p.reload();
  await expect(panel(p).getByRole('article').filter({ hasText: 'Hello from the widget' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('where the frame may keep storage (partitioned under the creator’s site), the panel caches in IndexedDB and the page still sees nothing', async () => {
  const g = await group();
  const { page: p, errors } = await host(page(snippet(g.groupId)), { storage: 'partitioned' });
  await join(panel(p), g.invite, 'Vi');
  await say(panel(p), 'Kept in the panel’s own storage');
  const cached = () =>
    panel(p)
      .locator('html')
      .evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('nook-widget');
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('rows')) return resolve(0);
              const count = db.transaction('rows').objectStore('rows').count();
              count.onsuccess = () => resolve(count.result);
            };
            open.onerror = () => resolve(-1);
          }),
      );
  await expect.poll(cached).toBeGreaterThan(3);
  await p.reload();
  await expect(panel(p).getByRole('article').filter({ hasText: 'Kept in the panel’s own storage' })).toBeVisible();
  const storage = await p.evaluate(async () => ({ cookie: document.cookie, local: localStorage.length, databases: (await indexedDB.databases()).map((d) => d.name) }));
  expect(storage).toEqual({ cookie: '', local: 0, databases: [] });
  expect(errors).toEqual([]);
});

test('a page with hostile CSS still shows a full-size, usable panel', async () => {
  const g = await group();
  const hostile = `<style>
    * { box-sizing: content-box !important; margin: 30px !important; padding: 10px !important; border: 3px solid red !important; font-size: 30px !important; line-height: 3 !important; }
    div { display: flex !important; width: 50px !important; overflow: hidden !important; }
    iframe { width: 10px !important; height: 10px !important; max-height: 10px !important; opacity: 0 !important; display: none !important;
      visibility: hidden !important; pointer-events: none !important; position: absolute !important; left: -9999px !important; }
  </style>`;
  const { page: p, errors } = await host(page(`<section>${snippet(g.groupId)}</section>`, hostile));
  const frame = p.locator('iframe[title="Nook discussion"]');
  await expect(panel(p).getByRole('heading', { name: 'Knitting circle' })).toBeVisible();
  await expect(frame).toBeVisible();
  const box = (await frame.boundingBox())!;
  expect(box.width).toBeGreaterThan(300);
  expect(box.height).toBeGreaterThan(200);
  expect(box.x).toBeGreaterThanOrEqual(0);
  await join(panel(p), g.invite, 'Vi');
  await say(panel(p), 'Styles did not get in the way');
  expect(errors).toEqual([]);
});

test('a page with a strict CSP (scripts and frames only from the hub) runs the widget', async () => {
  const g = await group();
  const csp = `default-src 'self'; script-src ${hub!.url}; frame-src ${hub!.url}`;
  const { page: p, errors } = await host(page(snippet(g.groupId)), { headers: { 'content-security-policy': csp } });
  await join(panel(p), g.invite, 'Vi');
  await say(panel(p), 'Allowed by the policy');
  expect(errors).toEqual([]);
});

test('two widgets on one page both work, and Nook.setTheme reaches both', async () => {
  const a = await group({ name: 'Knitting circle' });
  const b = await group({ name: 'Spinning club' });
  const { page: p, errors } = await host(page(`<section>${snippet(a.groupId)}</section><section>${snippet(b.groupId, 'data-theme="light"')}</section>`));
  await expect(panel(p, 0).getByRole('heading', { name: 'Knitting circle' })).toBeVisible();
  await expect(panel(p, 1).getByRole('heading', { name: 'Spinning club' })).toBeVisible();
  await join(panel(p, 0), a.invite, 'Vi');
  await join(panel(p, 1), b.invite, 'Vi');
  await say(panel(p, 0), 'In the first');
  await say(panel(p, 1), 'In the second');
  await expect(panel(p, 1).getByRole('article').filter({ hasText: 'In the first' })).toHaveCount(0);

  await expect(panel(p, 1).locator('html')).toHaveAttribute('data-theme', 'light');
  await p.evaluate(() => (window as unknown as { Nook: { setTheme(t: string): void } }).Nook.setTheme('dark'));
  await expect(panel(p, 0).locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(panel(p, 1).locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(errors).toEqual([]);
});

test('a phone-sized page: no sideways scrolling, controls big enough to tap', async () => {
  const g = await group();
  const { page: p, errors } = await host(page(snippet(g.groupId), '<meta name="viewport" content="width=device-width, initial-scale=1">'), {
    options: { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true },
  });
  const f = panel(p);
  await f.getByRole('textbox', { name: 'Invite link or code', exact: true }).tap();
  await f.getByRole('textbox', { name: 'Invite link or code', exact: true }).fill(g.invite);
  await f.getByRole('textbox', { name: 'Your name', exact: true }).fill('Vi');
  await f.getByRole('button', { name: 'Join', exact: true }).tap();
  await f.getByRole('textbox', { name: 'Write a message' }).fill('From my phone');
  await f.getByRole('button', { name: 'Send' }).tap();
  await expect(f.getByRole('article').filter({ hasText: 'From my phone' })).toBeVisible();

  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(await f.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const small = await f.locator('body').evaluate((body) =>
    [...body.querySelectorAll<HTMLElement>('button, input, textarea, [role="tab"]')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ what: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 40 || box.width < 40)
      .map(({ what, box }) => `${what} ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
  expect(errors).toEqual([]);
});

test('keyboard alone: join and write', async () => {
  const g = await group();
  const { page: p } = await host(page(snippet(g.groupId)));
  const f = panel(p);
  await expect(f.getByRole('textbox', { name: 'Invite link or code', exact: true })).toBeVisible();
  const focusedIn = (name: string) => f.getByRole('textbox', { name }).evaluate((el) => el === document.activeElement);
  for (let i = 0; i < 10 && !(await focusedIn('Invite link or code')); i++) await p.keyboard.press('Tab');
  await p.keyboard.type(g.invite);
  await p.keyboard.press('Tab');
  await p.keyboard.type('Kay');
  await p.keyboard.press('Enter');
  await expect(f.getByRole('textbox', { name: 'Write a message' })).toBeVisible();
  for (let i = 0; i < 30 && !(await focusedIn('Write a message')); i++) await p.keyboard.press('Tab');
  await p.keyboard.type('Typed, not clicked');
  await p.keyboard.press('Enter');
  await expect(f.getByRole('article').filter({ hasText: 'Typed, not clicked' })).toBeVisible();
});

test('data-thread opens that thread; unread news and Nook.open reach the page as counts only', async () => {
  const g = await group();
  const { page: p, errors } = await host(page(snippet(g.groupId, 'data-thread="lesson-3"') + EVENT_LOG));
  const f = panel(p);
  await join(f, g.invite, 'Vi');
  await expect(f.getByRole('heading', { name: 'lesson-3' })).toBeVisible();
  await say(f, 'About lesson 3');

  // News in another thread is unread: the page hears a count, nothing else.
  await api.message(g.groupId, g.threadId, g.token, 'Meanwhile, in general');
  await expect.poll(() => p.evaluate(() => (window as unknown as { nookEvents: { type: string; detail: { count?: number } }[] }).nookEvents.filter((e) => e.type === 'nook:unread').at(-1)?.detail)).toEqual({ count: 1 });
  await p.evaluate((id) => (window as unknown as { Nook: { open(t: string): void } }).Nook.open(id), g.threadId);
  await expect(f.getByRole('article').filter({ hasText: 'Meanwhile, in general' })).toBeVisible();
  await expect.poll(() => p.evaluate(() => (window as unknown as { nookEvents: { type: string; detail: { count?: number } }[] }).nookEvents.filter((e) => e.type === 'nook:unread').at(-1)?.detail)).toEqual({ count: 0 });
  expect(errors).toEqual([]);
});

test('a group that asks to join: the visitor asks, waits, and is let in', async () => {
  const g = await group({ allowRequests: true });
  const { page: p, errors } = await host(page(snippet(g.groupId)));
  const f = panel(p);
  await f.getByRole('button', { name: 'Ask the moderators' }).click();
  await f.getByRole('textbox', { name: 'Your name', exact: true }).fill('Asker');
  await f.getByRole('button', { name: 'Ask to join' }).click();
  await expect(f.getByText('Your request is waiting for a moderator')).toBeVisible();
  const requests = await api.get(`/groups/${g.groupId}/requests`, g.token);
  const request = requests.body.requests.find((r: { name: string }) => r.name === 'Asker');
  await api.post(`/groups/${g.groupId}/requests/${request.id}`, { decision: 'approve' }, g.token);
  await p.reload();
  await expect(panel(p).getByRole('textbox', { name: 'Write a message' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a member signs out on this device: the hub forgets the session, the cookie goes, and the panel shows the way in', async () => {
  const g = await group();
  const { page: p, context, errors } = await host(page(snippet(g.groupId)));
  const f = panel(p);
  await join(f, g.invite, 'Vi');
  await f.getByText('Your devices').click();
  const devices = f.getByRole('list', { name: 'Devices' }).getByRole('listitem');
  await expect(devices).toHaveCount(1);
  await expect(devices.first()).toContainText('Widget on creator.test');
  await expect(devices.first()).toContainText('This device');
  await audit(p, 'member with the device list');

  await f.getByRole('button', { name: 'Sign out on this device' }).click();
  await expect(f.getByText('You are signed out on this device.')).toBeVisible();
  await expect(f.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  // The hub cleared the HttpOnly cookie (no script could have), and forgot its token.
  expect((await context.cookies(hub!.url)).filter((c) => c.name === 'nook_session')).toEqual([]);
  const db = new Database(joinPath(dataDir, 'hub.sqlite'), { readonly: true });
  const tokens = db.prepare("SELECT COUNT(*) AS n FROM tokens WHERE kind = 'widget'").get() as { n: number };
  db.close();
  expect(tokens.n).toBe(0);
  await p.reload();
  await expect(panel(p).getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a session cookie the hub no longer knows (restored from a backup) does not lock the visitor out', async () => {
  const g = await group();
  const { page: p, context, errors } = await host(page(snippet(g.groupId)));
  await join(panel(p), g.invite, 'Vi');
  // The hub goes back to a copy from before Vi joined: the browser still holds the cookie.
  const db = new Database(joinPath(dataDir, 'hub.sqlite'));
  db.prepare("DELETE FROM tokens WHERE kind = 'widget'").run();
  db.close();
  await p.reload();
  const f = panel(p);
  await expect(f.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  expect((await context.cookies(hub!.url)).filter((c) => c.name === 'nook_session')).toEqual([]);
  const again = await api.invite(g.groupId, g.token);
  await join(f, again.url, 'Vi again');
  await say(f, 'Back in');
  expect(errors).toEqual([]);
});

test('the widget and the extension in the same group talk live both ways', async () => {
  const profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  profiles.push(profile);
  const ext = await launch(profile);
  contexts.push(ext);
  const tab = await ext.newPage();
  await tab.goto('https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/');
  const side = await openSidebar(tab);
  await side.getByRole('button', { name: 'New group' }).click();
  await side.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
  await side.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub!.url);
  await side.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await side.getByRole('button', { name: 'Create group' }).click();
  await expect(side.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await side.getByRole('tab', { name: 'Members' }).click();
  await side.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(side.getByRole('textbox', { name: 'Invite link' })).toHaveValue(/\/join\//);
  const link = await side.getByRole('textbox', { name: 'Invite link' }).inputValue();
  const tag = await side.getByRole('textbox', { name: 'Embed snippet' }).inputValue();
  await side.getByRole('tab', { name: 'Discussion' }).click();
  expect(tag).toContain(`${hub!.url}/widget.js`);

  const { page: p, errors } = await host(page(tag));
  const f = panel(p);
  await expect(f.getByRole('heading', { name: 'Bakers' })).toBeVisible();
  await join(f, link, 'Vi');
  await side.getByRole('textbox', { name: 'Write a message' }).fill('From the extension');
  await side.getByRole('button', { name: 'Send' }).click();
  await expect(f.getByRole('article').filter({ hasText: 'From the extension' })).toBeVisible();
  await say(f, 'From the widget');
  await expect(side.getByRole('article').filter({ hasText: 'From the widget' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('/create: a creator without the extension makes a group, copies the snippet, and sees the preview', async () => {
  const context = await browser.newContext();
  contexts.push(context);
  const p = await context.newPage();
  await p.goto(`${hub!.url}/create`);
  await p.getByRole('textbox', { name: 'Group name', exact: true }).fill('Watercolour class');
  await p.getByRole('spinbutton', { name: 'Member limit', exact: true }).fill('25');
  await p.getByRole('textbox', { name: 'Your name', exact: true }).fill('Luna');
  await p.getByRole('button', { name: 'Create group' }).click();
  await expect(p.getByRole('heading', { name: 'Your group is ready' })).toBeVisible();
  const tag = await p.getByRole('textbox', { name: 'Embed snippet' }).inputValue();
  expect(tag).toMatch(/^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-group="[0-9a-f-]{36}" async><\/script>$/);
  const link = await p.getByRole('textbox', { name: 'Invite link' }).inputValue();
  expect(link).toContain('/join/');

  // The preview is the widget itself; here its owner is looking.
  const preview = p.frameLocator('iframe[title="Nook discussion"]');
  await expect(preview.getByRole('heading', { name: 'Watercolour class' })).toBeVisible();
  await say(preview, 'Welcome, everyone');
  await audit(p, 'create page with preview');
  // Here the panel is not a third-party frame: storage is allowed, and it keeps its IndexedDB cache.
  const previewFrame = p.frames().find((fr) => fr.url().includes('/panel/'))!;
  await expect.poll(() => previewFrame.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('nook-widget');

  // A visitor on the creator's own page joins with the invite and sees the owner's message.
  const { page: site, errors } = await host(page(tag));
  await join(panel(site), link, 'Vi');
  await expect(panel(site).getByRole('article').filter({ hasText: 'Welcome, everyone' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('/create on a hub that creates groups only with the operator token', async () => {
  await hub!.close();
  hub = await startHub({ port: 0, dataDir, log: () => undefined, widgetDir: resolve('dist/widget'), create: { mode: 'token', token: 'operator-secret' } });
  const context = await browser.newContext();
  contexts.push(context);
  const p = await context.newPage();
  await p.goto(`${hub.url}/create`);
  await p.getByRole('textbox', { name: 'Group name', exact: true }).fill('Token group');
  await p.getByRole('textbox', { name: 'Your name', exact: true }).fill('Op');
  await p.getByLabel('Creation token', { exact: true }).fill('wrong');
  await p.getByRole('button', { name: 'Create group' }).click();
  await expect(p.getByRole('alert').filter({ hasText: 'This hub does not let you create groups.' })).toBeVisible();
  await p.getByLabel('Creation token', { exact: true }).fill('operator-secret');
  await p.getByRole('button', { name: 'Create group' }).click();
  await expect(p.getByRole('heading', { name: 'Your group is ready' })).toBeVisible();
});

test.describe('bad input shows a clear line and nothing in the page console', () => {
  const events = (p: Page) =>
    p.evaluate(() => (window as unknown as { nookEvents: { type: string; detail: unknown }[] }).nookEvents.filter((e) => e.type === 'nook:error').map((e) => e.detail));

  const expectLine = async (html: string, text: string | RegExp, code: string, o: { inPage?: boolean; before?: (c: BrowserContext) => Promise<void> } = {}) => {
    const { page: p, errors } = await host(page(html + EVENT_LOG), { before: o.before });
    await expect((o.inPage ? p : panel(p)).getByText(text)).toBeVisible({ timeout: 15_000 });
    await expect.poll(() => events(p)).toEqual([{ code }]);
    expect(errors).toEqual([]);
  };

  test('no data-group', async () => {
    await expectLine(`<script src="${hub!.url}/widget.js" async></script>`, /its script tag has no group/, 'missing_group');
  });

  test('a data-group that is not a group id', async () => {
    await expectLine(snippet('knitting-circle'), /its group id is not valid/, 'bad_group');
  });

  test('a group id the hub does not know', async () => {
    await expectLine(snippet('6f1c2e7a-8b9d-4c3e-9f10-112233445566'), 'This group does not exist any more.', 'group_not_found');
  });

  test('a removed group', async () => {
    const g = await group();
    const port = hub!.port;
    await hub!.close();
    const db = new Database(joinPath(dataDir, 'hub.sqlite'));
    db.prepare('DELETE FROM reactions WHERE message_id IN (SELECT id FROM messages WHERE group_id = ?)').run(g.groupId);
    for (const table of ['messages', 'threads', 'events', 'join_requests', 'invites', 'memberships']) db.prepare(`DELETE FROM ${table} WHERE group_id = ?`).run(g.groupId);
    db.prepare('DELETE FROM groups WHERE id = ?').run(g.groupId);
    db.close();
    hub = await startHub({ port, dataDir, log: () => undefined, widgetDir: resolve('dist/widget') });
    await expectLine(snippet(g.groupId), 'This group does not exist any more.', 'group_not_found');
  });

  test('a hub that cannot be reached', async () => {
    const g = await group();
    const tag = snippet(g.groupId);
    const url = hub!.url;
    await hub!.close();
    hub = null;
    // The loader came from a cache or a CDN; the hub behind it is down.
    const loader = readFileSync('dist/widget/widget.js', 'utf8');
    await expectLine(tag, 'The discussion could not be loaded.', 'hub_unreachable', {
      inPage: true,
      before: async (c) => {
        await c.route(`${url}/widget.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: loader }));
      },
    });
  });
});
