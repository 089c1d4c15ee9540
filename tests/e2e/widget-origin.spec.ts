import { chromium, test, expect, type Browser, type BrowserContext, type FrameLocator } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { Api } from '../../hub/testing/api';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';

/**
 * The page origin a widget thread is anchored to is the one the browser says frames the
 * panel, not the one the fragment claims: whoever frames the panel writes the fragment.
 * Pages are served at their real addresses (creator.test, impostor.test); the hub is real.
 */
const CREATOR = 'https://creator.test';
const IMPOSTOR = 'https://impostor.test';

let browser: Browser;
let hub: RunningHub;
let api: Api;
let dataDir: string;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  browser = await chromium.launch({ headless: true, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
test.afterAll(async () => browser.close());
test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'nook-e2e-origin-'));
  hub = await startHub({ port: 0, dataDir, log: () => undefined, widgetDir: resolve('dist/widget'), rateLimit: false });
  api = new Api(hub.url);
});
test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function group() {
  const g = await api.group({ name: 'Knitting circle', ownerName: 'Olive' });
  await api.thread(g.groupId, g.token);
  return { ...g, invite: (await api.invite(g.groupId, g.token)).url };
}

/** Opens `html` served at `url` in a fresh profile; answers the panel frame in it. */
async function open(url: string, html: string): Promise<FrameLocator> {
  const context = await browser.newContext({ permissions: ['local-network-access'] });
  contexts.push(context);
  await context.route(/^https:\/\/(creator|impostor)\.test\//, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  const page = await context.newPage();
  await page.goto(url);
  return page.frameLocator('iframe[title="Nook discussion"]');
}

async function joinAndTalk(f: FrameLocator, invite: string): Promise<void> {
  await f.getByRole('textbox', { name: 'Invite link or code', exact: true }).fill(invite);
  await f.getByRole('textbox', { name: 'Your name', exact: true }).fill('Vi');
  await f.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(f.getByRole('heading', { name: 'lesson-3' })).toBeVisible();
  await f.getByRole('textbox', { name: 'Write a message' }).fill('About lesson 3');
  await f.getByRole('button', { name: 'Send' }).click();
  await expect(f.getByRole('article').filter({ hasText: 'About lesson 3' })).toBeVisible();
}

/** The anchors of the group's threads, as every member's client receives them from the hub. */
async function anchors(groupId: string, token: string): Promise<(string | undefined)[]> {
  const r = await api.get(`/groups/${groupId}/threads`, token);
  return (r.body.threads as { anchor: { url: string } | null }[]).map((t) => t.anchor?.url).filter(Boolean);
}

test('the real loader on the creator’s page: the thread is anchored to that origin, and the panel says where it is', async () => {
  const g = await group();
  const f = await open(`${CREATOR}/lessons/3`, `<!doctype html><title>Lesson 3</title><script src="${hub.url}/widget.js" data-group="${g.groupId}" data-thread="lesson-3"></script>`);
  await joinAndTalk(f, g.invite);
  await expect(f.getByText('lesson-3, on creator.test', { exact: true })).toBeVisible();
  expect(await anchors(g.groupId, g.token)).toEqual([`${CREATOR}/?nook-thread=lesson-3`]);
});

test('a page that frames the panel with a forged origin gets no thread anchored to the origin it claims', async () => {
  const g = await group();
  const forged = new URLSearchParams({ g: g.groupId, th: 'lesson-3', o: CREATOR });
  const f = await open(`${IMPOSTOR}/free-patterns`, `<!doctype html><title>Free patterns</title><iframe title="Nook discussion" style="width:100%;height:700px" src="${hub.url}/panel/#${forged}"></iframe>`);
  await joinAndTalk(f, g.invite);
  // The panel names the origin that really frames it, and so does the thread every member gets.
  await expect(f.getByText('lesson-3, on impostor.test', { exact: true })).toBeVisible();
  await expect(f.getByText(/creator\.test/)).toHaveCount(0);
  const got = await anchors(g.groupId, g.token);
  expect(got).toHaveLength(1);
  expect(got[0]).not.toContain('creator.test');
  expect(got[0]).toBe(`${IMPOSTOR}/?nook-thread=lesson-3`);
});
