import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { audit } from './axe';
import { expect, extensionIdOf, launch, openSidebar, test } from './fixtures';

/**
 * Notifications and "Since you were away" (issue #17 part 2), two Chromium profiles with the
 * extension and one real hub on loopback: Bo is mentioned and replied to by Ada, the owner is
 * told of a join request; nothing while the member's sidebar shows the group, nothing for a
 * kind switched off in the options; a group opened after an absence opens on its summary.
 * The notifications are read where the background made them: chrome.notifications in its
 * service worker.
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

let dataDir: string;
let hub: RunningHub | null = null;
const profiles: string[] = [];
const contexts: BrowserContext[] = [];

test.beforeEach(() => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'nook-e2e-notify-'));
});
test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await hub?.close();
  hub = null;
  rmSync(dataDir, { recursive: true, force: true });
  for (const p of profiles.splice(0)) rmSync(p, { recursive: true, force: true });
});

interface Member {
  context: BrowserContext;
  page: Page;
  frame: Frame;
  worker: Worker;
}

async function member(): Promise<Member> {
  const profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  profiles.push(profile);
  const context = await launch(profile);
  contexts.push(context);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const page = await context.newPage();
  await page.goto(THREAD);
  return { context, page, worker, frame: await openSidebar(page) };
}

/** The ids of the notifications the background shows now (notify-rules.ts: nook:m: a message, nook:r: a request). */
const shown = (m: Member) =>
  m.worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } };
    return Object.keys(await chrome.notifications.getAll()).sort();
  });

/** The member's membership rows, read and changed in the background's own database. */
const memberships = (m: Member, lastSeenAt?: number) =>
  m.worker.evaluate(async (at) => {
    const open = indexedDB.open('nook');
    const db: IDBDatabase = await new Promise((ok, no) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => no(open.error))));
    const store = db.transaction('memberships', 'readwrite').objectStore('memberships');
    const rows = await new Promise<{ groupId: string; lastSeenAt?: number }[]>((ok) => {
      const r = store.getAll();
      r.onsuccess = () => ok(r.result as { groupId: string; lastSeenAt?: number }[]);
    });
    if (at !== undefined) for (const row of rows) store.put({ ...row, lastSeenAt: at });
    return rows;
  }, lastSeenAt);

/** The id of the message with this text, as the member's device holds it. */
const messageId = (m: Member, body: string) =>
  m.worker.evaluate(async (text) => {
    const open = indexedDB.open('nook');
    const db: IDBDatabase = await new Promise((ok, no) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => no(open.error))));
    const rows = await new Promise<{ id: string; body: string }[]>((ok) => {
      const r = db.transaction('messages').objectStore('messages').getAll();
      r.onsuccess = () => ok(r.result as { id: string; body: string }[]);
    });
    return rows.find((r) => r.body === text)!.id;
  }, body);

/** The notification of a message names it (notify-rules.ts noticeId). */
const about = async (m: Member, body: string) => new RegExp(`^nook:m:.*:${await messageId(m, body)}$`);

async function say(frame: Frame, text: string): Promise<void> {
  await frame.getByRole('textbox', { name: 'Write a message' }).fill(text);
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(frame.getByRole('article').filter({ hasText: text })).not.toContainText('Sending…');
}

test('mentions, replies and join requests notify the member, except where they are looking or switched off; a group opens on "Since you were away" after an absence', async () => {
  test.setTimeout(150_000);
  hub = await startHub({ port: 0, dataDir, log: () => undefined, rateLimit: false });
  const ada = await member();
  await ada.frame.getByRole('button', { name: 'New group' }).click();
  await ada.frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
  await ada.frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub.url);
  await ada.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  // Listed: the group takes join requests.
  await ada.frame.getByRole('radio', { name: 'Listed on this page' }).check();
  await ada.frame.getByRole('button', { name: 'Create group' }).click();
  await expect(ada.frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await ada.frame.getByRole('button', { name: 'This page' }).click();
  await say(ada.frame, 'Crumb shots for this thread');
  await ada.frame.getByRole('tab', { name: 'Members' }).click();
  await ada.frame.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = await ada.frame.getByRole('textbox', { name: 'Invite link' }).inputValue();
  await ada.frame.getByRole('tab', { name: 'Discussion' }).click();

  const bo = await member();
  await bo.frame.getByRole('button', { name: 'Join a group' }).click();
  await bo.frame.getByRole('textbox', { name: 'Invite link or code', exact: true }).fill(link);
  await bo.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Bo');
  await bo.frame.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(bo.frame.getByRole('article').filter({ hasText: 'Crumb shots for this thread' })).toBeVisible();
  // The history a joiner catches up on is no news; a group opened for the first time has no summary.
  await expect(bo.frame.getByRole('region', { name: 'Since you were away' })).toHaveCount(0);
  await say(bo.frame, 'Mine is dense too');

  // Bo's sidebar shows the group: Ada's mention reaches the discussion, not a notification.
  await say(ada.frame, 'Try a longer bulk, @Bo');
  await expect(bo.frame.getByRole('article').filter({ hasText: 'Try a longer bulk' })).toBeVisible();
  // Bo goes back to the list: the next mention is a notification, the one before never was.
  await bo.frame.getByRole('button', { name: 'All groups' }).click();
  await say(ada.frame, 'And a warmer spot, @Bo');
  await expect.poll(() => shown(bo)).toHaveLength(1);
  expect(await shown(bo)).toEqual([expect.stringMatching(await about(bo, 'And a warmer spot, @Bo'))]);
  expect(await shown(ada)).toEqual([]);

  // Mentions switched off in the options: a mention says nothing, a reply in a thread where Bo wrote still does.
  const options = await bo.context.newPage();
  await options.goto(`chrome-extension://${await extensionIdOf(bo.context)}/options.html`);
  const mentions = options.getByRole('switch', { name: 'Mentions' });
  await expect(mentions).toBeChecked();
  await expect(options.getByRole('switch', { name: 'Replies to you' })).toBeChecked();
  await expect(options.getByRole('switch', { name: 'Join requests' })).toBeChecked();
  await mentions.uncheck();
  await expect(mentions).not.toBeChecked();
  await audit(options, 'options with the notification switches');
  await options.close();
  const before = await shown(bo);
  await say(ada.frame, 'Did it rise, @Bo?');
  await say(ada.frame, 'Mine rose overnight.');
  await expect.poll(async () => (await shown(bo)).length).toBe(2);
  expect((await shown(bo)).filter((id) => !before.includes(id))).toEqual([expect.stringMatching(await about(bo, 'Mine rose overnight.'))]);

  // Someone asks to join: the owner, who is not looking at the group, is told.
  await ada.frame.getByRole('button', { name: 'All groups' }).click();
  const groupId = (await memberships(ada))[0]!.groupId;
  const asked = await fetch(`${hub.url}/groups/${groupId}/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Cy', message: 'I bake on Sundays', session: 'token' }),
  });
  expect(asked.ok).toBe(true);
  await expect.poll(async () => (await shown(ada)).filter((id) => id.startsWith('nook:r:'))).toHaveLength(1);
  expect((await shown(bo)).filter((id) => !before.includes(id))).toHaveLength(1);

  // Bo was last here nine hours ago: the group opens on what happened since.
  await memberships(bo, Date.now() - 9 * 3_600_000);
  await bo.frame.getByRole('button', { name: /^Bakers/ }).click();
  const away = bo.frame.getByRole('region', { name: 'Since you were away' });
  await expect(away).toBeVisible();
  await expect(away).toContainText(/new messages in 1 thread/);
  await expect(away).toContainText('You were mentioned');
  await audit(bo.page, 'since you were away');
  await away.getByRole('button', { name: 'Got it' }).click();
  await expect(away).toHaveCount(0);
  // Opened again soon after: no summary.
  await bo.frame.getByRole('button', { name: 'All groups' }).click();
  await bo.frame.getByRole('button', { name: /^Bakers/ }).click();
  await expect(bo.frame.getByRole('article').filter({ hasText: 'Mine rose overnight.' })).toBeVisible();
  await expect(away).toHaveCount(0);
});
