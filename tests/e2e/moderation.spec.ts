import type { FrameLocator, Page } from '@playwright/test';
import { audit } from './axe';
import { expect, test } from './fixtures';
import { CREATOR, panel, stage, widgetMember, type Stage } from './widget-members';

/**
 * Moderation with three members on three browsers, each in the widget's panel on the
 * creator's page (issue #17 part 1): Rae reports Oz's message, Olive (the owner) removes it,
 * which takes it away for both of them live, and mutes Oz for ten minutes with a reason: Oz's
 * composer says until when and why, and a message he wrote while his posts could not reach the
 * hub is refused when it gets there. Slow mode lets Rae post once and then tells her to wait;
 * Olive is exempt. The moderation log lists every action, who took it and when.
 */
let s: Stage;
test.beforeEach(async () => {
  s = await stage();
});
test.afterEach(async () => {
  await s.close();
});

const ZONE = 'Europe/Berlin';

/**
 * The owner in the widget: her identity (made through the hub's API) comes to this browser as
 * the panel's own session cookie, through a link code redeemed from inside the panel's frame,
 * as "Move to another device" would; the page is then opened again.
 */
async function ownerInWidget(groupId: string, ownerToken: string): Promise<{ page: Page; panel: FrameLocator }> {
  const context = await s.browser.newContext({ permissions: ['local-network-access'], timezoneId: ZONE, locale: 'en-US' });
  s.contexts.push(context);
  await context.route(`${CREATOR}/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson 3</title></head><body><main><h1>Lesson 3</h1><script id="nook" src="${s.hub.url}/widget.js" data-group="${groupId}" async></script></main></body></html>`,
    }),
  );
  const page = await context.newPage();
  await page.goto(`${CREATOR}/lessons/3`);
  await expect(panel(page).getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  const code = (await s.api.post('/me/link-codes', {}, ownerToken)).body.code as string;
  const frame = page.frames().find((f) => f.url().startsWith(`${s.hub.url}/panel/`))!;
  const status = await frame.evaluate(
    async (code) => (await fetch('/me/link', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, session: 'cookie' }) })).status,
    code,
  );
  expect(status).toBe(200);
  await page.reload();
  const f = panel(page);
  await expect(f.getByRole('textbox', { name: 'Write a message' })).toBeVisible();
  return { page, panel: f };
}

const article = (f: FrameLocator, text: string) => f.getByRole('article').filter({ hasText: text });

/** "Nov 1, 2026 5:52 PM" as the catalog's `{t, date, medium} {t, time, short}` says it in en-US, any kind of space. */
function shownAt(t: number): RegExp {
  const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: ZONE }).format(t);
  const time = new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone: ZONE }).format(t);
  const words = `${date} ${time}`.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(words.join('\\s'));
}

test('a report, the message removed for everyone live, a mute with its reason (live and through the outbox), slow mode with the owner exempt, and the log', async () => {
  test.setTimeout(180_000);
  const g = await s.api.group({ name: 'Pottery', ownerName: 'Olive' });
  await s.api.thread(g.groupId, g.token);
  const olive = await ownerInWidget(g.groupId, g.token);
  const rae = await widgetMember(s, { groupId: g.groupId, invite: (await s.api.invite(g.groupId, g.token)).url, name: 'Rae', timezoneId: ZONE });
  const oz = await widgetMember(s, { groupId: g.groupId, invite: (await s.api.invite(g.groupId, g.token)).url, name: 'Oz', timezoneId: ZONE });
  for (const m of [olive, rae, oz]) await m.panel.getByRole('button', { name: 'Skip' }).click();
  const [o, r, z] = [olive.panel, rae.panel, oz.panel];

  // Oz posts spam; Rae reports it with a reason.
  await z.getByRole('textbox', { name: 'Write a message' }).fill('Cheap watches at spam.example');
  await z.getByRole('button', { name: 'Send' }).click();
  const spam = article(r, 'Cheap watches');
  await expect(spam).toBeVisible();
  await spam.getByRole('button', { name: 'Report' }).click();
  await spam.getByRole('combobox', { name: 'What is wrong' }).selectOption('spam');
  await spam.getByRole('textbox', { name: 'Reason' }).fill('Ads in every thread');
  await spam.getByRole('button', { name: 'Send report' }).click();
  await expect(spam.getByRole('status')).toHaveText('Reported. The moderators will look at it.');
  // Only owners and moderators have the section.
  await expect(r.getByRole('tab', { name: 'Moderation' })).toHaveCount(0);

  // Olive sees it in Moderation → Reports.
  await o.getByRole('tab', { name: 'Moderation' }).click();
  const report = o.getByRole('list', { name: 'Reports' }).getByRole('listitem');
  await expect(report).toContainText('Rae reported Oz: Spam (Ads in every thread)');
  await expect(report).toContainText('Cheap watches at spam.example');
  await audit(olive.page, 'moderation, a report');

  // Oz writes while his posts cannot reach the hub: the message waits in his outbox.
  const posts = '**/groups/*/threads/*/messages';
  await oz.page.context().route(posts, (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback()));
  await z.getByRole('textbox', { name: 'Write a message' }).fill('Still selling watches');
  await z.getByRole('button', { name: 'Send' }).click();
  await expect(article(z, 'Still selling watches')).toContainText('Sending…');

  // Olive mutes Oz for ten minutes, with a reason, and warns him.
  await report.getByRole('button', { name: 'Mute member' }).click();
  await report.getByRole('spinbutton', { name: 'Minutes' }).fill('10');
  await report.getByRole('textbox', { name: 'Why' }).fill('Spamming links');
  await report.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(o.getByRole('list', { name: 'Muted members' }).getByRole('listitem')).toContainText('Oz, muted until');
  const log = async () => (await s.api.get(`/groups/${g.groupId}/moderation/log`, g.token)).body.entries as { action: string; until: number | null; at: number }[];
  const until = (await log()).find((e) => e.action === 'member.muted')!.until!;
  expect(until - Date.now()).toBeGreaterThan(9 * 60_000);
  expect(until - Date.now()).toBeLessThanOrEqual(10 * 60_000);
  await report.getByRole('button', { name: 'Warn member' }).click();
  await report.getByRole('textbox', { name: 'Warning' }).fill('No advertising here, please.');
  await report.getByRole('button', { name: 'Send warning' }).click();
  await expect(o.getByRole('list', { name: 'Moderation log' })).toContainText('Olive warned Oz: No advertising here, please.');

  // Oz's composer is shut at once, saying until when and why.
  const composer = z.getByRole('textbox', { name: 'Write a message' });
  await expect(composer).toBeDisabled();
  await expect(z.getByRole('button', { name: 'Send' })).toBeDisabled();
  const mutedLine = new RegExp(`^You are muted until ${shownAt(until).source}: Spamming links$`);
  await expect(z.getByRole('status').filter({ hasText: 'You are muted until' })).toHaveText(mutedLine);
  await expect(composer).toHaveAccessibleDescription(/You are muted until .*: Spamming links/);

  // Olive removes the message: it goes for Rae and Oz, live, and the report leaves the queue.
  await report.getByRole('button', { name: 'Remove message' }).click();
  for (const f of [r, z]) await expect(f.getByText('Cheap watches at spam.example')).toHaveCount(0);

  // Oz's queued message reaches the hub now, and is refused: it says why, and nobody else sees it.
  await oz.page.context().unroute(posts);
  const refused = article(z, 'Still selling watches');
  await expect(refused).toContainText(new RegExp(`Not sent: You are muted in this group until ${shownAt(until).source}: Spamming links`), { timeout: 60_000 });
  await expect(r.getByText('Still selling watches')).toHaveCount(0);
  await audit(oz.page, 'discussion, muted');

  // Opening the group again, Oz is still muted (with the reason) and sees the warning, until he dismisses it.
  await oz.page.reload();
  await expect(z.getByText('A moderator warned you: No advertising here, please.')).toBeVisible();
  await expect(z.getByRole('status').filter({ hasText: 'You are muted until' })).toHaveText(mutedLine);
  await expect(z.getByRole('textbox', { name: 'Write a message' })).toBeDisabled();
  await z.getByRole('button', { name: 'Dismiss' }).click();
  await expect(z.getByText(/A moderator warned you/)).toHaveCount(0);
  await oz.page.reload();
  await expect(z.getByRole('textbox', { name: 'Write a message' })).toBeDisabled();
  await expect(z.getByText(/A moderator warned you/)).toHaveCount(0);

  // Slow mode: 30 seconds. Rae posts once, then is told to wait; Olive is exempt.
  await o.getByRole('spinbutton', { name: 'Slow mode (seconds)' }).fill('30');
  await o.getByRole('button', { name: 'Set slow mode' }).click();
  await expect(o.getByRole('list', { name: 'Moderation log' })).toContainText('Olive set slow mode: 30 seconds');
  await expect(o.getByText('No reports to look at.')).toBeVisible();
  await expect(o.getByRole('spinbutton', { name: 'Slow mode (seconds)' })).toHaveValue('30');
  const write = r.getByRole('textbox', { name: 'Write a message' });
  await write.fill('Glaze question: matte or gloss?');
  await r.getByRole('button', { name: 'Send' }).click();
  await expect(article(z, 'Glaze question')).toBeVisible();
  await write.fill('And for mugs?');
  await expect(r.getByText(/^Slow mode: wait (30|29|28|27|26|25) seconds\.$/)).toBeVisible();
  await expect(r.getByRole('button', { name: 'Send' })).toBeDisabled();
  await expect(write).toHaveAccessibleDescription(/Slow mode: wait \d+ seconds\./);
  // The field starts from the group's value when the section opens again.
  await o.getByRole('tab', { name: 'Discussion' }).click();
  await o.getByRole('tab', { name: 'Moderation' }).click();
  await expect(o.getByRole('spinbutton', { name: 'Slow mode (seconds)' })).toHaveValue('30');

  await o.getByRole('tab', { name: 'Discussion' }).click();
  const mine = o.getByRole('textbox', { name: 'Write a message' });
  await mine.fill('Matte for bowls.');
  await o.getByRole('button', { name: 'Send' }).click();
  await expect(article(r, 'Matte for bowls.')).toBeVisible();
  await mine.fill('Gloss for mugs.');
  await expect(o.getByText(/Slow mode: wait/)).toHaveCount(0);
  await o.getByRole('button', { name: 'Send' }).click();
  await expect(article(r, 'Gloss for mugs.')).toBeVisible();
  await expect(article(o, 'Gloss for mugs.')).not.toContainText('Not sent');

  // The log lists every action, who took it and when.
  await o.getByRole('tab', { name: 'Moderation' }).click();
  const entries = o.getByRole('list', { name: 'Moderation log' }).getByRole('listitem');
  await expect(entries).toHaveCount(4);
  await expect(entries.filter({ hasText: 'Olive removed a message by Oz' })).toHaveCount(1);
  await expect(entries.filter({ hasText: new RegExp(`Olive muted Oz until ${shownAt(until).source}: Spamming links`) })).toHaveCount(1);
  await expect(entries.filter({ hasText: 'Olive warned Oz: No advertising here, please.' })).toHaveCount(1);
  await expect(entries.filter({ hasText: 'Olive set slow mode: 30 seconds' })).toHaveCount(1);
  for (const e of await log()) {
    const when = entries.locator(`time[datetime="${new Date(e.at).toISOString()}"]`);
    await expect(when).toHaveCount(1);
  }
  await audit(olive.page, 'moderation, the log');
});
