import { expect, extensionIdOf, extraPages, launch, launcher, sidebarFrame, test } from './fixtures';
import { toolbar } from './toolbar';

/** A Kajabi course on the creator's own domain: not a site Nook knows, so no launcher. */
const LESSON = 'https://learn.lunastudio.art/courses/watercolor/lesson-3';
extraPages.set(
  LESSON,
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson 3: Wet on wet · Watercolor Foundations</title></head>
  <body><h1>Lesson 3: Wet on wet</h1><p>Wet the paper first.</p></body></html>`,
);

test('the toolbar button opens Nook on a page of any site, for this visit only', async ({ profile }) => {
  const context = await launch(profile, { toolbar: true });
  const extensionId = await extensionIdOf(context);
  const bar = await toolbar(context, profile, extensionId);
  try {
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
    await expect(page.locator('iframe[title="Nook sidebar"]')).toBeHidden();

    // Not turned on for good: the next visit has no Nook until asked again.
    await page.reload();
    await page.waitForTimeout(500);
    await expect(launcher(page)).toHaveCount(0);
  } finally {
    await bar.close();
    await context.close();
  }
});
