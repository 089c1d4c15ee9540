import type { BrowserContext, Frame, Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { audit } from './axe';
import { expect, launch, openSidebar, test } from './fixtures';

/**
 * "Search notes and messages": a member of a hosted group finds, in the Notes tab, a message
 * another member posted, beside their own note; narrows to the group; opens the message's
 * group on its thread. Two Chromium profiles with the extension, one real hub on loopback.
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

let dataDir: string;
let hub: RunningHub | null = null;
const profiles: string[] = [];
const contexts: BrowserContext[] = [];

test.beforeEach(() => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'nook-e2e-search-'));
});
test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await hub?.close();
  hub = null;
  rmSync(dataDir, { recursive: true, force: true });
  for (const p of profiles.splice(0)) rmSync(p, { recursive: true, force: true });
});

async function member(): Promise<{ frame: Frame; page: Page }> {
  const profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  profiles.push(profile);
  const context = await launch(profile);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(THREAD);
  return { page, frame: await openSidebar(page) };
}

async function say(frame: Frame, text: string): Promise<void> {
  await frame.getByRole('textbox', { name: 'Write a message' }).fill(text);
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(frame.getByRole('article').filter({ hasText: text })).not.toContainText('Sending…');
}

test('a member finds a message another member posted, narrows the search to its group, and opens it on its thread', async () => {
  hub = await startHub({ port: 0, dataDir, log: () => undefined });
  const ada = await member();
  await ada.frame.getByRole('button', { name: 'New group' }).click();
  await ada.frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
  await ada.frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub.url);
  await ada.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await ada.frame.getByRole('button', { name: 'Create group' }).click();
  await expect(ada.frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await say(ada.frame, 'Levain schedule: feed at eight, bake at four');
  // A thread for this page, where the other member's sidebar opens the group by default.
  await ada.frame.getByRole('button', { name: 'This page' }).click();
  await say(ada.frame, 'Crumb shots for this thread');
  await ada.frame.getByRole('tab', { name: 'Members' }).click();
  await ada.frame.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = await ada.frame.getByRole('textbox', { name: 'Invite link' }).inputValue();

  const bo = await member();
  await bo.frame.getByRole('button', { name: 'Join a group' }).click();
  await bo.frame.getByRole('textbox', { name: 'Invite link or code', exact: true }).fill(link);
  await bo.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Bo');
  await bo.frame.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(bo.frame.getByRole('article').filter({ hasText: 'Crumb shots for this thread' })).toBeVisible();

  // Bo's own note for this page holds the word too.
  await bo.frame.getByRole('tab', { name: 'Notes' }).click();
  await bo.frame.getByRole('textbox', { name: 'Note for this page' }).fill('My levain is sluggish in the cold');
  await expect(bo.frame.getByText('Saved', { exact: true })).toBeVisible();

  await bo.frame.getByRole('searchbox', { name: 'Search notes and messages', exact: true }).fill('levain');
  const results = bo.frame.getByRole('list', { name: 'Search results' });
  const message = results.getByRole('listitem', { name: 'Bakers: message from Ada' });
  await expect(message).toContainText('Levain schedule: feed at eight');
  await expect(message).toContainText('General discussion');
  await expect(results.getByRole('listitem', { name: /^Note: / })).toContainText('My levain is sluggish');
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await audit(bo.page, 'search notes and messages');

  // A group filter leaves the notes out; an author who wrote no such message finds nothing.
  await bo.frame.getByRole('combobox', { name: 'Group', exact: true }).selectOption({ label: 'Bakers' });
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('listitem', { name: 'Bakers: message from Ada' })).toBeVisible();
  await bo.frame.getByRole('combobox', { name: 'Author', exact: true }).selectOption({ label: 'Bo' });
  await expect(bo.frame.getByText('Nothing matches “levain”.')).toBeVisible();
  await bo.frame.getByRole('combobox', { name: 'Author', exact: true }).selectOption({ label: 'Ada' });

  // Open: the group, on the message's thread (not the page's, where it opened before).
  await results.getByRole('button', { name: 'Open in Bakers, General discussion' }).click();
  await expect(bo.frame.getByRole('heading', { name: 'Bakers' })).toBeVisible();
  const threads = bo.frame.getByRole('navigation', { name: 'Threads' });
  await expect(threads.getByRole('button', { name: 'General discussion' })).toHaveAttribute('aria-current', 'true');
  await expect(bo.frame.getByRole('article').filter({ hasText: 'Levain schedule: feed at eight' })).toBeVisible();
  await expect(bo.frame.getByRole('article').filter({ hasText: 'Crumb shots for this thread' })).toHaveCount(0);
});
