import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../tests/support/redis';
import { useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();
let redis: Promise<TestRedis> | undefined;
afterAll(async () => {
  if (redis) await (await redis).stop();
});

const fanouts = {
  'Postgres LISTEN/NOTIFY': async () => ({}),
  'Redis pub/sub': async () => ({ redisUrl: (await (redis ??= startRedis())).url }),
};

describe.each(Object.keys(fanouts) as (keyof typeof fanouts)[])('two hubs on one Postgres, fan-out through %s', (via) => {
  it('a member on hub A gets what is posted through hub B, and loses the group at once when B removes them', async () => {
    const extra = await fanouts[via]();
    const databaseUrl = await hubs.postgresUrl();
    // The periodic sweep would hide a broken bus; push it out of the test's reach.
    const a = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000, ...extra });
    const b = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000, ...extra });

    const g = await b.api.group();
    const m = await b.api.member(g.groupId, g.token, 'Mo');
    const live = await LiveClient.connect(a.url, m.token, { [g.groupId]: 0 });
    await live.waitFor((x) => x.t === 'synced');
    const head = live.events(g.groupId).at(-1)!.seq;

    const t = await b.api.thread(g.groupId, g.token);
    const msg = await b.api.message(g.groupId, t, g.token, 'from hub B');
    await live.waitForSeq(g.groupId, msg.seq, 3_000);
    expect(live.events(g.groupId).map((e) => e.seq)).toEqual(Array.from({ length: msg.seq }, (_, i) => i + 1));
    expect(live.events(g.groupId).at(-1)).toMatchObject({ kind: 'message.posted', data: { body: 'from hub B' } });
    expect(head).toBeLessThan(msg.seq);

    // Written on A, read on B: one database.
    expect((await a.api.get(`/groups/${g.groupId}/threads/${t}/messages`, m.token)).body.messages).toHaveLength(1);

    await b.api.del(`/groups/${g.groupId}/members/${m.memberId}`, g.token);
    expect(await live.waitFor((x) => x.t === 'revoked', 3_000)).toMatchObject({ group: g.groupId, reason: 'removed' });
    expect((await a.api.get(`/groups/${g.groupId}`, m.token)).status).toBe(403);
    live.close();
  });

  it('a read on hub B is told to the member’s socket on hub A once; a join request on B to the owner’s socket on A', async () => {
    const extra = await fanouts[via]();
    const databaseUrl = await hubs.postgresUrl();
    const a = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000, ...extra });
    const b = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000, ...extra });
    const g = await b.api.group({ allowRequests: true });
    const m = await b.api.member(g.groupId, g.token, 'Mo');
    const t = await b.api.thread(g.groupId, g.token);
    const msg = await b.api.message(g.groupId, t, g.token, 'read me');
    const phone = await LiveClient.connect(a.url, m.token, { [g.groupId]: 0 });
    const owner = await LiveClient.connect(a.url, g.token, { [g.groupId]: 0 });
    await phone.waitFor((x) => x.t === 'reads');
    await owner.waitFor((x) => x.t === 'synced');

    expect((await b.api.put(`/groups/${g.groupId}/threads/${t}/read`, { seq: msg.seq }, m.token)).status).toBe(200);
    await phone.waitFor((x) => x.t === 'reads' && x.reads.length === 1, 3_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(phone.received.filter((x) => x.t === 'reads')).toHaveLength(2);

    expect((await b.api.post(`/groups/${g.groupId}/requests`, { name: 'Newcomer', message: 'Hi' })).status).toBe(200);
    await owner.waitFor((x) => x.t === 'requests' && x.group === g.groupId, 3_000);
    expect(phone.received.some((x) => x.t === 'requests')).toBe(false);
    phone.close();
    owner.close();
  });

  it("a join request through hub B to a community's group reaches its moderator's socket on hub A; a role made on B re-seats A's socket", async () => {
    const extra = await fanouts[via]();
    const databaseUrl = await hubs.postgresUrl();
    const a = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000, ...extra });
    const b = await hubs.start('postgres', { databaseUrl, sweepMs: 600_000, ...extra });
    const owner = await b.api.group({ ownerName: 'Olive' });
    const made = await b.api.post('/communities', { id: randomUUID(), name: 'Course', owner: { name: 'Olive', timeZone: 'UTC' } }, owner.token);
    const communityId = made.body.community.id as string;
    const invite = await b.api.post(`/communities/${communityId}/invites`, {}, owner.token);
    const join = async (name: string) => (await b.api.post(`/community-invites/${invite.body.invite.code}`, { name, timeZone: 'UTC' })).body;
    const mo = await join('Mo');
    const ivy = await join('Ivy');
    const group = await b.api.post(`/communities/${communityId}/groups`, { id: randomUUID(), name: 'Wheel' }, owner.token);
    const moLive = await LiveClient.connect(a.url, mo.token);
    // Made a moderator through B: A's socket hears it and reads the new role.
    expect((await b.api.put(`/communities/${communityId}/members/${mo.me.id}/role`, { role: 'moderator' }, owner.token)).status).toBe(200);
    await moLive.waitFor((x) => x.t === 'communities', 3_000);
    expect((await b.api.post(`/communities/${communityId}/groups/${group.body.group.id}/requests`, {}, ivy.token)).status).toBe(200);
    // The request's notice, whatever else of the community's comes first (Wheel's notice may still be on its way).
    expect(await moLive.waitFor((x) => x.t === 'community' && x.what === 'requests', 3_000)).toEqual({ t: 'community', community: communityId, what: 'requests' });
    moLive.close();
  });

  it('posts through both hubs at once, each client id sent to both: numbers 1, 2, 3, ..., each post once', async () => {
    const extra = await fanouts[via]();
    const databaseUrl = await hubs.postgresUrl();
    const a = await hubs.start('postgres', { databaseUrl, ...extra });
    const b = await hubs.start('postgres', { databaseUrl, ...extra });
    const g = await a.api.group();
    const members = await Promise.all(Array.from({ length: 4 }, (_, i) => b.api.member(g.groupId, g.token, `M${i}`)));
    const t = await a.api.thread(g.groupId, g.token);
    const path = `/groups/${g.groupId}/threads/${t}/messages`;
    const posts = members.flatMap((m) => Array.from({ length: 10 }, (_, i) => ({ token: m.token, id: randomUUID(), body: `n${i}` })));
    // A client that resends through the other instance (its first answer lost) must not post twice.
    const answers = await Promise.all(
      posts.flatMap((p) => [a.api.post(path, { id: p.id, body: p.body }, p.token), b.api.post(path, { id: p.id, body: p.body }, p.token)]),
    );
    expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    for (let i = 0; i < posts.length; i++) expect(answers[2 * i]!.body.message.seq).toBe(answers[2 * i + 1]!.body.message.seq);

    const events = await b.api.events(g.groupId, g.token);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const posted = events.filter((e) => e.kind === 'message.posted').map((e) => e.data.id as string);
    expect(posted.sort()).toEqual(posts.map((p) => p.id).sort());
  });
});
