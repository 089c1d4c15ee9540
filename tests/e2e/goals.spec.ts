import type { BrowserContext, Frame, FrameLocator, Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { addDays, localDateAt } from '../../protocol/rules/dates';
import { audit } from './axe';
import { expect, extensionIdOf, launch, openSidebar, test } from './fixtures';
import { stage, widgetMember, type Stage } from './widget-members';

/**
 * Goals between two members in the widget's panel on two browsers: Bo in Auckland checks in
 * on three evenings across New Zealand's DST change (2026-09-27, clocks forward at 02:00, a
 * 23-hour day), the third only eleven hours after the second and on the same UTC date;
 * Cy in New York, a day behind, sees it on the weekly board live and cheers it, Bo sees the
 * cheer. Each browser's clock is Playwright's, fixed at those evenings; the hub keeps its own.
 */
let s: Stage;
let context: BrowserContext | null = null;
test.beforeEach(async () => {
  s = await stage();
});
test.afterEach(async () => {
  await context?.close().catch(() => undefined);
  context = null;
  await s.close();
});

/** Both browsers at `instant` (the panel reloaded, as a member coming back to the page that day). */
async function at(pages: Page[], instant: string) {
  for (const p of pages) {
    await p.clock.setFixedTime(new Date(instant));
    await p.reload();
  }
}

const goals = async (f: FrameLocator | Frame) => {
  await f.getByRole('tab', { name: 'Goals' }).click();
  await expect(f.getByRole('table', { name: 'This week' })).toBeVisible();
};

const myGoal = (f: FrameLocator | Frame, title: string) => f.getByRole('listitem', { name: title });

async function checkIn(f: FrameLocator | Frame, title: string, note: string) {
  const goal = myGoal(f, title);
  await goal.getByRole('textbox', { name: 'Check-in note' }).fill(note);
  await goal.getByRole('button', { name: 'Check in' }).click();
  await expect(goal).toContainText('Checked in today');
  await expect(goal).not.toContainText('Sending…');
}

test('a goal across a DST change: check-ins in Auckland, the board and a cheer in New York, live', async () => {
  const g = await s.api.group({ name: 'Practice club', ownerName: 'Olive' });
  await s.api.thread(g.groupId, g.token);
  const bo = await widgetMember(s, { groupId: g.groupId, invite: (await s.api.invite(g.groupId, g.token)).url, name: 'Bo', timezoneId: 'Pacific/Auckland' });
  await bo.panel.getByRole('button', { name: 'Skip' }).click();
  const cy = await widgetMember(s, { groupId: g.groupId, invite: (await s.api.invite(g.groupId, g.token)).url, name: 'Cy', timezoneId: 'America/New_York' });
  await cy.panel.getByRole('button', { name: 'Skip' }).click();
  const pages = [bo.page, cy.page];
  const b = bo.panel;
  const c = cy.panel;

  // Saturday 26 September, 20:00 in Auckland (NZST, +12).
  await at(pages, '2026-09-26T08:00:00Z');
  await goals(b);
  await expect(b.getByText('No goals yet. Share one and the group will cheer you on.')).toBeVisible();
  await b.getByRole('button', { name: 'New goal' }).click();
  await b.getByRole('textbox', { name: 'Goal' }).fill('Practise scales');
  await b.getByRole('combobox', { name: 'Cadence' }).selectOption('daily');
  await b.getByRole('button', { name: 'Share goal' }).click();
  await expect(myGoal(b, 'Practise scales')).not.toContainText('Sending…');
  await checkIn(b, 'Practise scales', 'C major');
  await expect(myGoal(b, 'Practise scales')).toContainText('1 day in a row');

  // Sunday 27 September, 20:00 in Auckland: the clocks went forward at 02:00 (NZDT, +13), 23 hours later.
  await at(pages, '2026-09-27T07:00:00Z');
  await goals(b);
  await expect(myGoal(b, 'Practise scales')).toContainText('1 day in a row');
  await checkIn(b, 'Practise scales', 'G major');
  await expect(myGoal(b, 'Practise scales')).toContainText('2 days in a row');

  // Monday 28 September, 07:30 in Auckland: still the 27th in UTC, and 14:30 on the 27th in New York.
  await at(pages, '2026-09-27T18:30:00Z');
  await goals(b);
  await goals(c);
  const boOnC = c.getByRole('table', { name: 'This week' }).getByRole('row').filter({ has: c.getByRole('rowheader', { name: 'Bo' }) });
  // Cy's week is New York's (en-US: from Sunday 27 September); Bo's days are Bo's own.
  await expect(c.getByRole('heading', { name: 'Sep 27, 2026 – Oct 3, 2026' })).toBeVisible();
  await expect(boOnC.getByRole('button', { name: /^Cheer Bo on Sunday, September 27/ })).toBeVisible();
  await expect(boOnC).toContainText('2 days in a row');
  // Cy has no goal: a row all the same, on both boards.
  await expect(c.getByRole('row').filter({ has: c.getByRole('rowheader', { name: 'Cy (you)' }) })).toContainText('No goals yet');
  await expect(b.getByRole('row').filter({ has: b.getByRole('rowheader', { name: 'Cy' }) })).toContainText('No goals yet');

  await checkIn(b, 'Practise scales', 'D minor');
  await expect(myGoal(b, 'Practise scales')).toContainText('3 days in a row');
  // Live on Cy's board: Monday the 28th, Bo's date, though it is still Sunday in New York.
  const monday = boOnC.getByRole('button', { name: /^Cheer Bo on Monday, September 28/ });
  await expect(monday).toBeVisible();
  await expect(boOnC).toContainText('3 days in a row');
  await expect(monday).toHaveAttribute('aria-pressed', 'false');
  await monday.click();
  await expect(monday).toHaveAttribute('aria-pressed', 'true');
  await expect(monday).toContainText('1 cheer');
  // Bo sees the cheer without reloading.
  await expect(myGoal(b, 'Practise scales')).toContainText('1 cheer');
  await expect(b.getByRole('row').filter({ has: b.getByRole('rowheader', { name: 'Bo (you)' }) })).toContainText('1 cheer');

  // The week before on Cy's board: Saturday the 26th, Bo's first day.
  await c.getByRole('button', { name: 'Previous week' }).click();
  await expect(c.getByRole('heading', { name: 'Sep 20, 2026 – Sep 26, 2026' })).toBeVisible();
  await expect(boOnC.getByRole('button', { name: /^Cheer Bo on Saturday, September 26/ })).toBeVisible();
  await c.getByRole('button', { name: 'Back to this week' }).click();
  await expect(monday).toHaveAttribute('aria-pressed', 'true');

  await audit(bo.page, 'goals, Bo');
  await audit(cy.page, 'goals, Cy');
});

const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

test('in the extension: a goal shared from the sidebar gets its check-in reminder, which moves on a check-in and stops when turned off', async () => {
  const profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  try {
    context = await launch(profile);
    const page = await context.newPage();
    await page.goto(THREAD);
    const f = await openSidebar(page);
    await f.getByRole('button', { name: 'New group' }).click();
    await f.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
    await f.getByRole('textbox', { name: 'Hub', exact: true }).fill(s.hub.url);
    await f.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
    await f.getByRole('button', { name: 'Create group' }).click();
    await expect(f.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
    await goals(f);
    await f.getByRole('button', { name: 'New goal' }).click();
    await f.getByRole('textbox', { name: 'Goal' }).fill('Feed the starter');
    await f.getByRole('button', { name: 'Share goal' }).click();
    await expect(myGoal(f, 'Feed the starter')).not.toContainText('Sending…');

    // The background's alarms, as browser.alarms holds them: one per reminder.
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const alarms = () => worker.evaluate(async () => {
        const { chrome } = globalThis as unknown as { chrome: { alarms: { getAll(): Promise<{ name: string }[]> } } };
        return (await chrome.alarms.getAll()).map((a) => a.name).filter((n) => n.startsWith('reminder:')).sort();
      });
    // The browser's zone is this machine's: 20:00 there today, or tomorrow once today's has passed.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const today = localDateAt(Date.now(), zone);
    const day = (d: string) => new RegExp(`^reminder:checkin:[^:]+:[^:]+:${d}$`);
    await expect.poll(alarms).toEqual([expect.stringMatching(new Date().getHours() < 20 ? day(today) : day(addDays(today, 1)))]);
    await checkIn(f, 'Feed the starter', 'Fed at noon');
    await expect.poll(alarms).toEqual([expect.stringMatching(day(addDays(today, 1)))]);

    const options = await context.newPage();
    await options.goto(`chrome-extension://${await extensionIdOf(context)}/options.html`);
    const remind = options.getByRole('switch', { name: 'Remind me to check in on my goals' });
    await expect(remind).toBeChecked();
    await expect(options.getByRole('switch', { name: 'Remind me before a meeting starts' })).toBeChecked();
    await remind.uncheck();
    await expect.poll(alarms).toEqual([]);
    await remind.check();
    await expect.poll(alarms).toHaveLength(1);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
