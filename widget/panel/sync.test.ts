import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { HubOptions } from '../../hub/server';
import type { Api } from '../../hub/testing/api';
import { ManualClock } from '../../hub/testing/clock';
import { useHubs } from '../../hub/testing/hubs';
import { browserFor as cookieBrowser } from '../../sync/testing/sides';
import { backOffProxy } from '../../hub/testing/live-client';
import type { Transport } from '../../messaging/transport';
import { openCache } from './cache';
import { PanelSync, type PanelEnv } from './sync';
import { panelTransport } from './transport';
import { until } from '../../tests/support/until';

/**
 * The panel's data owner against a real hub over real sockets, in Node: a cookie jar stands
 * in for the browser (the hub's HttpOnly cookie is sent back on HTTP and on the WebSocket
 * upgrade, with the hub's own Origin, as the panel's own page would).
 */
const hubs = useHubs();
const panels: PanelSync[] = [];
afterEach(() => {
  for (const p of panels.splice(0)) p.close();
});

async function hub(o: HubOptions = {}) {
  const { hub: h, api, options } = await hubs.start('sqlite', o);
  return { h, api, options };
}

/** A browser profile: its cookie jar, and the fetch and WebSocket that use it. */
function browserFor(hubUrl: string, o: { cache?: boolean } = {}): PanelEnv {
  const browser = cookieBrowser(hubUrl);
  return {
    hub: hubUrl,
    fetch: browser.fetch,
    WebSocket: browser.WebSocket as unknown as PanelEnv['WebSocket'],
    now: () => Date.now(),
    uuid: () => randomUUID(),
    openCache: o.cache ? openCache : undefined,
    waitPollMs: 100,
  };
}

function panel(env: PanelEnv, groupId: string): { sync: PanelSync; transport: Transport } {
  const sync = new PanelSync(env, groupId);
  panels.push(sync);
  return { sync, transport: panelTransport(sync) };
}

/** A group whose owner uses the API with a bearer token (as the extension does), with its general thread. */
async function ownedGroup(api: Api, o: { allowRequests?: boolean } = {}) {
  const g = await api.group({ name: 'Knitters', ownerName: 'Olive', allowRequests: o.allowRequests });
  const threadId = await api.thread(g.groupId, g.token);
  const invite = await api.invite(g.groupId, g.token);
  return { ...g, threadId, invite: invite.url };
}

const online = (sync: PanelSync) => until(() => sync.store.status.value?.state, (s) => s === 'online');

describe('widget panel sync', () => {
  it('a visitor sees the group, joins with an invite (cookie session) and talks live with a member elsewhere', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api);
    const { sync, transport } = panel(browserFor(h.url), g.groupId);
    await sync.start();
    expect(sync.phase.value).toMatchObject({ t: 'visitor', about: { name: 'Knitters', memberCount: 1, memberLimit: 30, allowRequests: false }, waiting: false });

    expect(await sync.join(g.invite, 'Vi')).toBeNull();
    expect(sync.phase.value.t).toBe('member');
    await online(sync);
    const threads = transport.live('threads.list', { groupId: g.groupId });
    await until(() => threads.state.value.value, (t) => t?.length === 1);

    const sent = await transport.call('messages.send', { groupId: g.groupId, threadId: g.threadId, body: 'Hello @Olive' });
    expect(sent.delivery).toBe('pending');
    const list = transport.live('messages.list', { threadId: g.threadId });
    await until(() => list.state.value.value, (m) => m?.[0]?.delivery === 'sent');

    await api.message(g.groupId, g.threadId, g.token, 'Welcome, Vi');
    const both = await until(() => list.state.value.value ?? [], (m) => m.length === 2);
    expect(both.map((m) => [m.body, m.authorName, m.mine])).toEqual([
      ['Hello @Olive', 'Vi', true],
      ['Welcome, Vi', 'Olive', false],
    ]);
    // The hub has Vi's message once, from Vi's cookie identity.
    const events = await api.events(g.groupId, g.token);
    expect(events.filter((e) => e.kind === 'message.posted').map((e) => e.data.body)).toEqual(['Hello @Olive', 'Welcome, Vi']);

    const members = await transport.call('groups.members', { id: g.groupId });
    expect(members.map((m) => [m.name, m.role, m.self])).toEqual([
      ['Olive', 'owner', false],
      ['Vi', 'member', true],
    ]);
    // The history a first visit catches up with is not news; what comes after is.
    expect(sync.store.threads.get(g.threadId)?.unread).toBe(1);
  });

  it('a visitor who joins after edits and deletes holds only the current text; later edits arrive live', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api);
    const at = (id: string) => `/groups/${g.groupId}/messages/${id}`;
    const edited = await api.message(g.groupId, g.threadId, g.token, 'first draft');
    await api.patch(at(edited.id), { body: 'final words' }, g.token);
    const gone = await api.message(g.groupId, g.threadId, g.token, 'regrettable');
    await api.del(at(gone.id), g.token);

    const { sync, transport } = panel(browserFor(h.url), g.groupId);
    await sync.start();
    expect(await sync.join(g.invite, 'Vi')).toBeNull();
    await online(sync);
    const list = transport.live('messages.list', { threadId: g.threadId });
    const held = await until(() => list.state.value.value ?? [], (m) => m.length === 2);
    expect(held.map((m) => [m.body, m.editedAt !== null, m.deleted])).toEqual([
      ['final words', true, false],
      ['', false, true],
    ]);
    expect(JSON.stringify(sync.store.messages.all())).not.toMatch(/first draft|regrettable/);

    await api.patch(at(edited.id), { body: 'final words, really' }, g.token);
    await until(() => list.state.value.value ?? [], (m) => m[0]?.body === 'final words, really');
  });

  it('the same browser comes back as a member; another one is a visitor', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api);
    const env = browserFor(h.url);
    const first = panel(env, g.groupId);
    await first.sync.start();
    await first.sync.join(g.invite, 'Vi');
    first.sync.close();

    const again = panel(env, g.groupId);
    await again.sync.start();
    expect(again.sync.phase.value.t).toBe('member');
    const stranger = panel(browserFor(h.url), g.groupId);
    await stranger.sync.start();
    expect(stranger.sync.phase.value.t).toBe('visitor');
  });

  it('refuses an invite to another group, and says why an unknown or malformed group cannot open', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api);
    const other = await ownedGroup(api);
    const { sync } = panel(browserFor(h.url), g.groupId);
    await sync.start();
    expect(await sync.join(other.invite, 'Vi')).toBe('other_group');
    expect(await sync.join('https://elsewhere.example/join/abcdefgh1234', 'Vi')).toBe('other_hub');
    await expect(sync.join('not a link', 'Vi')).rejects.toMatchObject({ code: 'invite_link_invalid' });
    expect(sync.phase.value.t).toBe('visitor');

    const unknown = panel(browserFor(h.url), randomUUID());
    await unknown.sync.start();
    expect(unknown.sync.phase.value).toEqual({ t: 'problem', code: 'group_not_found' });
    const down = panel(browserFor('http://127.0.0.1:1'), g.groupId);
    await down.sync.start();
    expect(down.sync.phase.value).toEqual({ t: 'problem', code: 'hub_unreachable' });
  });

  it('asks to join, waits, and comes in when a moderator approves', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api, { allowRequests: true });
    const { sync } = panel(browserFor(h.url), g.groupId);
    await sync.start();
    await sync.ask('Asker', 'I knit socks');
    expect(sync.phase.value).toMatchObject({ t: 'visitor', waiting: true });
    const { body } = await api.get(`/groups/${g.groupId}/requests`, g.token);
    await api.post(`/groups/${g.groupId}/requests/${body.requests[0].id}`, { decision: 'approve' }, g.token);
    await until(() => sync.phase.value.t, (t) => t === 'member');
  });

  it('keeps a message written while the hub is down and delivers it exactly once', async () => {
    const { h, api, options } = await hub();
    const g = await ownedGroup(api);
    const { sync, transport } = panel(browserFor(h.url), g.groupId);
    await sync.start();
    await sync.join(g.invite, 'Vi');
    await online(sync);
    await h.close();
    await until(() => sync.store.status.value?.state, (s) => s === 'offline');

    const sent = await transport.call('messages.send', { groupId: g.groupId, threadId: g.threadId, body: 'Written offline' });
    expect(sent.delivery).toBe('pending');
    expect((await transport.call('sync.status', undefined))[0]!.pending).toBe(1);

    const back = await hub({ ...options, port: h.port });
    await until(() => sync.store.messages.get(sent.id)?.delivery, (d) => d === 'sent', 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const events = await back.api.events(g.groupId, g.token);
    expect(events.filter((e) => e.kind === 'message.posted').map((e) => e.data.id)).toEqual([sent.id]);
    expect((await transport.call('messages.list', { threadId: g.threadId })).map((m) => m.body)).toEqual(['Written offline']);
  });

  it('a member the hub signed out (unused too long) is back at the visitor view, told to join again', async () => {
    const clock = new ManualClock(Date.now());
    const { h, api } = await hub({ clock, heartbeatMs: 100 });
    const g = await ownedGroup(api);
    const { sync } = panel(browserFor(h.url), g.groupId);
    await sync.start();
    expect(await sync.join(g.invite, 'Vi')).toBeNull();
    await online(sync);
    clock.advance(181 * 24 * 3600_000);
    await until(() => sync.phase.value, (p) => p.t === 'visitor');
    expect(sync.phase.value).toMatchObject({ t: 'visitor', ended: 'expired', about: { name: 'Knitters' } });
    // What this device held of the group went with the session.
    expect(sync.store.threads.all()).toEqual([]);
  });

  it('signs out on this device: the hub forgets the session and the panel shows the way in', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api);
    const env = browserFor(h.url);
    const { sync } = panel(env, g.groupId);
    await sync.start();
    expect(await sync.join(g.invite, 'Vi')).toBeNull();
    await online(sync);
    await sync.signOut();
    expect(sync.phase.value).toMatchObject({ t: 'visitor', ended: 'signed-out' });
    // The same browser, later: a visitor.
    const again = panel(env, g.groupId).sync;
    await again.start();
    expect(again.phase.value).toMatchObject({ t: 'visitor', ended: null });
  });

  it('a removed member loses the discussion at once and sees the way in again', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api);
    const { sync, transport } = panel(browserFor(h.url), g.groupId);
    await sync.start();
    await sync.join(g.invite, 'Vi');
    await online(sync);
    const vi = (await transport.call('groups.members', { id: g.groupId })).find((m) => m.self)!;
    await api.del(`/groups/${g.groupId}/members/${vi.id}`, g.token);
    await until(() => sync.phase.value, (p) => p.t === 'visitor');
    expect(sync.phase.value).toMatchObject({ t: 'visitor', ended: 'removed' });
    expect(sync.store.messages.all()).toEqual([]);
    await expect(transport.call('messages.send', { groupId: g.groupId, threadId: g.threadId, body: 'still here?' })).rejects.toMatchObject({
      error: { code: 'not_member' },
    });
  });

  it('where storage is allowed, the next visit starts from the IndexedDB cache and resumes from its number', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api);
    for (let i = 0; i < 5; i++) await api.message(g.groupId, g.threadId, g.token, `old ${i}`);
    const env = browserFor(h.url, { cache: true });
    const first = panel(env, g.groupId);
    await first.sync.start();
    await first.sync.join(g.invite, 'Vi');
    await online(first.sync);
    await until(() => first.sync.store.messages.all().length, (n) => n === 5);
    const seq = first.sync.store.memberships.get(g.groupId)!.seq;
    await new Promise((r) => setTimeout(r, 500)); // the cache saves shortly after a change
    first.sync.close();

    await api.message(g.groupId, g.threadId, g.token, 'while away');
    const again = panel(env, g.groupId);
    const hello: unknown[] = [];
    const Socket = env.WebSocket;
    again.sync.env.WebSocket = class extends (Socket as unknown as typeof WebSocket) {
      override send(data: string) {
        hello.push(JSON.parse(data));
        super.send(data);
      }
    } as unknown as PanelEnv['WebSocket'];
    await again.sync.start();
    // Restored before the socket opened: it asked only for what came after.
    await until(() => hello.length, (n) => n > 0);
    expect(hello[0]).toEqual({ t: 'hello', groups: { [g.groupId]: seq } });
    const list = await until(
      () => again.transport.call('messages.list', { threadId: g.threadId }),
      (m) => m.length === 6,
    );
    expect(list.map((m) => m.body)).toEqual(['old 0', 'old 1', 'old 2', 'old 3', 'old 4', 'while away']);
    // What arrived while away is unread news.
    expect(again.sync.store.threads.get(g.threadId)?.unread).toBe(1);
  });

  it('told by the hub to back off, comes back later and resumes from its last event, showing no error', async () => {
    const { h, api } = await hub();
    const g = await ownedGroup(api);
    const proxy = await backOffProxy(h.url);
    try {
      const { sync, transport } = panel(browserFor(proxy.url), g.groupId);
      await sync.start();
      await sync.join(g.invite.replace(h.url, proxy.url), 'Vi');
      await proxy.cut;
      await api.message(g.groupId, g.threadId, g.token, 'while told to wait');
      const list = await until(
        () => transport.call('messages.list', { threadId: g.threadId }),
        (m) => m.length > 0,
        20_000,
      );
      expect(list.map((m) => m.body)).toEqual(['while told to wait']);
      expect(proxy.sockets).toBe(2);
      expect(sync.phase.value.t).toBe('member');
      expect(sync.store.status.value).toMatchObject({ state: 'online', error: null });
    } finally {
      await proxy.close();
    }
  });
});
