import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { audit } from './axe';
import { expect, extensionIdOf, launch, openSidebar, test } from './fixtures';

/**
 * Finding a listed group (issue #19), two members on two Chromium profiles and a real hub:
 * Ada lists a group in r/Sourdough from one thread; Bo, on another thread of it (reached by
 * single-page navigation), finds it, asks to join, is let in, and they talk. Everything Bo's
 * browser sends to the hub passes through a recording proxy, which must hold neither the
 * subreddit nor the threads, nor the full hashes of their keys.
 */
const FIRST = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';
const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const COMMUNITY = sha('reddit:r/sourdough');
const PAGE_ONE = sha('reddit:thread:t3_1r2k8vq');
const PAGE_TWO = sha('reddit:thread:t3_1r2mb0d');

let dataDir: string;
let hub: RunningHub | null = null;
let recorder: Recorder | null = null;
const profiles: string[] = [];
const contexts: BrowserContext[] = [];

test.beforeEach(() => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'nook-e2e-discovery-'));
});
test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await recorder?.close();
  recorder = null;
  await hub?.close();
  hub = null;
  rmSync(dataDir, { recursive: true, force: true });
  for (const p of profiles.splice(0)) rmSync(p, { recursive: true, force: true });
});

interface Recorder {
  url: string;
  /** What the browser sent, per connection: HTTP as text, WebSocket frames unmasked. */
  sent(): { http: string[]; frames: string[] };
  close(): Promise<void>;
}

/** Client WebSocket frames, unmasked (RFC 6455 §5.2); compressed frames would hide their text, so they fail the test. */
function frames(bytes: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const b0 = bytes[at]!;
    const b1 = bytes[at + 1]!;
    if (b0 & 0x40) throw new Error('a compressed WebSocket frame: its text cannot be checked');
    let len = b1 & 0x7f;
    let head = 2;
    if (len === 126) [len, head] = [bytes.readUInt16BE(at + 2), 4];
    else if (len === 127) [len, head] = [Number(bytes.readBigUInt64BE(at + 2)), 10];
    const mask = b1 & 0x80 ? bytes.subarray(at + head, at + head + 4) : null;
    const start = at + head + (mask ? 4 : 0);
    const payload = Buffer.from(bytes.subarray(start, start + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    out.push(payload.toString('utf8'));
    at = start + len;
  }
  return out;
}

/** A proxy in front of the hub that keeps every byte the browser sends it. */
async function record(upstreamPort: number): Promise<Recorder> {
  const conns: Buffer[][] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const chunks: Buffer[] = [];
    conns.push(chunks);
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.once('close', () => open.delete(s));
      s.on('error', () => s.destroy());
    }
    client.on('data', (d: Buffer) => {
      chunks.push(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    sent() {
      const http: string[] = [];
      const ws: string[] = [];
      for (const chunks of conns) {
        const all = Buffer.concat(chunks);
        const end = all.indexOf('\r\n\r\n');
        const head = all.subarray(0, end < 0 ? all.length : end + 4).toString('utf8');
        if (/^upgrade: websocket/im.test(head)) {
          http.push(head);
          ws.push(...frames(all.subarray(end + 4)));
        } else http.push(all.toString('utf8'));
      }
      return { http, frames: ws };
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

async function member(): Promise<{ context: BrowserContext; page: Page }> {
  const profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  profiles.push(profile);
  const context = await launch(profile);
  contexts.push(context);
  return { context, page: await context.newPage() };
}

async function say(frame: Frame, text: string): Promise<void> {
  await frame.getByRole('textbox', { name: 'Write a message' }).fill(text);
  await frame.getByRole('button', { name: 'Send' }).click();
}

test('a group listed in a subreddit from one thread is found on another, asked to join, approved, and they talk; the hub is told neither the subreddit nor the threads', async () => {
  test.setTimeout(120_000);
  hub = await startHub({ port: 0, dataDir, log: () => undefined });
  recorder = await record(hub.port);

  // Ada lists a new group in the community, from the first thread.
  const ada = await member();
  await ada.page.goto(FIRST);
  const af = await openSidebar(ada.page);
  await af.getByRole('button', { name: 'Not now' }).click();
  await af.getByRole('button', { name: 'New group' }).click();
  await af.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bread friends');
  await af.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub.url);
  await af.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  const listing = af.getByRole('group', { name: 'Who can find it' });
  await expect(listing.getByRole('radio', { name: 'Not listed' })).toBeChecked();
  await expect(listing.getByRole('radio')).toHaveCount(3);
  await listing.getByRole('radio', { name: 'Listed in this community' }).check();
  await audit(ada.page, 'new group form with the listing choice');
  await af.getByRole('button', { name: 'Create group' }).click();
  await expect(af.getByRole('heading', { name: 'Bread friends' })).toBeVisible();
  await expect(af.getByRole('group', { name: 'Who can find it' }).getByRole('radio', { name: 'Listed in this community' })).toBeChecked();

  // Bo knows the hub (as his default hub, through the recording proxy) and is on the second thread.
  const bo = await member();
  const id = await extensionIdOf(bo.context);
  const options = await bo.context.newPage();
  await options.goto(`chrome-extension://${id}/options.html`);
  await options.getByRole('textbox', { name: 'Default hub for new groups', exact: true }).fill(recorder.url);
  await options.getByRole('textbox', { name: 'Default hub for new groups', exact: true }).press('Tab');
  await expect(options.getByRole('switch', { name: 'Show groups for the pages I visit' })).not.toBeChecked();
  await options.close();
  await bo.page.goto(FIRST);
  await bo.page.locator('#next-thread-link').click();
  await expect(bo.page).toHaveURL(/1r2mb0d/);
  const bf = await openSidebar(bo.page);
  await expect(bf.getByRole('heading', { name: 'Groups here' })).toHaveCount(0);
  // Offered once: turning it on puts "Groups here" in its place.
  await bf.getByRole('switch', { name: 'Show groups for the pages I visit' }).click();
  await expect(bf.getByRole('switch', { name: 'Show groups for the pages I visit' })).toHaveCount(0);

  const here = bf.getByRole('list', { name: 'Groups here' });
  const item = here.getByRole('listitem').filter({ hasText: 'Bread friends' });
  await expect(item).toContainText('1 of 30 members');
  await expect(item).toContainText('Listed in this community');
  await item.getByRole('button', { name: 'Ask to join' }).click();
  await item.getByRole('textbox', { name: 'Your name', exact: true }).fill('Bo');
  await item.getByRole('textbox', { name: 'Note (optional)', exact: true }).fill('I bake on weekends.');
  await audit(bo.page, 'groups here, asking to join');
  await item.getByRole('button', { name: 'Send request' }).click();
  await expect(item.getByRole('status')).toHaveText('Waiting for approval');

  // Ada lets him in: requests are read from the hub when the group is opened.
  await af.getByRole('button', { name: '← All groups' }).click();
  await af.getByRole('button', { name: 'Bread friends' }).click();
  await af.getByRole('tab', { name: 'Members' }).click();
  await af.getByRole('button', { name: 'Approve Bo' }).click();
  await af.getByRole('tab', { name: 'Discussion' }).click();

  // Bo is in: the group opens from where he found it, and they talk.
  await item.getByRole('button', { name: 'Open Bread friends' }).click({ timeout: 30_000 });
  await expect(bf.getByRole('heading', { name: 'Bread friends' })).toBeVisible();
  await say(bf, 'Hello from Bo');
  await expect(af.getByRole('article').filter({ hasText: 'Hello from Bo' })).toBeVisible();
  await say(af, 'Welcome, Bo!');
  await expect(bf.getByRole('article').filter({ hasText: 'Welcome, Bo!' })).toBeVisible();

  // What Bo's browser sent the hub: the lookup's two prefixes, and never the place.
  const sent = recorder.sent();
  const all = [...sent.http, ...sent.frames].join('\n');
  const lookups = sent.http.flatMap((c) => [...c.matchAll(/POST \/listings\/lookup [^]*?\r\n\r\n(\{"prefixes":\[[^\]]*\]\})/g)]);
  expect(lookups.length).toBeGreaterThan(0);
  for (const [request, body] of lookups) {
    expect(JSON.parse(body!)).toEqual({ prefixes: [PAGE_TWO.slice(0, 4), COMMUNITY.slice(0, 4)] });
    expect(request).not.toMatch(/^authorization:/im);
    expect(request).not.toMatch(/^cookie:/im);
  }
  expect(sent.frames.some((f) => f.includes('"hello"'))).toBe(true);
  for (const secret of ['sourdough', 'reddit', '1r2k8vq', '1r2mb0d', 'starter', 'dense', COMMUNITY, PAGE_ONE, PAGE_TWO]) {
    expect(all.toLowerCase(), secret).not.toContain(secret);
  }
});

test('a creator lists a group for their Patreon page on /create; a patron who reads one of their posts finds it there', async () => {
  test.setTimeout(120_000);
  hub = await startHub({ port: 0, dataDir, log: () => undefined });
  const creator = await member();
  await creator.page.goto(`${hub.url}/create`);
  await creator.page.getByRole('textbox', { name: 'Group name', exact: true }).fill('Croissant lab');
  await creator.page.getByRole('textbox', { name: 'Your name', exact: true }).fill('Tomás');
  const where = creator.page.getByRole('textbox', { name: 'List it for your Patreon page or course', exact: true });
  // An address Nook cannot place is said so at the field, and nothing is made.
  await where.fill('https://example.com/my-page');
  await creator.page.getByRole('button', { name: 'Create group' }).click();
  await expect(where).toHaveAccessibleDescription('Nook does not know this address as a Patreon page, a course or a subreddit.');
  await where.fill('https://www.patreon.com/c/tomasbakes');
  // The form has no Nook frame yet for audit() to reach into: axe on the page alone.
  const found = await new AxeBuilder({ page: creator.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await creator.page.getByRole('button', { name: 'Create group' }).click();
  await expect(creator.page.getByRole('heading', { name: 'Your group is ready' })).toBeVisible();
  await expect(creator.page.frameLocator('iframe[title="Nook discussion"]').getByRole('heading', { name: 'Croissant lab' })).toBeVisible();
  await audit(creator.page, 'create page after listing the group');

  // A patron with the extension, discovery turned on in the options, on one of the creator's posts.
  const patron = await member();
  const id = await extensionIdOf(patron.context);
  const options = await patron.context.newPage();
  await options.goto(`chrome-extension://${id}/options.html`);
  await options.getByRole('textbox', { name: 'Default hub for new groups', exact: true }).fill(hub.url);
  await options.getByRole('textbox', { name: 'Default hub for new groups', exact: true }).press('Tab');
  await options.getByRole('switch', { name: 'Show groups for the pages I visit' }).check();
  await expect(options.getByRole('switch', { name: 'Show groups for the pages I visit' })).toBeChecked();
  await options.close();
  await patron.page.goto('https://www.patreon.com/posts/laminating-by-hand-part-2-121774309');
  const pf = await openSidebar(patron.page);
  const item = pf.getByRole('list', { name: 'Groups here' }).getByRole('listitem').filter({ hasText: 'Croissant lab' });
  await expect(item).toContainText('Listed in this community');
  await expect(item.getByRole('button', { name: 'Ask to join' })).toBeVisible();

  // Anyone who finds a listing may report it to the hub's operator.
  await item.getByRole('button', { name: 'Report Croissant lab' }).click();
  await item.getByRole('textbox', { name: 'What is wrong with it?', exact: true }).fill('Nothing to do with baking');
  await audit(patron.page, 'groups here, reporting a listing');
  await item.getByRole('button', { name: 'Send report' }).click();
  await expect(item.getByRole('status')).toHaveText('Reported to the people who run this hub. Thank you.');
  const reports = (await (await fetch(`${hub.url}/reports`)).json()) as { reports: { name: string; reasons: string[] }[] };
  expect(reports.reports).toEqual([expect.objectContaining({ name: 'Croissant lab', reasons: ['Nothing to do with baking'] })]);
});
