import type { BrowserContext, Frame, Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { Api } from '../../hub/testing/api';
import { audit } from './axe';
import { expect, extensionIdOf, launch, openSidebar, test } from './fixtures';

/**
 * Two members, two Chromium profiles with the extension, one real hub on loopback:
 * invite, join, live delivery, a hub restart while a member writes, and removal.
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

let dataDir: string;
let hub: RunningHub | null = null;
const profiles: string[] = [];
const contexts: BrowserContext[] = [];

test.beforeEach(() => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'nook-e2e-hub-'));
});
test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await hub?.close();
  hub = null;
  rmSync(dataDir, { recursive: true, force: true });
  for (const p of profiles.splice(0)) rmSync(p, { recursive: true, force: true });
});

async function member(): Promise<{ context: BrowserContext; frame: Frame; page: Page }> {
  const profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  profiles.push(profile);
  const context = await launch(profile);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(THREAD);
  return { context, page, frame: await openSidebar(page) };
}

async function createGroup(frame: Frame, hubUrl: string): Promise<string> {
  await frame.getByRole('button', { name: 'New group' }).click();
  await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
  await frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hubUrl);
  await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await frame.getByRole('button', { name: 'Create group' }).click();
  await expect(frame.getByRole('heading', { name: 'Bakers' })).toBeVisible();
  await expect(frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await frame.getByRole('tab', { name: 'Members' }).click();
  await frame.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = frame.getByRole('textbox', { name: 'Invite link' });
  await expect(link).toHaveValue(/\/join\//);
  // A hosted group offers the widget's snippet too.
  await expect(frame.getByRole('textbox', { name: 'Embed snippet' })).toHaveValue(/widget\.js" data-group="/);
  const value = await link.inputValue();
  await frame.getByRole('tab', { name: 'Discussion' }).click();
  return value;
}

async function join(frame: Frame, link: string, name: string): Promise<void> {
  await frame.getByRole('button', { name: 'Join a group' }).click();
  await frame.getByRole('textbox', { name: 'Invite link or code', exact: true }).fill(link);
  await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill(name);
  await frame.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(frame.getByRole('heading', { name: 'Bakers' })).toBeVisible();
}

async function say(frame: Frame, text: string): Promise<void> {
  await frame.getByRole('textbox', { name: 'Write a message' }).fill(text);
  await frame.getByRole('button', { name: 'Send' }).click();
}

test('invite, join, and a message delivered live to the other member', async () => {
  hub = await startHub({ port: 0, dataDir, log: () => undefined });
  const ada = await member();
  const link = await createGroup(ada.frame, hub.url);
  const bo = await member();
  await join(bo.frame, link, 'Bo');

  await say(ada.frame, 'Hello from **Ada**');
  const onBo = bo.frame.getByRole('article').filter({ hasText: 'Hello from Ada' });
  await expect(onBo).toBeVisible();
  await expect(onBo.locator('.md strong')).toHaveText('Ada');
  await say(bo.frame, 'Hi Ada!');
  await expect(ada.frame.getByRole('article').filter({ hasText: 'Hi Ada!' })).toBeVisible();
  await audit(ada.page, 'hosted group discussion');

  await bo.frame.getByRole('tab', { name: 'Members' }).click();
  await expect(bo.frame.getByRole('listitem').filter({ hasText: 'Ada' })).toContainText('Owner');
  await expect(bo.frame.getByRole('listitem').filter({ hasText: 'Bo' })).toContainText('Member');
  await ada.frame.getByRole('tab', { name: 'Members' }).click();
  await audit(ada.page, 'hosted group members and invite');

  // While Bo looks at notes, Ada's next message shows as unread on Bo's toolbar badge.
  await bo.frame.getByRole('tab', { name: 'Notes' }).click();
  await ada.frame.getByRole('tab', { name: 'Discussion' }).click();
  await say(ada.frame, 'Anyone baking Saturday?');
  type WithAction = { chrome: { action: { getBadgeText(details: object): Promise<string> } } };
  const badge = () => bo.context.serviceWorkers()[0]!.evaluate(() => (globalThis as unknown as WithAction).chrome.action.getBadgeText({}));
  await expect.poll(badge).toBe('1');
  await bo.frame.getByRole('tab', { name: 'Groups' }).click();
  await expect(bo.frame.getByRole('article').filter({ hasText: 'Anyone baking Saturday?' })).toBeVisible();
  await expect.poll(badge).toBe('');
});

test('a message written while the hub is down arrives exactly once on both sides', async () => {
  hub = await startHub({ port: 0, dataDir, log: () => undefined });
  const port = hub.port;
  const ada = await member();
  const link = await createGroup(ada.frame, hub.url);
  const bo = await member();
  await join(bo.frame, link, 'Bo');
  await expect(bo.frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();

  await hub.close();
  hub = null;
  await expect(ada.frame.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  await say(ada.frame, 'Written while the hub was down');
  const mine = ada.frame.getByRole('article').filter({ hasText: 'Written while the hub was down' });
  await expect(mine).toContainText('Sending…');
  await expect(ada.frame.getByRole('status').filter({ hasText: 'waiting to send' })).toBeVisible();

  hub = await startHub({ port, dataDir, log: () => undefined });
  await expect(mine).not.toContainText('Sending…', { timeout: 30_000 });
  const theirs = bo.frame.getByRole('article').filter({ hasText: 'Written while the hub was down' });
  await expect(theirs).toBeVisible({ timeout: 30_000 });
  await ada.frame.waitForTimeout(1000);
  await expect(mine).toHaveCount(1);
  await expect(theirs).toHaveCount(1);
});

test('a removed member loses the group at once', async () => {
  hub = await startHub({ port: 0, dataDir, log: () => undefined });
  const ada = await member();
  const link = await createGroup(ada.frame, hub.url);
  const bo = await member();
  await join(bo.frame, link, 'Bo');
  await say(ada.frame, 'Only for members');
  await expect(bo.frame.getByRole('article').filter({ hasText: 'Only for members' })).toBeVisible();

  await ada.frame.getByRole('tab', { name: 'Members' }).click();
  await ada.frame.getByRole('button', { name: 'Remove Bo' }).click();
  await ada.frame.getByRole('button', { name: 'Remove', exact: true }).click();

  await expect(bo.frame.getByRole('article').filter({ hasText: 'Only for members' })).toHaveCount(0);
  await expect(bo.frame.getByRole('heading', { name: 'Bakers' })).toHaveCount(0);
  await expect(bo.frame.getByText('No groups yet.', { exact: false })).toBeVisible();

  // The link Bo came in with stopped working (as someone new, he would be in again), and Ada
  // is told so, with a new link one click away; the revoked one is no longer offered.
  await expect(ada.frame.getByRole('status').filter({ hasText: 'Bo was removed from the group.' })).toContainText('no longer works');
  const code = link.slice(link.lastIndexOf('/') + 1);
  expect((await new Api(hub.url).post(`/join/${code}`, { name: 'Not Bo' })).body.error.code).toBe('invite_revoked');
  await expect(ada.frame.getByRole('textbox', { name: 'Invite link' })).toHaveCount(0);
  await ada.frame.getByRole('button', { name: 'New invite link' }).click();
  const fresh = ada.frame.getByRole('textbox', { name: 'Invite link' });
  await expect(fresh).toHaveCount(2);
  const next = await fresh.first().inputValue();
  expect(next).not.toBe(link);
  expect((await new Api(hub.url).post(`/join/${next.slice(next.lastIndexOf('/') + 1)}`, { name: 'Cy' })).status).toBe(200);
});

test('options: the member sees their devices on the hub, signs out another one, then all the others', async () => {
  hub = await startHub({ port: 0, dataDir, log: () => undefined });
  const api = new Api(hub.url);
  const ada = await member();
  await createGroup(ada.frame, hub.url);
  const options = await ada.context.newPage();
  await options.goto(`chrome-extension://${await extensionIdOf(ada.context)}/options.html`);
  // Two more devices of Ada's, each signed in with a code made here.
  const made = options.getByRole('textbox', { name: 'Link code', exact: true }).first();
  const another = async (before: string) => {
    await options.getByRole('button', { name: `Make a link code for ${new URL(hub!.url).host}` }).click();
    await expect(made).not.toHaveValue(before);
    const r = await api.post('/me/link', { code: await made.inputValue() });
    expect(r.status).toBe(200);
    return { token: r.body.token as string, code: await made.inputValue() };
  };
  const phone = await another('');
  const tablet = await another(phone.code);

  await options.reload();
  const devices = options.getByRole('list', { name: 'Devices' }).getByRole('listitem');
  await expect(devices).toHaveCount(3);
  await expect(devices.filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(devices.first()).toContainText('Nook extension');
  await audit(options, 'options with the device list');

  await devices.filter({ hasNotText: 'This device' }).first().getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(devices).toHaveCount(2);
  await expect(options.getByRole('status').filter({ hasText: 'Signed out.' })).toBeVisible();
  await options.getByRole('button', { name: 'Sign out all other devices' }).click();
  await expect(devices).toHaveCount(1);
  await expect(devices.first()).toContainText('This device');
  for (const d of [phone, tablet]) expect((await api.get('/me', d.token)).status).toBe(401);
  // This device is still signed in: the group still talks.
  await say(ada.frame, 'Still here');
  await expect(ada.frame.getByRole('article').filter({ hasText: 'Still here' })).not.toContainText('Sending…');
});

test('a plain http hub is refused at the field where it was typed or pasted, saying why', async () => {
  const ada = await member();
  const why = /starts with http:\/\//;
  await ada.frame.getByRole('button', { name: 'New group' }).click();
  await ada.frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
  const hubField = ada.frame.getByRole('textbox', { name: 'Hub', exact: true });
  await hubField.fill('http://hub.example');
  await ada.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await ada.frame.getByRole('button', { name: 'Create group' }).click();
  await expect(hubField).toHaveAccessibleDescription(why);
  await expect(hubField).toHaveAttribute('aria-invalid', 'true');
  await ada.frame.getByRole('button', { name: 'Cancel' }).click();

  await ada.frame.getByRole('button', { name: 'Join a group' }).click();
  const linkField = ada.frame.getByRole('textbox', { name: 'Invite link or code', exact: true });
  await linkField.fill('http://hub.example/join/ABCDEFGH23');
  await ada.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await ada.frame.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(linkField).toHaveAccessibleDescription(why);

  const options = await ada.context.newPage();
  await options.goto(`chrome-extension://${await extensionIdOf(ada.context)}/options.html`);
  const defaultHub = options.getByRole('textbox', { name: 'Default hub for new groups' });
  await defaultHub.fill('http://hub.example');
  await defaultHub.press('Tab');
  await expect(defaultHub).toHaveAccessibleDescription(why);
  const linkHub = options.getByRole('textbox', { name: 'Hub address', exact: true });
  await linkHub.fill('http://hub.example');
  await options.getByRole('textbox', { name: 'Link code', exact: true }).fill('ABCDE-FGHJK');
  await options.getByRole('button', { name: 'Link this device' }).click();
  await expect(linkHub).toHaveAccessibleDescription(why);
});
