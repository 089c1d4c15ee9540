import type { BrowserContext, Frame } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { expect, launch, openSidebar, test } from './fixtures';

/**
 * Two members, each in their own Chromium with the extension, reach a group's hub through
 * a round-robin balancer in front of two hub instances on one PostgreSQL. One instance is
 * stopped while they talk: its members' sockets drop, they reconnect to the other, and
 * nothing written is lost or doubled.
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

let postgres: TestPostgres | undefined;
const instances: RunningHub[] = [];
let proxy: TcpProxy | undefined;
const profiles: string[] = [];
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await proxy?.close();
  for (const h of instances.splice(0)) await h.close();
  await postgres?.stop();
  for (const p of profiles.splice(0)) rmSync(p, { recursive: true, force: true });
});

async function member(): Promise<Frame> {
  const profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  profiles.push(profile);
  const context = await launch(profile);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(THREAD);
  return openSidebar(page);
}

const connected = (frame: Frame) => frame.getByRole('status').filter({ hasText: 'Connected' });

async function say(frame: Frame, text: string): Promise<void> {
  await frame.getByRole('textbox', { name: 'Write a message' }).fill(text);
  await frame.getByRole('button', { name: 'Send' }).click();
}

/** Every text the sidebar's status line shows from now on, however briefly. */
async function recordStatus(frame: Frame): Promise<() => Promise<string[]>> {
  await frame.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { seenStatus: string[] }).seenStatus = seen;
    const note = () => {
      for (const el of document.querySelectorAll('[role="status"]')) if (el.textContent) seen.push(el.textContent);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => frame.evaluate(() => (globalThis as unknown as { seenStatus: string[] }).seenStatus);
}

test('two members on different instances behind a balancer talk live, and keep talking when one instance stops', async () => {
  test.setTimeout(120_000);
  postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase();
  const dirs = { widgetDir: 'dist/widget', log: () => undefined, sweepMs: 2_000 };
  instances.push(await startHub({ port: 0, databaseUrl, ...dirs }), await startHub({ port: 0, databaseUrl, ...dirs }));
  const [a, b] = instances as [RunningHub, RunningHub];
  proxy = await startTcpProxy([a.port, b.port]);

  const ada = await member();
  await ada.getByRole('button', { name: 'New group' }).click();
  await ada.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
  await ada.getByRole('textbox', { name: 'Hub', exact: true }).fill(proxy.url);
  await ada.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await ada.getByRole('button', { name: 'Create group' }).click();
  await expect(connected(ada)).toBeVisible();
  await ada.getByRole('tab', { name: 'Members' }).click();
  await ada.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = await ada.getByRole('textbox', { name: 'Invite link' }).inputValue();
  expect(link.startsWith(`${proxy.url}/join/`)).toBe(true);
  await ada.getByRole('tab', { name: 'Discussion' }).click();

  const bo = await member();
  await bo.getByRole('button', { name: 'Join a group' }).click();
  await bo.getByRole('textbox', { name: 'Invite link or code', exact: true }).fill(link);
  await bo.getByRole('textbox', { name: 'Your name', exact: true }).fill('Bo');
  await bo.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(bo.getByRole('heading', { name: 'Bakers' })).toBeVisible();
  await expect(connected(bo)).toBeVisible();

  await say(ada, 'Before the stop, from Ada');
  await expect(bo.getByRole('article').filter({ hasText: 'Before the stop, from Ada' })).toBeVisible();
  await say(bo, 'Before the stop, from Bo');
  await expect(ada.getByRole('article').filter({ hasText: 'Before the stop, from Bo' })).toBeVisible();

  // Both instances took connections; the one stopped holds at least one member's live socket.
  expect([...proxy.served.keys()].sort()).toEqual([a.port, b.port].sort());
  expect(a.connections + b.connections).toBe(2);
  const [stopped, kept] = a.connections > 0 ? [a, b] : [b, a];
  const frames = { ada, bo };
  const statuses = await Promise.all([recordStatus(ada), recordStatus(bo)]);

  await stopped.close();
  await say(ada, 'While an instance is down, from Ada');
  await say(bo, 'While an instance is down, from Bo');
  for (const frame of Object.values(frames)) {
    await expect(connected(frame)).toBeVisible({ timeout: 30_000 });
    for (const text of ['While an instance is down, from Ada', 'While an instance is down, from Bo']) {
      const article = frame.getByRole('article').filter({ hasText: text });
      await expect(article).toBeVisible({ timeout: 30_000 });
      await expect(article).not.toContainText('Sending…', { timeout: 30_000 });
    }
  }
  // Everyone is on the instance left, and whoever was on the stopped one saw it reconnect.
  await expect.poll(() => kept.connections).toBe(2);
  const seen = (await Promise.all(statuses.map((read) => read()))).flat();
  expect(seen.some((s) => /Offline|Connecting/.test(s))).toBe(true);

  await say(bo, 'After the stop, from Bo');
  await expect(ada.getByRole('article').filter({ hasText: 'After the stop, from Bo' })).toBeVisible();
  await ada.waitForTimeout(1_000);
  for (const frame of Object.values(frames)) {
    for (const text of ['Before the stop, from Ada', 'While an instance is down, from Ada', 'While an instance is down, from Bo', 'After the stop, from Bo']) {
      await expect(frame.getByRole('article').filter({ hasText: text })).toHaveCount(1);
    }
  }
});
