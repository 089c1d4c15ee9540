import { expect, extraPages, launch, launcher, sidebarElement, sidebarFrame, test as base } from './fixtures';
import { grantHostPermission } from './host-permission';
import { toolbar, type Toolbar } from './toolbar';

/** A browser whose toolbar button the test can press (`bar.click(page)` returns the popup). */
const test = base.extend<{ bar: Toolbar }>({
  context: async ({ profile }, use) => {
    const context = await launch(profile, { toolbar: true });
    await use(context);
    await context.close();
  },
  bar: async ({ context, profile, extensionId }, use) => {
    const bar = await toolbar(context, profile, extensionId);
    await use(bar);
    await bar.close();
  },
});

/** A Kajabi course on the creator's own domain: not a site Nook knows, so no launcher. */
const LESSON = 'https://learn.lunastudio.art/courses/watercolor/lesson-3';
extraPages.set(
  LESSON,
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson 3: Wet on wet · Watercolor Foundations</title></head>
  <body><h1>Lesson 3: Wet on wet</h1><p>Wet the paper first.</p></body></html>`,
);

test('the toolbar button opens Nook on a page of any site, for this visit only', async ({ context, bar }) => {
  const page = await context.newPage();
  await page.goto(LESSON);
  // Give a content script every chance to have drawn: Nook does not run here by itself.
  await page.waitForTimeout(500);
  await expect(launcher(page)).toHaveCount(0);

  const popup = await bar.click(page);
  await expect(popup.getByRole('switch', { name: 'Nook on learn.lunastudio.art' })).not.toBeChecked();
  await popup.getByRole('button', { name: 'Open Nook on this page' }).click();

  // The click granted Nook this tab (activeTab): the sidebar opens with the page's own context.
  const frame = await sidebarFrame(page);
  await expect(frame.getByRole('heading', { level: 1, name: 'learn.lunastudio.art' })).toBeVisible();
  await expect(frame.getByText('Lesson 3: Wet on wet · Watercolor Foundations')).toBeVisible();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  await launcher(page).click();
  await expect(sidebarElement(page)).toBeHidden();

  // Not turned on for good: the next visit has no Nook until asked again.
  await page.reload();
  await page.waitForTimeout(500);
  await expect(launcher(page)).toHaveCount(0);
});

const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

test("the popup's switch turns Nook off and on for the site in the tab, on the open page at once", async ({ context, bar }) => {
  const page = await context.newPage();
  await page.goto(THREAD);
  await launcher(page).click();
  await expect(sidebarElement(page)).toBeVisible();

  let popup = await bar.click(page);
  const site = popup.getByRole('switch', { name: 'Nook on www.reddit.com' });
  await expect(site).toBeChecked();
  await site.uncheck();
  // Off: the sidebar closes and the launcher goes, without a reload.
  await expect(launcher(page)).toBeHidden();
  await expect(sidebarElement(page)).toBeHidden();

  // A page loaded while the site is off has no launcher until the switch is turned on.
  await page.reload();
  await page.waitForTimeout(500);
  await expect(launcher(page)).toHaveCount(0);
  popup = await bar.click(page);
  await expect(popup.getByRole('switch', { name: 'Nook on www.reddit.com' })).not.toBeChecked();
  await popup.getByRole('switch', { name: 'Nook on www.reddit.com' }).check();
  await expect(launcher(page)).toBeVisible();

  // "Open Nook on this page" from the popup opens the sidebar on the thread.
  await popup.getByRole('button', { name: 'Open Nook on this page' }).click();
  const frame = await sidebarFrame(page);
  await expect(frame.getByRole('heading', { level: 1, name: 'r/Sourdough' })).toBeVisible();
});

test('the popup turns Nook on for good on a site it does not know, and off again', async ({ profile, context, extensionId }) => {
  // The member's "Allow" on the browser's prompt, which headless Chromium cannot show: given
  // beforehand, where Chromium keeps it (the extension is installed by the first launch).
  await context.close();
  grantHostPermission(profile, extensionId, 'https://learn.lunastudio.art/*');
  let browser = await launch(profile, { toolbar: true });
  let bar = await toolbar(browser, profile, extensionId);
  try {
    let page = await browser.newPage();
    await page.goto(LESSON);
    await page.waitForTimeout(500);
    // Allowed is not yet on: Nook stays away until the member turns it on.
    await expect(launcher(page)).toHaveCount(0);
    const popup = await bar.click(page);
    await popup.getByRole('switch', { name: 'Nook on learn.lunastudio.art' }).check();
    await expect(popup.getByRole('switch', { name: 'Nook on learn.lunastudio.art' })).toBeChecked();
    await page.reload();
    await expect(launcher(page)).toBeVisible();

    // For good: after a restart the site still has its launcher, and the sidebar its context.
    await bar.close();
    await browser.close();
    browser = await launch(profile, { toolbar: true });
    bar = await toolbar(browser, profile, extensionId);
    page = await browser.newPage();
    await page.goto(LESSON);
    // An unpacked extension is reloaded at each start, which drops its registered scripts: the
    // background registers the site again as it starts, which a first load may beat.
    await expect.poll(async () => (await launcher(page).count()) || (await page.reload(), 0), { timeout: 10_000 }).toBe(1);
    await launcher(page).click();
    const frame = await sidebarFrame(page);
    await expect(frame.getByRole('heading', { level: 1, name: 'learn.lunastudio.art' })).toBeVisible();

    // Off from the popup: the permission is given back and the next load has no Nook.
    const again = await bar.click(page);
    await again.getByRole('switch', { name: 'Nook on learn.lunastudio.art' }).uncheck();
    await expect(again.getByRole('switch', { name: 'Nook on learn.lunastudio.art' })).not.toBeChecked();
    await page.reload();
    await page.waitForTimeout(500);
    await expect(launcher(page)).toHaveCount(0);
  } finally {
    await bar.close();
    await browser.close();
  }
});
