import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHub, type RunningHub } from '../../hub/server';
import { Api } from '../../hub/testing/api';
import { ManualClock } from '../../hub/testing/clock';
import { until } from '../../tests/support/until';
import { openDb } from '../db';
import * as hosted from './actions';
import { SyncEngine } from './engine';

/** The extension when the hub signs its device out: by expiry, or from the member's other device. */
const DAY = 24 * 3600_000;
const dirs: string[] = [];
const running: RunningHub[] = [];
const engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) e.stop();
  await Promise.all(running.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function hub(clock: ManualClock) {
  const dir = mkdtempSync(join(tmpdir(), 'nook-sessions-'));
  dirs.push(dir);
  const h = await startHub({ port: 0, dataDir: dir, clock, heartbeatMs: 100, log: () => undefined, rateLimit: false });
  running.push(h);
  return h;
}

let n = 0;
function device() {
  const db = openDb(`sessions-${n++}-${Math.random()}`);
  const engine = new SyncEngine(db, { fetch: (i, init) => fetch(i, init), WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, now: () => Date.now() });
  engines.push(engine);
  return { db, engine };
}

describe('a device the hub signed out', () => {
  it('shows token_expired where the group is, and joining again makes it a member anew', async () => {
    const clock = new ManualClock(Date.now());
    const h = await hub(clock);
    const { db, engine } = device();
    await hosted.createHostedGroup(db, engine, { name: 'Old', topic: '', memberLimit: 10, hub: h.url, ownerName: 'Ada' });
    await until(() => db.hubStatus.get(h.url), (s) => s?.state === 'online');

    clock.advance(181 * DAY);
    await until(() => db.hubStatus.get(h.url), (s) => s?.state === 'offline' && s.error?.code === 'token_expired');

    // Signing in again: an invite from someone still signed in.
    const api = new Api(h.url);
    const other = await api.group({ name: 'New' });
    const invite = await api.invite(other.groupId, other.token);
    const joined = await hosted.joinGroup(db, engine, { link: invite.url, name: 'Ada', defaultHub: null });
    expect(joined.name).toBe('New');
    await until(() => db.hubStatus.get(h.url), (s) => s?.state === 'online' && s.error === null);
  });

  it('lists the member’s devices and signs another one out', async () => {
    const clock = new ManualClock(Date.now());
    const h = await hub(clock);
    const laptop = device();
    const phone = device();
    await hosted.createHostedGroup(laptop.db, laptop.engine, { name: 'G', topic: '', memberLimit: 10, hub: h.url, ownerName: 'Ada' });
    const { code } = await hosted.createLinkCode(laptop.db, laptop.engine, h.url);
    expect(await hosted.redeemLinkCode(phone.db, phone.engine, h.url, code)).toBe(1);
    await until(() => phone.db.hubStatus.get(h.url), (s) => s?.state === 'online');

    const devices = await hosted.listDevices(laptop.db, laptop.engine, h.url);
    expect(devices.map((d) => d.kind)).toEqual(['extension', 'extension']);
    const other = devices.find((d) => !d.current)!;
    expect(devices.filter((d) => d.current)).toHaveLength(1);
    expect(await hosted.signOutDevice(laptop.db, laptop.engine, h.url, other.id)).toEqual([expect.objectContaining({ current: true })]);
    await until(() => phone.db.hubStatus.get(h.url), (s) => s?.error?.code === 'bad_token');
  });
});
