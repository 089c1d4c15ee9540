import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHub, type RunningHub } from '../../hub/server';
import { openDb } from '../db';
import { createGroup } from '../groups';
import { setSettings } from '../settings';
import { until } from '../../tests/support/until';
import { normalizeHub } from '../validate';
import * as hosted from './actions';
import { SyncEngine } from './engine';

/**
 * A bearer token sent to an http:// hub crosses the network in clear. The extension refuses
 * such hubs wherever a member can type or paste one, except on this computer (loopback).
 */
const dirs: string[] = [];
const running: RunningHub[] = [];
const engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) e.stop();
  await Promise.all(running.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let n = 0;
/** A device whose every request and socket is recorded: a refusal must send nothing. */
function device() {
  const db = openDb(`hub-address-${n++}-${Math.random()}`);
  const sent: string[] = [];
  const engine = new SyncEngine(db, {
    fetch: (input, init) => {
      sent.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
    WebSocket: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        sent.push(url);
        super(url, protocols);
      }
    } as unknown as typeof globalThis.WebSocket,
    now: () => Date.now(),
  });
  engines.push(engine);
  return { db, engine, sent };
}

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code);

describe('plain http hubs', () => {
  it('are refused where the member types a hub or pastes an invite, and nothing is sent to them', async () => {
    const { db, engine, sent } = device();
    expect(await refusal(hosted.createHostedGroup(db, engine, { name: 'G', topic: '', memberLimit: 10, hub: 'http://hub.example', ownerName: 'Ada' }))).toBe('hub_insecure');
    expect(await refusal(hosted.joinGroup(db, engine, { link: 'http://hub.example/join/ABCDEFGH23', name: 'Ada', defaultHub: null }))).toBe('hub_insecure');
    expect(await refusal(hosted.joinGroup(db, engine, { link: 'ABCDEFGH23', name: 'Ada', defaultHub: 'http://hub.example' }))).toBe('hub_insecure');
    expect(await refusal(hosted.redeemLinkCode(db, engine, 'http://hub.example', 'ABCDE-FGHJK'))).toBe('hub_insecure');
    expect(await refusal(createGroup(db, { name: 'G', hub: 'http://hub.example' }))).toBe('hub_insecure');
    expect(await refusal(setSettings(db, { defaultHub: 'http://hub.example' }))).toBe('hub_insecure');
    expect(sent).toEqual([]);
    expect(await db.hubs.count()).toBe(0);
  });

  it('are allowed on loopback only: 127.0.0.0/8, ::1 and localhost', () => {
    for (const ok of ['https://hub.example', 'http://127.0.0.1:8787', 'http://127.9.8.7', 'http://[::1]:8787', 'http://localhost:3000', 'http://LOCALHOST']) {
      expect(() => normalizeHub(ok), ok).not.toThrow();
    }
    for (const bad of ['http://hub.example', 'http://127.0.0.1.nip.io', 'http://localhost.evil.example', 'http://0.0.0.0:8787', 'http://192.168.1.2', 'http://[::ffff:7f00:1]', 'http://[fe80::1]']) {
      expect(() => normalizeHub(bad), bad).toThrow(expect.objectContaining({ code: 'hub_insecure' }));
    }
  });

  it('a hub on this computer over http still works end to end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nook-hub-address-'));
    dirs.push(dir);
    const hub = await startHub({ port: 0, dataDir: dir, log: () => undefined, rateLimit: false });
    running.push(hub);
    const { db, engine } = device();
    const group = await hosted.createHostedGroup(db, engine, { name: 'Local', topic: '', memberLimit: 10, hub: hub.url, ownerName: 'Ada' });
    expect(group.hub).toBe(hub.url);
    await until(() => db.hubStatus.get(hub.url), (s) => s?.state === 'online');
  });

  it('an http hub stored before this rule gets neither the token nor a socket', async () => {
    const { db, engine, sent } = device();
    await db.hubs.put({ url: 'http://hub.example', memberId: crypto.randomUUID(), token: 'nk_secret' });
    await db.memberships.put({ groupId: crypto.randomUUID(), hub: 'http://hub.example', memberId: 'm', role: 'member', memberCount: 2, seq: 0, endedAt: null, endedReason: null });
    await engine.start();
    const status = await until(() => db.hubStatus.get('http://hub.example'), (s) => s !== undefined);
    expect(status?.error?.code).toBe('hub_insecure');
    expect(sent).toEqual([]);
  });
});
