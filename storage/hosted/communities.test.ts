import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHub, type RunningHub } from '../../hub/server';
import { UserError } from '../../protocol/errors';
import { hubClient, unwrap } from '../../sync/client';
import { openDb, type NookDB } from '../db';
import * as hosted from './actions';
import * as communities from './communities';
import { until } from '../../tests/support/until';
import { SyncEngine } from './engine';

/**
 * Communities as the extension's background keeps them, against a real hub: the identity a
 * join brings, and groups the member is in (made by applying cohorts) becoming their hosted
 * groups on the device, stored and followed.
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
  const dir = mkdtempSync(join(tmpdir(), 'nook-communities-'));
  dirs.push(dir);
  const h = await startHub({ port: 0, dataDir: dir, log: () => undefined, rateLimit: false });
  hubs.push(h);
  return h.url;
}

let n = 0;
function device(): { db: NookDB; engine: SyncEngine } {
  const db = openDb(`communities-test-${n++}-${Math.random()}`);
  // What the hub tells of the member's communities is heard as the background hears it (entrypoints/background/index.ts).
  const engine: SyncEngine = new SyncEngine(db, {
    fetch: (i, init) => fetch(i, init),
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    now: () => Date.now(),
    onCommunity: (url, communityId) => void communities.heard(db, engine, url, communityId),
  });
  engines.push(engine);
  return { db, engine };
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof UserError ? e.code : e;
  }
  return 'done';
};

async function owner(url: string) {
  const d = device();
  await hosted.createHostedGroup(d.db, d.engine, { name: 'Scratch', topic: '', memberLimit: 30, hub: url, ownerName: 'Ada' });
  const c = await communities.createCommunity(d.db, d.engine, { hub: url, name: 'Sourdough school', about: '', owner: { name: 'Ada', interests: [], timeZone: 'UTC' } });
  const invite = await (await communities.managerCalls(d.db, d.engine, url)).invite(c.community.id);
  return { ...d, c, link: invite.url };
}

describe('communities on the device', () => {
  it('makes a community only as someone signed in on the hub, and says so otherwise', async () => {
    const url = await hub();
    const stranger = device();
    expect(await refusal(communities.createCommunity(stranger.db, stranger.engine, { hub: url, name: 'X', about: '', owner: { name: 'Zed', interests: [], timeZone: 'UTC' } }))).toBe(
      'community_needs_identity',
    );
    expect(await stranger.db.hubs.count()).toBe(0);
    const ada = await owner(url);
    expect((await communities.listCommunities(ada.db, ada.engine)).communities.map((c) => [c.hub, c.community.name, c.me.role])).toEqual([[url, 'Sourdough school', 'owner']]);
  });

  it('joins by the link with a new identity, refuses what is not a community link, and lists the community', async () => {
    const url = await hub();
    const ada = await owner(url);
    const bo = device();
    expect(await refusal(communities.joinCommunity(bo.db, bo.engine, { link: `${url}/join/AAAAAAAAAAAA`, name: 'Bo', interests: [], timeZone: 'UTC' }))).toBe('community_link_invalid');
    const preview = await communities.previewInvite(bo.engine, ada.link);
    expect(preview.community.name).toBe('Sourdough school');
    const joined = await communities.joinCommunity(bo.db, bo.engine, { link: ada.link, name: 'Bo', interests: ['rye'], timeZone: 'Asia/Tokyo' });
    expect(joined).toMatchObject({ groupId: null, community: { hub: url, memberCount: 2, me: { name: 'Bo', interests: ['rye'], timeZone: 'Asia/Tokyo', role: 'member' } } });
    expect((await bo.db.hubs.get(url))?.memberId).toBe(joined.community.me.id);
    // Again: already in, nothing changes.
    await communities.joinCommunity(bo.db, bo.engine, { link: ada.link, name: 'Bo', interests: ['rye'], timeZone: 'Asia/Tokyo' });
    expect((await communities.listCommunities(bo.db, bo.engine)).communities).toHaveLength(1);
  });

  it("makes the groups applying cohorts made the owner's and the member's on their devices, followed like any hosted group", async () => {
    const url = await hub();
    const ada = await owner(url);
    const bo = device();
    await communities.joinCommunity(bo.db, bo.engine, { link: ada.link, name: 'Bo', interests: ['rye'], timeZone: 'Asia/Tokyo' });
    const calls = await communities.managerCalls(ada.db, ada.engine, url);
    await calls.importRoster(ada.c.community.id, 'name,interests,time zone\nCy,rye,Asia/Seoul\n');
    const proposal = await calls.propose(ada.c.community.id, 2);
    const applied = await communities.applyCohorts(ada.db, ada.engine, { hub: url, communityId: ada.c.community.id, proposalId: proposal.id });
    expect(applied.groups).toHaveLength(1);
    const groupId = applied.groups[0]!.id;
    expect(await ada.db.memberships.get(groupId)).toMatchObject({ hub: url, role: 'owner', endedAt: null });

    // Bo's device does not know the group until the community's groups are asked for.
    expect(await bo.db.memberships.get(groupId)).toBeUndefined();
    const listed = await communities.listGroups(bo.db, bo.engine, url, ada.c.community.id);
    expect(listed.map((g) => [g.id, g.mine])).toEqual([[groupId, true]]);
    expect(await bo.db.memberships.get(groupId)).toMatchObject({ hub: url, role: 'member', endedAt: null });
    expect((await bo.db.groups.get(groupId))?.name).toBe('Sourdough school · Cohort 1');
    expect(await communities.openGroup(bo.db, bo.engine, url, groupId)).toBe(groupId);

    // The CSV of the personal links: Cy's, for the owner to send.
    const csv = await communities.cohortInvitesCsv(ada.db, ada.engine, { hub: url, communityId: ada.c.community.id, proposalId: proposal.id });
    expect(csv.text).toMatch(/^name,group,link\r\nCy,Sourdough school · Cohort 1,http/);
  });

  it('asks to join a group of the community and watches the request as for a listed group', async () => {
    const url = await hub();
    const ada = await owner(url);
    const bo = device();
    await communities.joinCommunity(bo.db, bo.engine, { link: ada.link, name: 'Bo', interests: [], timeZone: 'UTC' });
    const token = (await ada.db.hubs.get(url))!.token;
    const { group } = await unwrap(
      hubClient(url, { token }).communities[':communityId'].groups.$post({ param: { communityId: ada.c.community.id }, json: { name: 'Evening bakers' } }),
    );
    await communities.askToJoin(bo.db, bo.engine, { hub: url, communityId: ada.c.community.id, groupId: group.id, message: ' I bake at night ' });
    expect((await bo.db.hubs.get(url))?.asks?.map((a) => a.groupId)).toEqual([group.id]);
    const listed = await communities.listGroups(bo.db, bo.engine, url, ada.c.community.id);
    expect(listed.find((g) => g.id === group.id)).toMatchObject({ mine: false, requested: true });
    expect(await refusal(communities.openGroup(bo.db, bo.engine, url, group.id))).toBe('not_member');
  });

  it("makes a group in it as its owner, within the schema's limit; a member's other device hears of it, and of his leaving", async () => {
    const url = await hub();
    const ada = await owner(url);
    const communityId = ada.c.community.id;
    const phone = device();
    const { community } = await communities.joinCommunity(phone.db, phone.engine, { link: ada.link, name: 'Bo', interests: [], timeZone: 'UTC' });
    // Bo's laptop: the same identity, moved there (as "Move to another device" does), in no group of the hub.
    const laptop = device();
    await laptop.db.hubs.put({ url, memberId: community.me.id, token: (await phone.db.hubs.get(url))!.token });
    expect((await communities.listCommunities(laptop.db, laptop.engine)).communities).toHaveLength(1);
    await until(() => laptop.db.hubStatus.get(url), (st) => st?.state === 'online');
    const news = async () => (await laptop.db.hubs.get(url))?.communityNews ?? 0;
    const before = await news();

    // A limit past 100 is refused by the protocol's schema before anything is sent.
    expect(await refusal(communities.createCommunityGroup(ada.db, ada.engine, { hub: url, communityId, name: 'Huge', topic: '', memberLimit: 101 }))).toBe('member_limit_range');
    expect(await communities.listGroups(ada.db, ada.engine, url, communityId)).toEqual([]);
    const groupId = await communities.createCommunityGroup(ada.db, ada.engine, { hub: url, communityId, name: ' Rye bakers ', topic: 'Dark loaves', memberLimit: 12 });
    expect(await ada.db.memberships.get(groupId)).toMatchObject({ hub: url, role: 'owner', endedAt: null });
    expect((await ada.db.groups.get(groupId))?.name).toBe('Rye bakers');
    // The laptop hears that the community's groups changed: its view would ask again.
    await until(news, (at) => at > before);

    // Bo asks in from his phone, then leaves from it: the request is withdrawn, the laptop drops the community.
    await communities.askToJoin(phone.db, phone.engine, { hub: url, communityId, groupId, message: '' });
    expect((await phone.db.hubs.get(url))?.asks?.map((a) => a.groupId)).toEqual([groupId]);
    await communities.leaveCommunity(phone.db, phone.engine, { hub: url, communityId });
    expect(await phone.db.hubs.get(url)).toMatchObject({ asks: [], communities: [] });
    expect((await communities.listCommunities(phone.db, phone.engine)).communities).toEqual([]);
    await until(() => laptop.db.hubs.get(url), (r) => r?.communities?.length === 0);
    expect(await communities.listRequests(ada.db, ada.engine, url, communityId)).toEqual([]);
    // Its owner cannot leave: the hub says why.
    expect(await refusal(communities.leaveCommunity(ada.db, ada.engine, { hub: url, communityId }))).toBe('community_owner_stays');
  });
});
