import type { BrowserContext, Frame, Worker } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { Api } from '../../hub/testing/api';
import { audit } from './axe';
import { expect, extensionIdOf, launch, launcher, openSidebar, sidebarFrame, test } from './fixtures';

/**
 * A click on a notification takes the member to what it is about (entrypoints/background/open.ts):
 * three meeting reminders come, each rung by the background's own alarm 15 minutes before its
 * meeting. The click is Chromium's click event on the notification (chrome.notifications.onClicked,
 * dispatched in the background's service worker to the listener Nook registered, since a test
 * cannot click the operating system's notification). Bakers is shown on a Reddit thread, open in a
 * tab behind the options page: its first reminder brings that tab to the front and opens Nook there
 * (it was closed), on Bakers' Meetings at the meeting; its second, with the tab behind the options
 * again and the sidebar moved on, brings it back to the second meeting. Knitters is on no page: its
 * reminder opens Nook's own page on Knitters' Meetings at its meeting. A member's mention in a thread
 * they anchored to a page of a site Nook does not run on opens Nook's own page on that thread, not
 * that page. Each notification is gone once clicked. (A click whose page is in no tab opens it in a new one, which these tests cannot serve:
 * Playwright's routes miss the first load of a tab the extension makes, so that path is not run here.)
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

let dataDir: string;
let profile: string;
let hub: RunningHub | null = null;
let context: BrowserContext | undefined;

test.beforeEach(() => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'nook-e2e-clicks-'));
  profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
});
test.afterEach(async () => {
  await context?.close().catch(() => undefined);
  await hub?.close();
  hub = null;
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

/** The notifications the background shows now, by id. */
const shown = (worker: Worker) =>
  worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } };
    return Object.keys(await chrome.notifications.getAll()).sort();
  });

/** A click on the notification, as Chromium delivers one: its onClicked event, to the listeners registered on it. */
const click = (worker: Worker, id: string) =>
  worker.evaluate((notification) => {
    const { chrome } = globalThis as unknown as { chrome: { notifications: { onClicked: { dispatch(id: string): void } } } };
    chrome.notifications.onClicked.dispatch(notification);
  }, id);

/** What the background holds, read from its own database: the member's token, and each group's id by name. */
const held = (worker: Worker, hubUrl: string) =>
  worker.evaluate(async (url) => {
    const open = indexedDB.open('nook');
    const db: IDBDatabase = await new Promise((ok, no) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => no(open.error))));
    const all = <T,>(store: string) =>
      new Promise<T[]>((ok) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => ok(r.result as T[]);
      });
    const hubs = await all<{ url: string; token: string }>('hubs');
    const groups = await all<{ id: string; name: string }>('groups');
    return { token: hubs.find((h) => h.url === url)!.token, groups: Object.fromEntries(groups.map((g) => [g.name, g.id])) };
  }, hubUrl);

async function createGroup(frame: Frame, name: string, hubUrl: string): Promise<void> {
  await frame.getByRole('button', { name: 'New group' }).click();
  await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill(name);
  await frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hubUrl);
  await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await frame.getByRole('button', { name: 'Create group' }).click();
  await expect(frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
}

/** A meeting proposed and confirmed on the hub, starting `start`: its reminder is due 15 minutes before. */
async function confirmedMeeting(hubUrl: string, token: string, groupId: string, title: string, start: number): Promise<string> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const id = randomUUID();
  const proposed = await fetch(`${hubUrl}/groups/${groupId}/meetings`, { method: 'POST', headers, body: JSON.stringify({ id, title, times: [{ kind: 'timed', start, minutes: 60 }] }) });
  expect(proposed.status, await proposed.clone().text()).toBe(200);
  const confirmed = await fetch(`${hubUrl}/groups/${groupId}/meetings/${id}/confirm`, { method: 'POST', headers, body: JSON.stringify({ time: 0 }) });
  expect(confirmed.status, await confirmed.clone().text()).toBe(200);
  return id;
}

/** The reminder notification of that meeting, once the background's alarm has rung it. */
async function reminderOf(worker: Worker, groupId: string, meetingId: string): Promise<string> {
  const pattern = new RegExp(`^reminder:meeting:${groupId}:${meetingId}:`);
  await expect.poll(async () => (await shown(worker)).filter((id) => pattern.test(id)), { timeout: 45_000 }).toHaveLength(1);
  return (await shown(worker)).find((id) => pattern.test(id))!;
}

/** The sidebar shows the group on its Meetings, the meeting in view and focused. */
async function showsMeeting(frame: Frame, group: string, meeting: string): Promise<void> {
  await expect(frame.getByRole('heading', { name: group, exact: true })).toBeVisible();
  await expect(frame.getByRole('tab', { name: 'Meetings' })).toHaveAttribute('aria-selected', 'true');
  const card = frame.getByRole('article', { name: meeting });
  await expect(card).toBeVisible();
  await expect(card).toBeFocused();
  await expect(card).toBeInViewport();
}

const activeTabUrl = (worker: Worker) =>
  worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ url?: string }[]> } } };
    return (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.url;
  });

test('a reminder’s click opens the page its group is about (or Nook’s own page) with the sidebar on the meeting, and the notification goes', async () => {
  test.setTimeout(150_000);
  hub = await startHub({ port: 0, dataDir, log: () => undefined, rateLimit: false });
  context = await launch(profile);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const first = await context.newPage();
  await first.goto(THREAD);
  const f = await openSidebar(first);

  await createGroup(f, 'Bakers', hub.url);
  // Bakers is shown on this thread: the page it is about.
  await f.getByText('Where this group appears').click();
  await f.getByRole('button', { name: 'Show on this page' }).click();
  // Its community (where it was made) and now the thread.
  await expect(f.getByRole('button', { name: /^Stop showing on/ })).toHaveCount(2);
  await f.getByRole('button', { name: '← All groups' }).click();
  // Knitters is on no page.
  await createGroup(f, 'Knitters', hub.url);
  await f.getByRole('button', { name: '← All groups' }).click();

  const { token, groups } = await held(worker, hub.url);
  // Each reminder is due 15 minutes before its meeting: these ring a few seconds from now, one after the other.
  const soon = Date.now() + 15 * 60_000;
  const proof = await confirmedMeeting(hub.url, token, groups.Bakers!, 'Proof-along', soon + 12_000);
  const bake = await confirmedMeeting(hub.url, token, groups.Bakers!, 'Bake-off', soon + 20_000);
  const knit = await confirmedMeeting(hub.url, token, groups.Knitters!, 'Knit-in', soon + 28_000);

  // The member closes Nook on the thread and loads it again (no sidebar in it now), then goes to the options, in front.
  await f.getByRole('button', { name: 'Close Nook' }).click();
  await expect(launcher(first)).toHaveAttribute('aria-expanded', 'false');
  await first.reload();
  await expect(launcher(first)).toHaveAttribute('aria-expanded', 'false');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${await extensionIdOf(context)}/options.html`);
  await expect.poll(() => activeTabUrl(worker)).toContain('/options.html');
  const pages = context.pages().length;

  // 1. The thread's tab comes to the front, Nook opens in it on Bakers' Meetings at the Proof-along.
  const proofNotice = await reminderOf(worker, groups.Bakers!, proof);
  await click(worker, proofNotice);
  await expect.poll(() => activeTabUrl(worker)).toBe(THREAD);
  await expect(launcher(first)).toHaveAttribute('aria-expanded', 'true');
  const sidebar = await sidebarFrame(first);
  await showsMeeting(sidebar, 'Bakers', 'Proof-along');
  await expect.poll(() => shown(worker)).not.toContain(proofNotice);
  expect(context.pages()).toHaveLength(pages);
  await audit(first, 'the sidebar a reminder opened, on its meeting');

  // 2. With the thread's tab behind the options: that tab comes to the front, its sidebar on the Bake-off.
  await options.bringToFront();
  await sidebar.getByRole('tab', { name: 'Discussion' }).click();
  await expect.poll(() => activeTabUrl(worker)).toContain('/options.html');
  const bakeNotice = await reminderOf(worker, groups.Bakers!, bake);
  await click(worker, bakeNotice);
  await expect.poll(() => activeTabUrl(worker)).toBe(THREAD);
  await showsMeeting(sidebar, 'Bakers', 'Bake-off');
  expect(context.pages()).toHaveLength(pages);
  await expect.poll(() => shown(worker)).not.toContain(bakeNotice);

  // 3. Knitters is about no page: Nook's own page opens on its Meetings at the Knit-in.
  const knitNotice = await reminderOf(worker, groups.Knitters!, knit);
  const own = context.waitForEvent('page');
  await click(worker, knitNotice);
  const page = await own;
  await expect(page).toHaveURL(/\/sidebar\.html\?group=/);
  await showsMeeting(page.mainFrame(), 'Knitters', 'Knit-in');
  await expect.poll(() => shown(worker)).not.toContain(knitNotice);
  expect(await shown(worker)).toEqual([]);

  // 4. A member anchors a thread of Bakers to a page of a site Nook does not run on, and mentions Ada there:
  // the click opens Nook's own page on that thread, never the page.
  const api = new Api(hub.url);
  const mallory = await api.member(groups.Bakers!, token, 'Mallory');
  const EVIL = 'https://evil.example/login';
  const lure = await api.thread(groups.Bakers!, mallory.token, { title: 'Sign in here', anchor: { site: 'generic', community: 'evil.example', kind: 'page', id: null, title: 'Sign in', url: EVIL } });
  await api.message(groups.Bakers!, lure, mallory.token, 'Your bakery account, @Ada');
  const mention = new RegExp(`^nook:m:${groups.Bakers}:${lure}:`);
  await expect.poll(async () => (await shown(worker)).filter((id) => mention.test(id))).toHaveLength(1);
  const lureOpened = context.waitForEvent('page');
  await click(worker, (await shown(worker)).find((id) => mention.test(id))!);
  const lurePage = await lureOpened;
  await expect(lurePage).toHaveURL(/\/sidebar\.html\?group=/);
  await expect(lurePage.getByRole('heading', { name: 'Bakers', exact: true })).toBeVisible();
  await expect(lurePage.getByRole('article').filter({ hasText: 'Your bakery account' })).toBeVisible();
  const urls = await worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ url?: string; pendingUrl?: string }[]> } } };
    return (await chrome.tabs.query({})).flatMap((t) => [t.url ?? '', t.pendingUrl ?? '']);
  });
  expect(urls.filter((u) => u.includes('evil.example'))).toEqual([]);
  expect(await shown(worker)).toEqual([]);
});
