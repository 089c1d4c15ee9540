import type { BrowserContext, Frame, Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect, createServer, type Socket } from 'node:net';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { audit } from './axe';
import { expect, launch, openSidebar, test } from './fixtures';

/**
 * An owner exports a group's archive from one hub (JSON and Markdown, as downloads) and
 * imports the JSON on another hub, as a new group they own: the discussion comes along with
 * its authors as names. A file that is not an archive is refused with words, and makes nothing.
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

const hubs: RunningHub[] = [];
const dirs: string[] = [];
const proxies: LossyLink[] = [];
let context: BrowserContext | undefined;

test.afterEach(async () => {
  await context?.close().catch(() => undefined);
  for (const p of proxies.splice(0)) await p.close();
  for (const h of hubs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const d = mkdtempSync(joinPath(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

interface LossyLink {
  url: string;
  /** While set, an import reaches the hub and its answer is lost on the way back (the connection drops). */
  loseImports: boolean;
  /** Imports that reached the hub through this link. */
  imports: number;
  /** Lost answers wait for release() (the browser may send the request again meanwhile: that one's answer is lost too). */
  holding: boolean;
  /** Loses the answers held, and those to come at once. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A real TCP link to the hub (everything passes through, live sockets too) whose answers to
 * `POST /archives` can be lost: the hub gets the request and makes the group, the member's
 * connection then drops before a byte of the answer, as when the network fails at that moment.
 * The first answers wait for release(), so the test can look at the form while it is sent.
 */
function lossyLink(port: number): Promise<LossyLink> {
  const open = new Set<Socket>();
  let held: (() => void)[] = [];
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    open.add(client).add(upstream);
    let losing = false;
    client.on('data', (chunk) => {
      if (chunk.subarray(0, 15).toString('latin1') === 'POST /archives ') {
        link.imports++;
        losing = link.loseImports;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!losing) return void client.write(chunk);
      upstream.pause();
      const lose = () => {
        client.destroy();
        upstream.destroy();
      };
      if (link.holding) held.push(lose);
      else lose();
    });
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      a.on('error', () => a.destroy());
      a.on('close', () => {
        open.delete(a);
        b.destroy();
      });
    }
  });
  const link: LossyLink = {
    url: '',
    loseImports: false,
    imports: 0,
    holding: true,
    release() {
      link.holding = false;
      for (const go of held.splice(0)) go();
    },
    close: () =>
      new Promise<void>((done) => {
        held = [];
        for (const s of open) s.destroy();
        server.close(() => done());
      }),
  };
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      link.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      resolve(link);
    }),
  );
}

async function createGroup(frame: Frame, name: string, hub: string) {
  await frame.getByRole('button', { name: 'New group' }).click();
  await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill(name);
  await frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub);
  await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await frame.getByRole('button', { name: 'Create group' }).click();
  await expect(frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
}

async function exported(page: Page, frame: Frame, format: 'JSON' | 'Markdown') {
  await frame.getByRole('radio', { name: format, exact: true }).check();
  const download = page.waitForEvent('download');
  await frame.getByRole('button', { name: 'Export archive' }).click();
  const file = await download;
  const path = joinPath(tempDir('nook-archive-'), file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

test('an owner exports a group from one hub and imports it as a new group on another', async () => {
  test.setTimeout(90_000);
  const [a, b] = [await startHub({ port: 0, dataDir: tempDir('nook-e2e-hub-'), log: () => undefined }), await startHub({ port: 0, dataDir: tempDir('nook-e2e-hub-'), log: () => undefined })];
  hubs.push(a, b);
  context = await launch(tempDir('nook-profile-'));
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);

  // On hub B first, so this member is signed in there (importing takes an identity on the hub).
  await createGroup(frame, 'Scratch', b.url);
  await frame.getByRole('button', { name: '← All groups' }).click();

  await createGroup(frame, 'Bakers', a.url);
  await frame.getByRole('textbox', { name: 'Write a message' }).fill('Knead for **ten** minutes');
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(frame.getByRole('article').filter({ hasText: 'Knead for ten minutes' })).toBeVisible();

  const json = await exported(page, frame, 'JSON');
  expect(json.name).toBe('nook-Bakers-archive.json');
  const archive = JSON.parse(json.text);
  expect(archive).toMatchObject({ format: 'nook-archive', version: 1, group: { name: 'Bakers' } });
  expect(archive.threads.flatMap((t: { messages: { body: string }[] }) => t.messages.map((m) => m.body))).toEqual(['Knead for **ten** minutes']);
  const markdown = await exported(page, frame, 'Markdown');
  expect(markdown.name).toBe('nook-Bakers-archive.md');
  expect(markdown.text).toMatch(/^# Bakers\n/);
  expect(markdown.text).toContain('> Knead for **ten** minutes');
  await audit(page, 'a hosted group with its archive export');

  await frame.getByRole('button', { name: '← All groups' }).click();
  await frame.getByRole('button', { name: 'Import archive' }).click();
  await audit(page, 'the archive import form');

  // Not an archive: said so, in words, and nothing is made.
  const wrong = joinPath(tempDir('nook-archive-'), 'notes.json');
  writeFileSync(wrong, JSON.stringify({ notes: [] }));
  await frame.getByLabel('Archive file').setInputFiles(wrong);
  await frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(b.url);
  await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await frame.getByRole('button', { name: 'Import archive' }).click();
  await expect(frame.getByRole('alert')).toHaveText('This file is not a Nook archive. Export one as JSON from a group\'s page.');

  await frame.getByLabel('Archive file').setInputFiles(json.path);
  await frame.getByRole('button', { name: 'Import archive' }).click();
  // The new group opens: the discussion came along, its author a name from the archive.
  await expect(frame.getByRole('heading', { name: 'Bakers' })).toBeVisible();
  await expect(frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  const message = frame.getByRole('article').filter({ hasText: 'Knead for ten minutes' });
  await expect(message).toBeVisible();
  await expect(message.locator('.msg-author')).toHaveText('Ada (imported)');
  await frame.getByRole('tab', { name: 'Members' }).click();
  await expect(frame.getByRole('listitem').filter({ hasText: 'Ada' })).toContainText('Owner');

  // On hub B: the member's two groups there, the imported one with its one member.
  const token = await context.serviceWorkers()[0]!.evaluate(async (hub) => {
    const open = indexedDB.open('nook');
    const db: IDBDatabase = await new Promise((ok, no) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => no(open.error))));
    const row = await new Promise<{ token: string }>((ok) => {
      const r = db.transaction('hubs').objectStore('hubs').get(hub);
      r.onsuccess = () => ok(r.result as { token: string });
    });
    return row.token;
  }, b.url);
  const me = await (await fetch(`${b.url}/me`, { headers: { authorization: `Bearer ${token}` } })).json();
  expect(me.groups.map((g: { group: { name: string; memberCount: number } }) => [g.group.name, g.group.memberCount]).sort()).toEqual([
    ['Bakers', 1],
    ['Scratch', 1],
  ]);
});

test('an import whose answer was lost, tried again, makes one group; the button waits while it is sent', async () => {
  test.setTimeout(90_000);
  const [a, b] = [await startHub({ port: 0, dataDir: tempDir('nook-e2e-hub-'), log: () => undefined }), await startHub({ port: 0, dataDir: tempDir('nook-e2e-hub-'), log: () => undefined })];
  hubs.push(a, b);
  const link = await lossyLink(b.port);
  proxies.push(link);
  context = await launch(tempDir('nook-profile-'));
  const page = await context.newPage();
  await page.goto(THREAD);
  const frame = await openSidebar(page);

  await createGroup(frame, 'Scratch', link.url);
  await frame.getByRole('button', { name: '← All groups' }).click();
  await createGroup(frame, 'Bakers', a.url);
  await frame.getByRole('textbox', { name: 'Write a message' }).fill('Knead for **ten** minutes');
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(frame.getByRole('article').filter({ hasText: 'Knead for ten minutes' })).not.toContainText('Sending…');
  const json = await exported(page, frame, 'JSON');
  await frame.getByRole('button', { name: '← All groups' }).click();

  await frame.getByRole('button', { name: 'Import archive' }).click();
  await frame.getByLabel('Archive file').setInputFiles(json.path);
  await frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(link.url);
  await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  // The network fails once the hub has made the group: the member is told it could not be reached.
  link.loseImports = true;
  const button = frame.getByRole('button', { name: 'Import archive' });
  await button.click();
  await expect(button).toBeDisabled();
  await expect.poll(() => link.imports).toBeGreaterThanOrEqual(1);
  link.release();
  await expect(frame.getByRole('alert')).toHaveText('The hub could not be reached. Check the address, or try again when you are online.');
  await expect(button).toBeEnabled();

  // Back online, the member tries again: the same import, so the group the hub made opens, and there is one.
  link.loseImports = false;
  await button.click();
  await expect(frame.getByRole('heading', { name: 'Bakers' })).toBeVisible();
  await expect(frame.getByRole('article').filter({ hasText: 'Knead for ten minutes' })).toBeVisible();
  const token = await context.serviceWorkers()[0]!.evaluate(async (hub) => {
    const open = indexedDB.open('nook');
    const db: IDBDatabase = await new Promise((ok, no) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => no(open.error))));
    const row = await new Promise<{ token: string }>((ok) => {
      const r = db.transaction('hubs').objectStore('hubs').get(hub);
      r.onsuccess = () => ok(r.result as { token: string });
    });
    return row.token;
  }, link.url);
  const me = await (await fetch(`${b.url}/me`, { headers: { authorization: `Bearer ${token}` } })).json();
  expect(me.groups.map((g: { group: { name: string } }) => g.group.name).sort()).toEqual(['Bakers', 'Scratch']);
  expect(link.imports).toBeGreaterThanOrEqual(2);
  // The Groups list: the Bakers of hub A and the one imported, no third.
  await frame.getByRole('button', { name: '← All groups' }).click();
  await expect(frame.getByRole('button', { name: /^Bakers/ })).toHaveCount(2);
});
