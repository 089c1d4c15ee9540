import type { BrowserContext, Frame, Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { audit } from './axe';
import { expect, launch, openSidebar, test } from './fixtures';

/**
 * An owner exports a group's archive from one hub (JSON and Markdown, as downloads) and
 * imports the JSON on another hub, as a new group they own: the discussion comes along with
 * its authors as names. A file that is not an archive is refused with words, and makes nothing.
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

const hubs: RunningHub[] = [];
const dirs: string[] = [];
let context: BrowserContext | undefined;

test.afterEach(async () => {
  await context?.close().catch(() => undefined);
  for (const h of hubs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const d = mkdtempSync(joinPath(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

async function createGroup(frame: Frame, name: string, hub: string) {
  await frame.getByRole('button', { name: 'New group' }).click();
  await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill(name);
  await frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub);
  await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await frame.getByRole('button', { name: 'Create group' }).click();
  await expect(frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
}

async function exported(page: Page, frame: Frame, format: 'JSON' | 'Markdown') {
  await frame.getByRole('radio', { name: format, exact: true }).check();
  const download = page.waitForEvent('download');
  await frame.getByRole('button', { name: 'Export archive' }).click();
  const file = await download;
  const path = joinPath(tempDir('nook-archive-'), file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

test('an owner exports a group from one hub and imports it as a new group on another', async () => {
  test.setTimeout(90_000);
  const [a, b] = [await startHub({ port: 0, dataDir: tempDir('nook-e2e-hub-'), log: () => undefined }), await startHub({ port: 0, dataDir: tempDir('nook-e2e-hub-'), log: () => undefined })];
  hubs.push(a, b);
  context = await launch(tempDir('nook-profile-'));
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);

  // On hub B first, so this member is signed in there (importing takes an identity on the hub).
  await createGroup(frame, 'Scratch', b.url);
  await frame.getByRole('button', { name: '← All groups' }).click();

  await createGroup(frame, 'Bakers', a.url);
  await frame.getByRole('textbox', { name: 'Write a message' }).fill('Knead for **ten** minutes');
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(frame.getByRole('article').filter({ hasText: 'Knead for ten minutes' })).toBeVisible();

  const json = await exported(page, frame, 'JSON');
  expect(json.name).toBe('nook-Bakers-archive.json');
  const archive = JSON.parse(json.text);
  expect(archive).toMatchObject({ format: 'nook-archive', version: 1, group: { name: 'Bakers' } });
  expect(archive.threads.flatMap((t: { messages: { body: string }[] }) => t.messages.map((m) => m.body))).toEqual(['Knead for **ten** minutes']);
  const markdown = await exported(page, frame, 'Markdown');
  expect(markdown.name).toBe('nook-Bakers-archive.md');
  expect(markdown.text).toMatch(/^# Bakers\n/);
  expect(markdown.text).toContain('> Knead for **ten** minutes');
  await audit(page, 'a hosted group with its archive export');

  await frame.getByRole('button', { name: '← All groups' }).click();
  await frame.getByRole('button', { name: 'Import archive' }).click();
  await audit(page, 'the archive import form');

  // Not an archive: said so, in words, and nothing is made.
  const wrong = joinPath(tempDir('nook-archive-'), 'notes.json');
  writeFileSync(wrong, JSON.stringify({ notes: [] }));
  await frame.getByLabel('Archive file').setInputFiles(wrong);
  await frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(b.url);
  await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await frame.getByRole('button', { name: 'Import archive' }).click();
  await expect(frame.getByRole('alert')).toHaveText('This file is not a Nook archive. Export one as JSON from a group\'s page.');

  await frame.getByLabel('Archive file').setInputFiles(json.path);
  await frame.getByRole('button', { name: 'Import archive' }).click();
  // The new group opens: the discussion came along, its author a name from the archive.
  await expect(frame.getByRole('heading', { name: 'Bakers' })).toBeVisible();
  await expect(frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  const message = frame.getByRole('article').filter({ hasText: 'Knead for ten minutes' });
  await expect(message).toBeVisible();
  await expect(message.locator('.msg-author')).toHaveText('Ada (imported)');
  await frame.getByRole('tab', { name: 'Members' }).click();
  await expect(frame.getByRole('listitem').filter({ hasText: 'Ada' })).toContainText('Owner');

  // On hub B: the member's two groups there, the imported one with its one member.
  const token = await context.serviceWorkers()[0]!.evaluate(async (hub) => {
    const open = indexedDB.open('nook');
    const db: IDBDatabase = await new Promise((ok, no) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => no(open.error))));
    const row = await new Promise<{ token: string }>((ok) => {
      const r = db.transaction('hubs').objectStore('hubs').get(hub);
      r.onsuccess = () => ok(r.result as { token: string });
    });
    return row.token;
  }, b.url);
  const me = await (await fetch(`${b.url}/me`, { headers: { authorization: `Bearer ${token}` } })).json();
  expect(me.groups.map((g: { group: { name: string; memberCount: number } }) => [g.group.name, g.group.memberCount]).sort()).toEqual([
    ['Bakers', 1],
    ['Scratch', 1],
  ]);
});
