import { chromium, expect, type Browser, type BrowserContext, type FrameLocator, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath, resolve } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { Api } from '../../hub/testing/api';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';

/**
 * Members of one group in the widget's panel, each in their own browser context (their own
 * time zone, their own cookie), on a creator's page at https://creator.test, with a real hub
 * on loopback. Used by the community feature tests (meetings, polls).
 */
export const CREATOR = 'https://creator.test';

export interface Stage {
  hub: RunningHub;
  api: Api;
  browser: Browser;
  contexts: BrowserContext[];
  dataDir: string;
  close(): Promise<void>;
}

export async function stage(): Promise<Stage> {
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'nook-e2e-community-'));
  const hub = await startHub({ port: 0, dataDir, log: () => undefined, widgetDir: resolve('dist/widget'), rateLimit: false });
  const browser = await chromium.launch({ headless: true, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    hub,
    api: new Api(hub.url),
    browser,
    contexts,
    dataDir,
    async close() {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
      await browser.close();
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const panel = (p: Page): FrameLocator => p.frameLocator('iframe[title="Nook discussion"]');

const lesson = (hubUrl: string, groupId: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson 3</title></head><body><main><h1>Lesson 3</h1>` +
  `<script id="nook" src="${hubUrl}/widget.js" data-group="${groupId}" async></script></main></body></html>`;

/** A visitor in `timezoneId` opens the creator's page with the group's widget and joins with an invite. */
export async function widgetMember(s: Stage, o: { groupId: string; invite: string; name: string; timezoneId: string }): Promise<{ page: Page; panel: FrameLocator }> {
  const context = await s.browser.newContext({ permissions: ['local-network-access'], timezoneId: o.timezoneId, locale: 'en-US', acceptDownloads: true });
  s.contexts.push(context);
  await context.route(`${CREATOR}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: lesson(s.hub.url, o.groupId) }));
  const page = await context.newPage();
  await page.goto(`${CREATOR}/lessons/3`);
  const f = panel(page);
  await f.getByRole('textbox', { name: 'Invite link or code', exact: true }).fill(o.invite);
  await f.getByRole('textbox', { name: 'Your name', exact: true }).fill(o.name);
  await f.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(f.getByRole('textbox', { name: 'Write a message' })).toBeVisible();
  return { page, panel: f };
}
