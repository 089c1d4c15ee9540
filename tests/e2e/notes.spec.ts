import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, launch, openSidebar, test } from './fixtures';

const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';
const SUB = 'https://www.reddit.com/r/Breadit/';

test('a note is saved as you type and survives a reload and a browser restart', async ({ profile }) => {
  let context = await launch(profile);
  let page = await context.newPage();
  await page.goto(THREAD);
  let frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  const box = frame.getByRole('textbox', { name: 'Note for this page' });
  await box.fill('Try **75%** hydration next time');
  await expect(frame.getByText('Saved', { exact: true })).toBeVisible();

  await page.reload();
  frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  await expect(frame.getByRole('textbox', { name: 'Note for this page' })).toHaveValue('Try **75%** hydration next time');
  await context.close();

  context = await launch(profile);
  page = await context.newPage();
  await page.goto(THREAD);
  frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  await expect(frame.getByRole('textbox', { name: 'Note for this page' })).toHaveValue('Try **75%** hydration next time');
  // Listed by community, and found by search.
  await expect(frame.getByRole('region', { name: 'r/Sourdough' })).toBeVisible();
  await frame.getByRole('searchbox', { name: 'Search notes and messages' }).fill('hydra');
  await expect(frame.getByRole('link', { name: 'Why is my sourdough so dense after a 12 hour cold proof?' })).toBeVisible();
  await context.close();
});

test('the host page cannot see the note in its DOM or its storage', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  await frame.getByRole('textbox', { name: 'Note for this page' }).fill('secret-sourdough-note');
  await expect(frame.getByText('Saved', { exact: true })).toBeVisible();

  const seen = await page.evaluate(async () => {
    const html = document.documentElement.outerHTML;
    const shadow = [...document.querySelectorAll('*')].map((e) => e.shadowRoot?.innerHTML ?? '').join('');
    const dbs = (await indexedDB.databases()).map((d) => d.name);
    const ls = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    let frameText = '';
    try {
      frameText = (document.querySelector('nook-root')?.shadowRoot?.querySelector('iframe') as HTMLIFrameElement | null)?.contentDocument?.body.innerText ?? '';
    } catch {
      frameText = 'blocked';
    }
    return { html: html + shadow, dbs, ls, cookie: document.cookie, frameText };
  });
  expect(seen.html).not.toContain('secret-sourdough-note');
  expect(seen.dbs).toEqual([]);
  expect(seen.ls).not.toContain('secret-sourdough-note');
  expect(seen.cookie).not.toContain('secret');
  expect(['', 'blocked']).toContain(seen.frameText);
});

test('a note typed in one tab updates the list open in another tab', async ({ context }) => {
  const a = await context.newPage();
  await a.goto(SUB);
  const listFrame = await openSidebar(a);
  await listFrame.getByRole('tab', { name: 'Notes' }).click();
  await expect(listFrame.getByText('No notes yet. Write one for this page above.')).toBeVisible();

  const b = await context.newPage();
  await b.goto(THREAD);
  const editFrame = await openSidebar(b);
  await editFrame.getByRole('tab', { name: 'Notes' }).click();
  await editFrame.getByRole('textbox', { name: 'Note for this page' }).fill('Cold proof longer');
  await expect(listFrame.getByRole('link', { name: 'Why is my sourdough so dense after a 12 hour cold proof?' })).toBeVisible();
});

test('a note over 1 MB is refused with a clear message and nothing typed is lost', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  const box = frame.getByRole('textbox', { name: 'Note for this page' });
  const big = 'x'.repeat(1_000_050);
  await box.fill(big);
  await expect(frame.getByRole('alert')).toContainText('too long to save');
  expect((await box.inputValue()).length).toBe(big.length);
  await box.fill('short again');
  await expect(frame.getByText('Saved', { exact: true })).toBeVisible();
  await expect(frame.getByRole('alert')).toHaveCount(0);
});

test('Markdown renders without running what a note smuggles in', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  await frame
    .getByRole('textbox', { name: 'Note for this page' })
    .fill('**bold** <img src=x onerror="window.__pwned=1"> [click](javascript:window.__pwned=2) [ok](https://example.com)');
  await frame.getByRole('button', { name: 'Preview' }).click();
  await expect(frame.locator('.md strong')).toHaveText('bold');
  await expect(frame.locator('.md img')).toHaveCount(0);
  await expect(frame.locator('.md').getByText('click')).toBeVisible();
  await expect(frame.locator('.md [href*="javascript"], .md [onerror]')).toHaveCount(0);
  await expect(frame.getByRole('link', { name: 'ok' })).toHaveAttribute('rel', 'noopener noreferrer');
  expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('search shows a page of results at a time, and "Show more results" the next', async ({ context, extensionId }) => {
  // 45 notes that match "starter", imported as a member would, from the options page.
  const notes = Array.from({ length: 45 }, (_, i) => ({
    id: `n${String(i).padStart(2, '0')}`,
    url: `https://www.reddit.com/r/Sourdough/comments/x${i}/`,
    site: 'reddit',
    community: 'r/Sourdough',
    kind: 'thread',
    title: `Starter log ${i + 1}`,
    body: `Fed the starter at ${i} o'clock.`,
    createdAt: 1_700_000_000_000 + i * 60_000,
    updatedAt: 1_700_000_000_000 + i * 60_000,
  }));
  const file = join(mkdtempSync(join(tmpdir(), 'nook-search-')), 'notes.json');
  writeFileSync(file, JSON.stringify({ format: 'nook-notes', version: 1, exportedAt: 0, notes }));
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Import notes (JSON)').setInputFiles(file);
  await expect(options.getByText('Imported: 45 new, 0 updated, 0 unchanged.')).toBeVisible();

  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);
  await frame.getByRole('tab', { name: 'Notes' }).click();
  await frame.getByRole('searchbox', { name: 'Search notes and messages' }).fill('starter');
  // One list of hits newest first, each naming where it is (notes here; messages too in search.spec.ts).
  const results = frame.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  await expect(results).toHaveCount(20);
  // Newest first.
  await expect(results.first().getByRole('link')).toHaveText('Starter log 45');
  const more = frame.getByRole('button', { name: 'Show more results' });
  await more.click();
  await expect(results).toHaveCount(40);
  await more.click();
  await expect(results).toHaveCount(45);
  await expect(results.last().getByRole('link')).toHaveText('Starter log 1');
  // Every match is shown: no further page to ask for.
  await expect(more).toHaveCount(0);
  // A new query starts again at one page.
  await frame.getByRole('searchbox', { name: 'Search notes and messages' }).fill('starter log');
  await expect(results).toHaveCount(20);
});
