import { audit } from './axe';
import { expect, openSidebar, test } from './fixtures';

for (const scheme of ['light', 'dark'] as const) {
  test(`sidebar views have no serious accessibility violations (${scheme})`, async ({ context }) => {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/');
    const frame = await openSidebar(page);
    await expect(frame.getByRole('heading', { level: 1, name: 'r/Sourdough' })).toBeVisible();
    await audit(page, 'groups, empty');

    await frame.getByRole('button', { name: 'New group' }).click();
    await audit(page, 'new group form');
    await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
    await frame.getByRole('spinbutton', { name: 'Member limit', exact: true }).fill('150');
    await expect(frame.getByText('Member limit must be a whole number from 2 to 100.')).toBeVisible();
    await audit(page, 'new group form with an error');
    await frame.getByRole('spinbutton', { name: 'Member limit', exact: true }).fill('25');
    await frame.getByRole('button', { name: 'Create group' }).click();
    await expect(frame.getByRole('heading', { name: 'Bakers' })).toBeVisible();
    await audit(page, 'group detail');

    await frame.getByRole('tab', { name: 'Notes' }).click();
    await frame.getByRole('textbox', { name: 'Note for this page' }).fill('A note with a [link](https://example.com)');
    await expect(frame.getByText('Saved', { exact: true })).toBeVisible();
    await audit(page, 'notes');
  });
}
