import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openSidebar, test } from './fixtures';

/** axe over the host page and into the sidebar frame; fails on serious or critical findings. */
async function audit(page: Page, state: string) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const inFrame = r.passes.some((p) => p.nodes.some((n) => Array.isArray(n.target[0]) || n.target.length > 1));
  expect(inFrame, `${state}: axe reached into the sidebar frame`).toBe(true);
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${state}: ${v.id} ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
}

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
    await frame.getByRole('textbox', { name: 'Group name' }).fill('Bakers');
    await frame.getByRole('spinbutton', { name: 'Member limit' }).fill('150');
    await expect(frame.getByText('Member limit must be a whole number from 2 to 100.')).toBeVisible();
    await audit(page, 'new group form with an error');
    await frame.getByRole('spinbutton', { name: 'Member limit' }).fill('25');
    await frame.getByRole('button', { name: 'Create group' }).click();
    await expect(frame.getByRole('heading', { name: 'Bakers' })).toBeVisible();
    await audit(page, 'group detail');

    await frame.getByRole('tab', { name: 'Notes' }).click();
    await frame.getByRole('textbox', { name: 'Note for this page' }).fill('A note with a [link](https://example.com)');
    await expect(frame.getByText('Saved', { exact: true })).toBeVisible();
    await audit(page, 'notes');
  });
}
