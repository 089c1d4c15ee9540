import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, launcher, openSidebar, test } from './fixtures';

const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

test('the sidebar keeps working after the browser stops the background', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  await frame.getByRole('textbox', { name: 'Note for this page' }).fill('before the stop');
  await expect(frame.getByText('Saved', { exact: true })).toBeVisible();

  // Stop the service worker the way the browser does when it is idle.
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.waitForTimeout(300);

  await frame.getByRole('textbox', { name: 'Note for this page' }).fill('after the stop');
  await expect(frame.getByText('Saved', { exact: true })).toBeVisible();
  // The live list re-subscribed: the note's new text shows in "All notes".
  await expect(frame.getByText('after the stop', { exact: true }).last()).toBeVisible();
  await page.reload();
  const again = await openSidebar(page);
  await again.getByRole('tab', { name: 'Notes' }).click();
  await expect(again.getByRole('textbox', { name: 'Note for this page' })).toHaveValue('after the stop');
});

test('options: name, sites, export and import (twice changes nothing), storage used', async ({ context, extensionId }) => {
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  await frame.getByRole('textbox', { name: 'Note for this page' }).fill('exported note');
  await expect(frame.getByText('Saved', { exact: true })).toBeVisible();

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { name: 'Nook settings' })).toBeVisible();
  await options.getByRole('textbox', { name: 'Display name' }).fill('Ada');
  await options.getByRole('textbox', { name: 'Display name' }).press('Tab');
  await expect(options.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(options.getByText('1 note and 0 groups on this device', { exact: false })).toBeVisible();

  const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export notes (JSON)' }).click()]);
  const dir = mkdtempSync(join(tmpdir(), 'nook-export-'));
  const file = join(dir, 'notes.json');
  await download.saveAs(file);
  const [md] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export notes (Markdown)' }).click()]);
  expect(md.suggestedFilename()).toBe('nook-notes.md');

  await options.getByLabel('Import notes (JSON)').setInputFiles(file);
  await expect(options.getByText('Imported: 0 new, 0 updated, 1 unchanged.')).toBeVisible();
  await options.getByLabel('Import notes (JSON)').setInputFiles(file);
  await expect(options.getByText('Imported: 0 new, 0 updated, 1 unchanged.')).toBeVisible();

  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ format: 'nook-notes', version: 1, exportedAt: 0, notes: [{ id: 'x', url: 'not a url' }] }));
  await options.getByLabel('Import notes (JSON)').setInputFiles(bad);
  await expect(options.getByRole('alert')).toContainText('Note 1');
  await expect(options.getByRole('alert')).toContainText('Nothing was imported');

  // Turning a site off removes the launcher there.
  await options.getByRole('switch', { name: 'Reddit' }).uncheck();
  await page.reload();
  await page.waitForTimeout(500);
  await expect(launcher(page)).toHaveCount(0);
});

test('popup: groups and recent notes at a glance', async ({ context, extensionId }) => {
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);
  await frame.getByRole('button', { name: 'New group' }).click();
  await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Crumb club');
  await frame.getByRole('button', { name: 'Create group' }).click();
  await frame.getByRole('tab', { name: 'Notes' }).click();
  await frame.getByRole('textbox', { name: 'Note for this page' }).fill('popup note');
  await expect(frame.getByText('Saved', { exact: true })).toBeVisible();

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByRole('region', { name: 'Your groups' }).getByText('Crumb club')).toBeVisible();
  await expect(popup.getByRole('link', { name: 'Why is my sourdough so dense after a 12 hour cold proof?' })).toBeVisible();
});

test('groups: member limit above 100 is refused clearly; delete can be undone', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.reddit.com/r/Breadit/');
  const frame = await openSidebar(page);
  await frame.getByRole('button', { name: 'New group' }).click();
  await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Big bakers');
  const limit = frame.getByRole('spinbutton', { name: 'Member limit', exact: true });
  await expect(limit).toHaveValue('30');
  await limit.fill('101');
  await expect(frame.getByText('Member limit must be a whole number from 2 to 100.')).toBeVisible();
  await expect(frame.getByRole('button', { name: 'Create group' })).toBeDisabled();
  await limit.fill('12');
  await frame.getByRole('button', { name: 'Create group' }).click();
  await expect(frame.getByRole('heading', { name: 'Big bakers' })).toBeVisible();
  await frame.getByRole('button', { name: 'Rename' }).click();
  await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bread circle');
  await frame.getByRole('button', { name: 'Save' }).click();
  await expect(frame.getByRole('heading', { name: 'Bread circle' })).toBeVisible();
  await frame.getByRole('button', { name: 'Delete group' }).click();
  await expect(frame.getByText('Deleted “Bread circle”')).toBeVisible();
  await expect(frame.getByText('No groups yet.', { exact: false })).toBeVisible();
  await frame.getByRole('button', { name: 'Undo' }).click();
  await expect(frame.getByRole('heading', { name: 'Groups for r/Breadit' })).toBeVisible();
  await expect(frame.getByRole('button', { name: 'Bread circle' })).toBeVisible();
});
