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
});
