import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHub, type RunningHub } from '../../hub/server';
import { openDb, type NookDB } from '../../storage/db';
import * as hosted from '../../storage/hosted/actions';
import * as communities from '../../storage/hosted/communities';
import { SyncEngine } from '../../storage/hosted/engine';
import type { NoticeTarget } from '../../storage/hosted/notify-rules';
import * as q from '../../storage/hosted/queries';
import { setSettings } from '../../storage/settings';
import { until } from '../../tests/support/until';
import { startNotify, type NotifyDeps } from './notify';

/**
 * Notifications from the background's sync engine over a real hub and real sockets: what one
 * member's device shows as the other member writes.
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
  const dir = mkdtempSync(join(tmpdir(), 'nook-notify-'));
  dirs.push(dir);
  const h = await startHub({ port: 0, dataDir: dir, log: () => undefined, rateLimit: false });
  hubs.push(h);
  return h;
}

let n = 0;
function device() {
  const db: NookDB = openDb(`notify-test-${n++}-${Math.random()}`);
  const shown: { id: string; title: string; message: string }[] = [];
  const batches: { replay: boolean; kinds: string[] }[] = [];
  const session = new Map<string, unknown>();
  const opened: NoticeTarget[] = [];
  const openedCommunities: string[] = [];
  const clicks: ((id: string) => void)[] = [];
  // What the member looks at: any group (on), or a community.
  const screen: { on: boolean; community: string | null } = { on: false, community: null };
  const deps: NotifyDeps = {
    notifications: {
      create: async (id, o) => (shown.push({ id, title: o.title, message: o.message }), id),
      clear: async () => true,
      onClicked: { addListener: (cb) => void clicks.push(cb) },
      onClosed: { addListener: () => undefined },
    },
    session: {
      get: async (key) => (session.has(key) ? { [key]: session.get(key) } : {}),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => session.set(k, v)),
      remove: async (key) => void session.delete(key),
    },
    now: () => Date.now(),
    iconUrl: 'chrome-extension://x/wordmark.png',
    locale: () => 'en',
    onScreen: async (what) => ('communityId' in what ? screen.community === what.communityId : screen.on),
    open: async (t) => void opened.push(t),
    openCommunity: async (id) => void openedCommunities.push(id),
  };
  const notify = startNotify(db, deps);
  // Wired as the background wires it (entrypoints/background/index.ts).
  const engine: SyncEngine = new SyncEngine(db, {
    fetch: (i, init) => fetch(i, init),
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    now: () => Date.now(),
    onEvents: (groupId, events, replay) => {
      batches.push({ replay, kinds: events.map((e) => e.kind) });
      notify.messages(groupId, events, replay);
    },
    onRequests: (groupId) => notify.requests(groupId, () => hosted.refreshRequests(db, engine, groupId)),
    onCommunity: (hubUrl, communityId, what) => {
      void communities.heard(db, engine, hubUrl, communityId);
      if (what === 'requests' && communityId) notify.communityRequests(hubUrl, communityId, () => communities.listRequests(db, engine, hubUrl, communityId));
    },
  });
  engines.push(engine);
  return { db, engine, shown, batches, opened, openedCommunities, screen, click: (id: string) => clicks.forEach((c) => c(id)) };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('notifications', () => {
  it('a mention and a reply from the other member are shown; nothing for the history a joiner catches up on, on screen, or switched off', async () => {
    const h = await hub();
    const a = device();
    const b = device();
    const group = await hosted.createHostedGroup(a.db, a.engine, { name: 'Bakers', topic: '', memberLimit: 30, hub: h.url, ownerName: 'Ada', context: null });
    const general = await hosted.openThread(a.db, a.engine, group.id, null);
    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'Before anyone joined');
    await until(() => q.listMessages(a.db, general.id), (m) => m[0]?.delivery === 'sent');
    const invite = await hosted.createInvite(a.db, a.engine, group.id, {});
    await hosted.joinGroup(b.db, b.engine, { link: invite.url, name: 'Bo', defaultHub: null });
    await until(() => q.listMessages(b.db, general.id), (m) => m.length === 1);
    await until(() => q.hubStatuses(b.db), (s) => s[0]?.state === 'online');
    // The joiner's first sync is the group's history: applied, told as a replay, not shown.
    expect(b.batches.length).toBeGreaterThan(0);
    expect(b.batches.every((x) => x.replay)).toBe(true);

    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'Welcome @Bo, glad you came');
    await until(() => b.shown, (s) => s.length === 1);
    expect(b.shown[0]).toMatchObject({ title: 'Ada mentioned you in Bakers', message: 'Welcome @Bo, glad you came' });
    expect(b.batches.at(-1)!.replay).toBe(false);
    // A's own message is no news to A.
    expect(a.shown).toEqual([]);

    // In the general discussion, a reply is the message right after the member's own.
    await hosted.sendMessage(b.db, b.engine, group.id, general.id, 'Thanks! Any tips for a starter?');
    await until(() => q.listMessages(a.db, general.id), (m) => m.length === 3);
    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'Feed it twice a day.');
    await until(() => b.shown, (s) => s.length === 2);
    expect(b.shown[1]).toMatchObject({ title: 'Ada replied to you in Bakers', message: 'Feed it twice a day.' });
    // ...not the one after that.
    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'And keep it warm.');
    await until(() => q.listMessages(b.db, general.id), (m) => m.length === 5);
    await settle();
    expect(b.shown).toHaveLength(2);

    // Clicking opens the group on its thread.
    b.click(b.shown[0]!.id);
    expect(b.opened).toEqual([{ groupId: group.id, threadId: general.id }]);

    // While a sidebar the member looks at shows the group: nothing.
    b.screen.on = true;
    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'Still there, @Bo?');
    await until(() => q.listMessages(b.db, general.id), (m) => m.length === 6);
    await settle();
    expect(b.shown).toHaveLength(2);
    b.screen.on = false;

    // Mentions switched off in the options: nothing either.
    await setSettings(b.db, { notifyMentions: false });
    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'Hello again @Bo');
    await until(() => q.listMessages(b.db, general.id), (m) => m.length === 7);
    await settle();
    expect(b.shown).toHaveLength(2);
    await setSettings(b.db, { notifyMentions: true });
    await hosted.sendMessage(a.db, a.engine, group.id, general.id, 'Last one, @Bo');
    await until(() => b.shown, (s) => s.length === 3);
  });

  it("a request to any group of a community reaches its moderator's device, who is not in that group; not another community's moderator", async () => {
    const h = await hub();
    const profile = (name: string) => ({ name, interests: [], timeZone: 'Europe/Berlin' });
    const olive = device();
    const mo = device();
    const cy = device();
    // Each is signed in on the hub by a group of their own (a community is made by someone signed in).
    for (const [d, name] of [[olive, 'Olive'], [mo, 'Mo'], [cy, 'Cy']] as const) {
      await hosted.createHostedGroup(d.db, d.engine, { name: `${name}'s own`, topic: '', memberLimit: 30, hub: h.url, ownerName: name, context: null });
    }
    const course = await communities.createCommunity(olive.db, olive.engine, { hub: h.url, name: 'Pottery course', about: '', owner: profile('Olive') });
    const choir = await communities.createCommunity(cy.db, cy.engine, { hub: h.url, name: 'Choir', about: '', owner: profile('Cy') });
    const link = (await (await communities.managerCalls(olive.db, olive.engine, h.url)).invite(course.community.id)).url;
    const { community: moIn } = await communities.joinCommunity(mo.db, mo.engine, { link, ...profile('Mo') });
    await communities.setRole(olive.db, olive.engine, { hub: h.url, communityId: course.community.id, memberId: moIn.me.id, role: 'moderator' });
    // Mo's device hears of his new role (and lists it).
    await until(() => mo.db.hubs.get(h.url), (r) => r?.communities?.[0]?.role === 'moderator');
    // Wheel is Olive's group in the course: Mo moderates the course, not Wheel, and is not in it.
    const wheel = await communities.createCommunityGroup(olive.db, olive.engine, { hub: h.url, communityId: course.community.id, name: 'Wheel', topic: '', memberLimit: 30 });
    await until(() => q.hubStatuses(mo.db), (s) => s[0]?.state === 'online');
    await until(() => q.hubStatuses(cy.db), (s) => s[0]?.state === 'online');
    await until(() => q.hubStatuses(olive.db), (s) => s[0]?.state === 'online');

    // A student joins the course and asks to join Wheel (through the hub's API, as any client would).
    const code = link.split('/').pop()!;
    const asks = async (name: string, message: string) => {
      const json = { 'content-type': 'application/json' };
      const student = await (await fetch(`${h.url}/community-invites/${code}`, { method: 'POST', headers: json, body: JSON.stringify(profile(name)) })).json();
      const asked = await fetch(`${h.url}/communities/${course.community.id}/groups/${wheel}/requests`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${student.token}` },
        body: JSON.stringify({ message }),
      });
      expect(asked.status).toBe(200);
    };
    await asks('Ivy', 'Beginner here');
    await until(() => mo.shown, (s) => s.length === 1);
    expect(mo.shown[0]).toMatchObject({ title: 'New join request: Wheel', message: 'Ivy asks to join.' });
    // Olive owns Wheel on her device: told once, by the group's own frame.
    await until(() => olive.shown, (s) => s.length === 1);
    expect(olive.shown[0]).toMatchObject({ title: 'New join request: Wheel', message: 'Ivy asks to join.' });
    await settle();
    expect(olive.shown).toHaveLength(1);
    // Cy moderates (owns) another community: nothing.
    expect(cy.shown).toEqual([]);
    void choir;
    // Clicking opens the course in Nook's page.
    mo.click(mo.shown[0]!.id);
    expect(mo.openedCommunities).toEqual([course.community.id]);
    expect(mo.opened).toEqual([]);
    // The same request told again (a decision elsewhere) is no news.
    const [request] = await communities.listRequests(mo.db, mo.engine, h.url, course.community.id);
    expect(request).toMatchObject({ name: 'Ivy', groupName: 'Wheel', message: 'Beginner here' });
    await communities.decideRequest(mo.db, mo.engine, { hub: h.url, groupId: wheel, requestId: request!.id, decision: 'approve' });
    await settle();
    expect(mo.shown).toHaveLength(1);

    // While Mo has the course open in front of him, its requests show there, not as notifications.
    mo.screen.community = course.community.id;
    await asks('Jo', '');
    await until(() => communities.listRequests(mo.db, mo.engine, h.url, course.community.id), (r) => r.some((x) => x.name === 'Jo'));
    await until(() => olive.shown, (s) => s.length === 2);
    await settle();
    expect(mo.shown).toHaveLength(1);
  });
});
