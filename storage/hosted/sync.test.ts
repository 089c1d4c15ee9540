import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHub, type RunningHub } from '../../hub/server';
import type { PageContext } from '../../sites/types';
import { openDb, type NookDB } from '../db';
import * as hosted from './actions';
import { SyncEngine } from './engine';
import * as q from './queries';
import { until } from '../../tests/support/until';
import { backOffProxy } from '../../hub/testing/live-client';

/**
 * The extension's sync engine against a real hub over real sockets: two devices (two
 * databases, two engines), as two members would have.
 */
const dirs: string[] = [];
const hubs: RunningHub[] = [];
const engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) e.stop();
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function hub(dataDir?: string, port = 0) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'nook-sync-'));
  if (!dataDir) dirs.push(dir);
  const h = await startHub({ port, dataDir: dir, log: () => undefined, rateLimit: false });
  hubs.push(h);
  return { h, dir };
}

let n = 0;
function device(): { db: NookDB; engine: SyncEngine; unread: number[] } {
  const db = openDb(`sync-test-${n++}-${Math.random()}`);
  const unread: number[] = [];
  const engine = new SyncEngine(db, {
    fetch: (i, init) => fetch(i, init),
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    now: () => Date.now(),
    onUnread: (t) => unread.push(t),
  });
  engines.push(engine);
  return { db, engine, unread };
}

const PAGE: PageContext = {
  site: 'reddit',
  community: 'r/Sourdough',
  kind: 'thread',
  id: 't3_1r2k8vq',
  title: 'Why is my sourdough so dense?',
  url: 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why/',
};

async function twoMembers(url: string) {
  const a = device();
  const b = device();
  const group = await hosted.createHostedGroup(a.db, a.engine, { name: 'Bakers', topic: '', memberLimit: 30, hub: url, ownerName: 'Ada', context: PAGE });
  const invite = await hosted.createInvite(a.db, a.engine, group.id, {});
  await hosted.joinGroup(b.db, b.engine, { link: invite.url, name: 'Bo', defaultHub: null });
  return { a, b, group };
}

describe('sync engine', () => {
  it('delivers a message live to the other member, and both see the same thread', async () => {
    const { h } = await hub();
    const { a, b, group } = await twoMembers(h.url);
    const general = await hosted.openThread(a.db, a.engine, group.id, null);
    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'Hello @Bo');

    const bThreads = await until(() => q.listThreads(b.db, group.id), (t) => t.length > 0);
    const seen = await until(() => q.listMessages(b.db, bThreads[0]!.id), (m) => m.length === 1);
    expect(seen[0]).toMatchObject({ body: 'Hello @Bo', authorName: 'Ada', delivery: 'sent', mentionsMe: true, mine: false });
    expect(bThreads[0]!.id).toBe(general.id);
    const mine = await until(() => q.listMessages(a.db, general.id), (m) => m[0]?.delivery === 'sent');
    expect(mine).toHaveLength(1);
    // Unread on B, shown on its badge.
    await until(async () => b.unread.at(-1) ?? 0, (x) => x === 1);
    await hosted.markRead(b.db, b.engine, general.id);
    expect(b.unread.at(-1)).toBe(0);
    const members = await until(() => q.listMembers(b.db, group.id), (m) => m.length === 2);
    expect(members.map((m) => [m.name, m.role, m.self])).toEqual([
      ['Ada', 'owner', false],
      ['Bo', 'member', true],
    ]);
  });

  it('keeps a message written while the hub is down, and delivers it exactly once when it is back', async () => {
    const { h, dir } = await hub();
    const port = h.port;
    const { a, b, group } = await twoMembers(h.url);
    const general = await hosted.openThread(a.db, a.engine, group.id, null);
    await until(() => q.hubStatuses(b.db), (s) => s[0]?.state === 'online');
    await h.close();
    hubs.splice(hubs.indexOf(h), 1);
    await until(() => q.hubStatuses(a.db), (s) => s[0]?.state === 'offline');

    const sent = await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'Written offline');
    expect(sent.delivery).toBe('pending');
    expect((await q.hubStatuses(a.db))[0]!.pending).toBeGreaterThan(0);

    await hub(dir, port);
    await until(() => q.listMessages(a.db, general.id), (m) => m[0]?.delivery === 'sent', 20_000);
    const onB = await until(() => q.listMessages(b.db, general.id), (m) => m.length > 0, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect((await q.listMessages(b.db, general.id)).map((m) => m.body)).toEqual(['Written offline']);
    expect(onB[0]!.id).toBe(sent.id);
    expect((await q.listMessages(a.db, general.id)).map((m) => m.body)).toEqual(['Written offline']);
    expect((await q.hubStatuses(a.db))[0]!.pending).toBe(0);
  });

  it('one thread per page: the second member to open it gets the first one', async () => {
    const { h } = await hub();
    const { a, b, group } = await twoMembers(h.url);
    await until(() => q.hubStatuses(b.db), (s) => s[0]?.state === 'online');
    const ta = await hosted.openThread(a.db, a.engine, group.id, PAGE);
    await until(() => q.listThreads(b.db, group.id), (t) => t.some((x) => x.anchor?.url === PAGE.url));
    const tb = await hosted.openThread(b.db, b.engine, group.id, PAGE);
    expect(tb.id).toBe(ta.id);
  });

  it('a removed member loses the group at once', async () => {
    const { h } = await hub();
    const { a, b, group } = await twoMembers(h.url);
    const members = await until(() => q.listMembers(a.db, group.id), (m) => m.length === 2);
    const bo = members.find((m) => m.name === 'Bo')!;
    await until(() => q.listThreads(b.db, group.id), (t) => t.length > 0);
    // Bo came in through the owner's invite link: it stops working with the removal.
    expect((await hosted.removeMember(a.db, a.engine, group.id, bo.id)).revokedCodes).toHaveLength(1);
    await until(() => b.db.groups.get(group.id), (g) => g === undefined);
    expect(await q.listThreads(b.db, group.id)).toEqual([]);
    expect((await q.getMembership(b.db, group.id))?.endedReason).toBe('removed');
    await expect(hosted.sendMessage(b.db, b.engine, group.id, 'x', 'hi')).rejects.toMatchObject({ code: 'not_member' });
  });

  it('edits and deletes reach the other member live; a member who joins later holds only the current text', async () => {
    const { h } = await hub();
    const { a, b, group } = await twoMembers(h.url);
    const general = await hosted.openThread(a.db, a.engine, group.id, null);
    // Written one right after the other: each goes while the one before it is being sent.
    const kept = await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'first draft');
    const gone = await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'regrettable');
    await until(() => q.listMessages(b.db, general.id), (m) => m.length === 2);
    await hosted.editMessage(a.db, a.engine, kept.id, 'final words');
    await hosted.deleteMessage(a.db, a.engine, gone.id);
    const onB = await until(() => q.listMessages(b.db, general.id), (m) => m[0]?.body === 'final words' && m[1]?.deleted === true);
    expect(onB.map((m) => [m.body, m.editedAt !== null, m.deleted])).toEqual([
      ['final words', true, false],
      ['', false, true],
    ]);

    // A third member replays the group from its first event.
    const c = device();
    const invite = await hosted.createInvite(a.db, a.engine, group.id, {});
    await hosted.joinGroup(c.db, c.engine, { link: invite.url, name: 'Cy', defaultHub: null });
    const onC = await until(() => q.listMessages(c.db, general.id), (m) => m.length === 2);
    expect(onC.map((m) => [m.body, m.editedAt !== null, m.deleted])).toEqual([
      ['final words', true, false],
      ['', false, true],
    ]);
    // Nothing of the old text anywhere on C's device.
    const rows = JSON.stringify(await c.db.messages.toArray());
    expect(rows).not.toMatch(/first draft|regrettable/);
  });

  it('a refused write is shown as failed with the reason, and can be discarded', async () => {
    const { h } = await hub();
    const { a, group } = await twoMembers(h.url);
    const general = await hosted.openThread(a.db, a.engine, group.id, null);
    // A thread the hub has never heard of: the hub refuses the message for good.
    await a.db.threads.put({ ...(await a.db.threads.get(general.id))!, id: '00000000-0000-4000-8000-000000000000' });
    await hosted.sendMessage(a.db, a.engine, group.id, '00000000-0000-4000-8000-000000000000', 'lost');
    const failed = await until(() => q.listMessages(a.db, '00000000-0000-4000-8000-000000000000'), (m) => m[0]?.delivery === 'failed');
    expect(failed[0]!.error?.code).toBe('thread_not_found');
    await hosted.discardMessage(a.db, failed[0]!.id);
    expect(await q.listMessages(a.db, '00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('moves to another device with a one-time link code: same member, same groups', async () => {
    const { h } = await hub();
    const { a, group } = await twoMembers(h.url);
    const general = await hosted.openThread(a.db, a.engine, group.id, null);
    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'from the laptop');
    await until(() => q.listMessages(a.db, general.id), (m) => m[0]?.delivery === 'sent');

    const { code } = await hosted.createLinkCode(a.db, a.engine, h.url);
    const phone = device();
    expect(await hosted.redeemLinkCode(phone.db, phone.engine, `${h.url}/`, code)).toBe(1);
    const msgs = await until(() => q.listMessages(phone.db, general.id), (m) => m.length === 1);
    expect(msgs[0]).toMatchObject({ body: 'from the laptop', mine: true, authorName: 'Ada' });
    // A code works once.
    await expect(hosted.redeemLinkCode(device().db, phone.engine, h.url, code)).rejects.toMatchObject({ code: 'link_code_invalid' });
  });

  it('told by the hub to back off, comes back later and resumes from its last event, showing no error', async () => {
    const { h } = await hub();
    const proxy = await backOffProxy(h.url);
    try {
      const { a, b, group } = await twoMembers(proxy.url);
      const general = await hosted.openThread(b.db, b.engine, group.id, null);
      await proxy.cut;
      await hosted.sendMessage(b.db, b.engine, group.id, general.id, 'while told to wait');
      const seen = await until(() => q.listMessages(a.db, general.id), (m) => m.length > 0, 20_000);
      expect(seen.map((m) => m.body)).toEqual(['while told to wait']);
      expect(proxy.sockets).toBeGreaterThanOrEqual(3);
      await until(() => q.hubStatuses(a.db), (s) => s[0]?.state === 'online');
      expect((await q.hubStatuses(a.db))[0]).toMatchObject({ error: null });
    } finally {
      await proxy.close();
    }
  });
});
