import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();

function open(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/live', ['nook.v1'], { headers });
  const received: { t: string }[] = [];
  ws.on('message', (d) => received.push(JSON.parse(d.toString())));
  const closed = new Promise<number>((r) => ws.once('close', r));
  return { ws, received, closed, opened: new Promise((r) => ws.once('open', r)) };
}

describe('live channel', () => {
  it('lets the widget panel in by its session cookie, from the hub origin only', async () => {
    const { api, url } = await hubs.start('sqlite');
    const g = await api.group();
    const invite = await api.invite(g.groupId, g.token);
    const joined = await api.post(`/join/${invite.code}`, { name: 'Visitor', session: 'cookie' });
    const cookie = (joined.headers.get('set-cookie') ?? '').split(';')[0]!;
    const host = new URL(url).host;

    const panel = open(url, { cookie, origin: `http://${host}` });
    await panel.opened;
    panel.ws.send(JSON.stringify({ t: 'hello', groups: { [g.groupId]: 0 } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(panel.received.map((m) => m.t)).toEqual(expect.arrayContaining(['ready', 'events', 'synced']));
    panel.ws.close();

    // Another site opening a socket to the hub carries the cookie too; it is not honoured.
    const evil = open(url, { cookie, origin: 'https://evil.example' });
    await evil.opened;
    evil.ws.send(JSON.stringify({ t: 'hello', groups: { [g.groupId]: 0 } }));
    expect(await evil.closed).toBe(4401);
    expect(evil.received.map((m) => m.t)).toEqual(['error']);
  });

  it('drops a peer that stops answering pings, and keeps one that answers', async () => {
    const { api, url, hub } = await hubs.start('sqlite', { heartbeatMs: 100 });
    const g = await api.group();
    const alive = await LiveClient.connect(url, g.token, { [g.groupId]: 0 });
    const dead = await LiveClient.connect(url, g.token, { [g.groupId]: 0 });
    // A sleeping laptop: pings arrive, nothing comes back.
    dead.ws.pong = () => {};
    expect(await dead.waitClosed(2_000)).toBe(1006);
    await expect.poll(() => hub.connections).toBe(1);
    await api.thread(g.groupId, g.token);
    await alive.waitForSeq(g.groupId, 3);
    alive.close();
  });

  it('says goodbye to a socket that never says hello', async () => {
    const { url } = await hubs.start('sqlite', { helloTimeoutMs: 100 });
    const silent = open(url, {});
    await silent.opened;
    expect(await silent.closed).toBe(4408);
  });
});
