import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHub, type RunningHub } from '../../hub/server';
import { contextHashes, prefixOf } from '../../protocol/context-keys';
import type { PageContext } from '../../sites/types';
import { until } from '../../tests/support/until';
import { openDb, type NookDB } from '../db';
import { setSettings } from '../settings';
import * as hosted from './actions';
import { askToJoin, checkAsks, getListing, lookupListed, reportListing, setListing } from './discovery';
import { SyncEngine } from './engine';
import * as q from './queries';

/**
 * The background's half of finding groups, against a real hub: what a lookup sends (and
 * does not), asking, and being let in once an owner approves.
 */
const dirs: string[] = [];
const hubs: RunningHub[] = [];
const engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) e.stop();
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function hub() {
  const dir = mkdtempSync(join(tmpdir(), 'nook-discovery-'));
  dirs.push(dir);
  const h = await startHub({ port: 0, dataDir: dir, log: () => undefined, rateLimit: false });
  hubs.push(h);
  return h;
}

interface Sent {
  url: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: string;
}

let n = 0;
function device() {
  const db: NookDB = openDb(`discovery-test-${n++}-${Math.random()}`);
  const sent: Sent[] = [];
  const engine = new SyncEngine(db, {
    fetch: async (input, init) => {
      const req = new Request(input, init);
      sent.push({ url: req.url, headers: req.headers, credentials: init?.credentials, body: await req.clone().text() });
      return fetch(req);
    },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    now: () => Date.now(),
    onUnread: () => undefined,
  });
  engines.push(engine);
  return { db, engine, sent };
}

const THREAD: PageContext = {
  site: 'reddit',
  community: 'r/Sourdough',
  kind: 'thread',
  id: 't3_1r2k8vq',
  title: 'Why is my sourdough so dense?',
  url: 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why/',
};
const OTHER_THREAD: PageContext = { ...THREAD, id: 't3_1r2mb0d', title: 'Starter doubles', url: 'https://www.reddit.com/r/Sourdough/comments/1r2mb0d/starter/' };

describe('finding listed groups, from the background', () => {
  it('looks nothing up until discovery is on; then sends two prefixes, without token or cookie, to every hub the member knows', async () => {
    const h = await hub();
    const owner = device();
    const group = await hosted.createHostedGroup(owner.db, owner.engine, { name: 'Bakers', topic: 'Bread', memberLimit: 12, hub: h.url, ownerName: 'Ada', context: THREAD, allowRequests: true });
    expect(await setListing(owner.db, owner.engine, group.id, 'community', THREAD)).toBe('community');
    expect(await getListing(owner.db, owner.engine, group.id)).toBe('community');

    const reader = device();
    await setSettings(reader.db, { defaultHub: h.url });
    expect(await lookupListed(reader.db, reader.engine, OTHER_THREAD)).toEqual([]);
    expect(reader.sent).toEqual([]);

    await setSettings(reader.db, { discovery: 'on' });
    const found = await lookupListed(reader.db, reader.engine, OTHER_THREAD);
    const hashes = await contextHashes(OTHER_THREAD);
    expect(found).toEqual([
      { hub: h.url, groupId: group.id, name: 'Bakers', topic: 'Bread', memberCount: 1, memberLimit: 12, allowRequests: true, scope: 'community', hash: hashes.community, standing: 'none' },
    ]);
    expect(reader.sent).toHaveLength(1);
    const [lookup] = reader.sent;
    expect(lookup!.url).toBe(`${h.url}/listings/lookup`);
    expect(JSON.parse(lookup!.body)).toEqual({ prefixes: [prefixOf(hashes.page!), prefixOf(hashes.community)] });
    expect(lookup!.headers.get('authorization')).toBeNull();
    expect(lookup!.credentials).toBe('omit');
    for (const secret of ['Sourdough', 'reddit', '1r2mb0d', 'Starter', hashes.community, hashes.page!]) expect(JSON.stringify(reader.sent)).not.toContain(secret);

    // A report names the listing it saw, and goes without the member's token too.
    await reportListing(reader.engine, { hub: h.url, groupId: group.id, hash: found[0]!.hash, reason: 'Not about bread' });
    expect(reader.sent.at(-1)!.headers.get('authorization')).toBeNull();
    const reports = (await (await fetch(`${h.url}/reports`)).json()) as { reports: { groupId: string; reasons: string[] }[] };
    expect(reports.reports).toEqual([expect.objectContaining({ groupId: group.id, reasons: ['Not about bread'] })]);

    // Listed on the first thread instead: not found on the second one.
    await setListing(owner.db, owner.engine, group.id, 'page', THREAD);
    expect(await lookupListed(reader.db, reader.engine, OTHER_THREAD)).toEqual([]);
    expect((await lookupListed(reader.db, reader.engine, THREAD)).map((g) => g.scope)).toEqual(['page']);
    await setListing(owner.db, owner.engine, group.id, 'none', null);
    expect(await lookupListed(reader.db, reader.engine, THREAD)).toEqual([]);
  });

  it('asks to join, waits, and once approved has the group and talks in it', async () => {
    const h = await hub();
    const owner = device();
    const group = await hosted.createHostedGroup(owner.db, owner.engine, { name: 'Bakers', topic: '', memberLimit: 30, hub: h.url, ownerName: 'Ada', context: THREAD, allowRequests: true });
    await setListing(owner.db, owner.engine, group.id, 'community', THREAD);

    const reader = device();
    await setSettings(reader.db, { defaultHub: h.url, discovery: 'on' });
    expect(await askToJoin(reader.db, reader.engine, { hub: h.url, groupId: group.id, name: 'Bo', message: 'I bake too' })).toBe('waiting');
    expect((await lookupListed(reader.db, reader.engine, OTHER_THREAD))[0]?.standing).toBe('waiting');
    // Asking again is the same request.
    expect(await askToJoin(reader.db, reader.engine, { hub: h.url, groupId: group.id, name: 'Bo', message: 'Again' })).toBe('waiting');
    expect(await checkAsks(reader.db, reader.engine)).toBe(true);
    expect(await reader.db.groups.get(group.id)).toBeUndefined();

    await hosted.refreshRequests(owner.db, owner.engine, group.id);
    const [request] = await q.listRequests(owner.db, group.id);
    expect(request).toMatchObject({ name: 'Bo', message: 'I bake too' });
    await hosted.decideRequest(owner.db, owner.engine, group.id, request!.id, 'approve');

    expect(await checkAsks(reader.db, reader.engine)).toBe(false);
    expect((await reader.db.groups.get(group.id))?.name).toBe('Bakers');
    expect((await lookupListed(reader.db, reader.engine, OTHER_THREAD))[0]?.standing).toBe('member');
    const general = await hosted.openThread(reader.db, reader.engine, group.id, null);
    await hosted.sendMessage(reader.db, reader.engine, group.id, general.id, 'Thanks, Ada');
    const seen = await until(() => q.listMessages(owner.db, general.id), (m) => m.some((x) => x.body === 'Thanks, Ada'));
    expect(seen.find((m) => m.body === 'Thanks, Ada')?.authorName).toBe('Bo');
  });
});
