import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contextHashes, lookupPrefixes, matchListings, prefixOf } from '../protocol/context-keys';
import { Listing, LookupAnswer } from '../protocol/listings';
import { optionsFromEnv, SettingError } from './config';
import { DENIAL_STANDS_MS } from './store/requests';
import { expectOk, type Api } from './testing/api';
import { ManualClock } from './testing/clock';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const SOCKS = sha('reddit:r/sockknitting');
const THREAD = sha('reddit:thread:t3_1r2k8vq');

/** Hashes of other keys that fall in `hash`'s bucket: the prefix matches, the full hash does not. */
function sameBucket(hash: string, n: number): string[] {
  const found: string[] = [];
  for (let i = 0; found.length < n; i++) {
    const h = sha(`reddit:r/other${i}`);
    if (prefixOf(h) === prefixOf(hash)) found.push(h);
  }
  return found;
}

const lookup = async (api: Api, prefixes: string[], headers: Record<string, string> = {}) => {
  const r = await api.call('POST', '/listings/lookup', { body: { prefixes }, headers });
  expectOk(r);
  return LookupAnswer.parse(r.body);
};

const list = (api: Api, groupId: string, token: string, scope: 'page' | 'community', hash: string, headers: Record<string, string> = {}) =>
  api.call('PUT', `/groups/${groupId}/listing`, { token, body: { scope, hash }, headers });

describe.each(BACKENDS)('listed groups (%s)', (backend) => {
  it('an owner lists a group under a hash; a lookup by its 16-bit prefix finds it, with nothing about members or messages', async () => {
    const { api, url } = await hubs.start(backend);
    const g = await api.group({ name: 'Sock knitters', allowRequests: true, memberLimit: 12 });
    expectOk(await api.patch(`/groups/${g.groupId}`, { topic: 'Heels and toes' }, g.token));
    await api.member(g.groupId, g.token, 'Mia');
    await api.message(g.groupId, await api.thread(g.groupId, g.token), g.token, 'a private word');
    expect((await api.get(`/groups/${g.groupId}/listing`, g.token)).body).toEqual({ listing: null });

    const set = await list(api, g.groupId, g.token, 'community', SOCKS);
    expectOk(set);
    expect(set.body.listing).toMatchObject({ scope: 'community', hash: SOCKS });
    expect((await api.get(`/groups/${g.groupId}/listing`, g.token)).body).toEqual(set.body);

    const answer = await lookup(api, [prefixOf(SOCKS)]);
    expect(answer).toEqual({
      hub: url,
      listings: [{ hash: SOCKS, scope: 'community', groupId: g.groupId, name: 'Sock knitters', topic: 'Heels and toes', memberCount: 2, memberLimit: 12, allowRequests: true }],
    });
    expect(JSON.stringify(answer)).not.toMatch(/Olive|Mia|private/);

    // Listed on a page instead: one listing per group, the new one replaces it.
    expectOk(await list(api, g.groupId, g.token, 'page', THREAD));
    expect((await lookup(api, [prefixOf(SOCKS)])).listings.filter((l) => l.groupId === g.groupId)).toEqual([]);
    expect((await lookup(api, [prefixOf(THREAD)])).listings.map((l) => [l.scope, l.hash])).toEqual([['page', THREAD]]);

    // "Not listed" again.
    expect((await api.del(`/groups/${g.groupId}/listing`, g.token)).body).toEqual({ listing: null });
    expect((await lookup(api, [prefixOf(THREAD)])).listings).toEqual([]);
  });

  it('answers every listing of a bucket, none for an empty one; the client keeps only its own through a collision', async () => {
    const { api } = await hubs.start(backend);
    const ctx = { site: 'reddit', community: 'r/Sourdough', kind: 'thread', id: 't3_1r2k8vq', title: 'Dense loaf', url: 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/x/' } as const;
    const mine = await contextHashes(ctx);
    const twins = sameBucket(mine.community, 12);
    for (const [i, hash] of twins.entries()) {
      const g = await api.group({ name: `Twin ${i}`, allowRequests: true });
      expectOk(await list(api, g.groupId, g.token, 'community', hash));
    }
    const real = await api.group({ name: 'Sourdough circle', allowRequests: true });
    expectOk(await list(api, real.groupId, real.token, 'community', mine.community));
    const onPage = await api.group({ name: 'This loaf', allowRequests: true });
    expectOk(await list(api, onPage.groupId, onPage.token, 'page', mine.page!));

    const answer = await lookup(api, lookupPrefixes(mine));
    expect(answer.listings.length).toBe(twins.length + 2);
    for (const l of answer.listings) expect(Listing.strict().parse(l)).toEqual(l);
    expect(matchListings(mine, answer.listings).map((l) => l.name)).toEqual(['This loaf', 'Sourdough circle']);

    // Only the twins in the bucket: the prefix matches, no full hash does.
    const other = await contextHashes({ ...ctx, community: 'r/Breadit', id: null, kind: 'community', url: 'https://www.reddit.com/r/Breadit/' });
    const empty = ['0000', 'ffff'].find((p) => p !== prefixOf(mine.community) && p !== prefixOf(mine.page!) && p !== prefixOf(other.community))!;
    expect((await lookup(api, [empty])).listings).toEqual([]);
    const collision = { page: null, community: twins[0]!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
    expect(matchListings(collision, answer.listings)).toEqual([]);
  });

  it('refuses prefixes of another size, hashes that are not SHA-256 hex, and more than four prefixes', async () => {
    const { api } = await hubs.start(backend);
    for (const prefixes of [['abc'], ['abcde'], ['ABCD'], [], ['0000', '1111', '2222', '3333', '4444'], [SOCKS]]) {
      const r = await api.post('/listings/lookup', { prefixes });
      expect([r.status, r.body.error.code], JSON.stringify(prefixes)).toEqual([400, 'bad_request']);
    }
    const g = await api.group();
    for (const hash of ['reddit:r/sockknitting', SOCKS.slice(1), SOCKS.toUpperCase()]) {
      expect((await list(api, g.groupId, g.token, 'community', hash)).status).toBe(400);
    }
  });

  it('only the owner lists or clears: not a member, not a moderator, not another group’s owner or moderator', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ allowRequests: true });
    const member = await api.member(g.groupId, g.token, 'Mem');
    const moderator = await api.member(g.groupId, g.token, 'Mod');
    expectOk(await api.put(`/groups/${g.groupId}/members/${moderator.memberId}/role`, { role: 'moderator' }, g.token));
    const other = await api.group({ name: 'Other' });
    const otherMod = await api.member(other.groupId, other.token, 'Om');
    expectOk(await api.put(`/groups/${other.groupId}/members/${otherMod.memberId}/role`, { role: 'moderator' }, other.token));

    const refusals: [string, string | undefined, number, string][] = [
      ['member', member.token, 403, 'forbidden'],
      ['moderator', moderator.token, 403, 'forbidden'],
      ["another group's owner", other.token, 403, 'not_member'],
      ["another group's moderator", otherMod.token, 403, 'not_member'],
      ['nobody', undefined, 401, 'unauthorized'],
    ];
    for (const [who, token, status, code] of refusals) {
      const r = await list(api, g.groupId, token!, 'community', SOCKS);
      expect([r.status, r.body.error.code], `list as ${who}`).toEqual([status, code]);
      const c = await api.del(`/groups/${g.groupId}/listing`, token);
      expect([c.status, c.body.error.code], `clear as ${who}`).toEqual([status, code]);
    }
    expect((await lookup(api, [prefixOf(SOCKS)])).listings).toEqual([]);
    // The moderator may see whether the group is listed; a member may not.
    expectOk(await list(api, g.groupId, g.token, 'community', SOCKS));
    expect((await api.get(`/groups/${g.groupId}/listing`, moderator.token)).body.listing.scope).toBe('community');
    expect((await api.get(`/groups/${g.groupId}/listing`, member.token)).status).toBe(403);
    for (const [who, token] of refusals.slice(0, 4)) {
      expect((await api.del(`/groups/${g.groupId}/listing`, token)).status, who).toBe(403);
    }
    expect((await lookup(api, [prefixOf(SOCKS)])).listings).toHaveLength(1);
  });

  it('with NOOK_LISTINGS=off, nothing is listed, looked up or reported, and says why; a listing can still be cleared', async () => {
    expect(optionsFromEnv({ NOOK_LISTINGS: 'off' }).listings).toBe(false);
    expect(optionsFromEnv({}).listings).toBe(true);
    expect(() => optionsFromEnv({ NOOK_LISTINGS: 'no' })).toThrow(SettingError);
    expect(() => optionsFromEnv({ NOOK_LISTINGS: 'no' })).toThrow(/NOOK_LISTINGS must be "on" or "off"/);

    const on = await hubs.start(backend);
    const g = await on.api.group({ allowRequests: true });
    expectOk(await list(on.api, g.groupId, g.token, 'community', SOCKS));
    await on.hub.close();
    const { api } = await hubs.start(backend, { ...on.options, listings: false });
    for (const r of [
      await list(api, g.groupId, g.token, 'page', THREAD),
      await api.post('/listings/lookup', { prefixes: [prefixOf(SOCKS)] }),
      await api.post(`/groups/${g.groupId}/reports`, { hash: SOCKS, reason: 'spam' }),
    ]) {
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([403, 'listings_off', 'This hub does not list groups.']);
    }
    expectOk(await api.del(`/groups/${g.groupId}/listing`, g.token));
    // Joining by request works as before.
    expectOk(await api.post(`/groups/${g.groupId}/requests`, { name: 'Asa' }));
  });

  it('limits listings and join requests per member and per address', async () => {
    const { api } = await hubs.start(backend, { trustProxy: 1, discoveryRateLimit: { perMinute: 1, burst: 3 } });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const g = await api.group({ allowRequests: true, memberLimit: 100 });

    // One member from one address: three listings, then refused with a wait.
    for (let i = 0; i < 3; i++) expectOk(await list(api, g.groupId, g.token, 'community', SOCKS, from('198.51.100.1')));
    const fourth = await list(api, g.groupId, g.token, 'community', SOCKS, from('198.51.100.1'));
    expect([fourth.status, fourth.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same member from another address: still their own limit.
    expect((await list(api, g.groupId, g.token, 'community', SOCKS, from('198.51.100.2'))).status).toBe(429);

    // New identities from one address, each asking once: the address's limit.
    const asks = [];
    for (let i = 0; i < 4; i++) asks.push(await api.call('POST', `/groups/${g.groupId}/requests`, { body: { name: `Bot ${i}` }, headers: from('203.0.113.7') }));
    expect(asks.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    // Someone else, from elsewhere, is not held up by them.
    expectOk(await api.call('POST', `/groups/${g.groupId}/requests`, { body: { name: 'Real person' }, headers: from('203.0.113.8') }));
    // Lookups are not these: browsing many pages is what members do.
    for (let i = 0; i < 10; i++) await lookup(api, [prefixOf(SOCKS)], from('203.0.113.7'));
  });

  it('a member who asks again is not asked again: the pending request, then the denial for a week, come back', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const g = await api.group({ allowRequests: true });
    const first = await api.post(`/groups/${g.groupId}/requests`, { name: 'Rita', message: 'Hello' });
    expectOk(first);
    const rita = first.body.token as string;
    const again = await api.post(`/groups/${g.groupId}/requests`, { name: 'Rita', message: 'Hello??' }, rita);
    expect(again.body.request).toEqual(first.body.request);
    expect((await api.get(`/groups/${g.groupId}/requests`, g.token)).body.requests).toHaveLength(1);

    expectOk(await api.post(`/groups/${g.groupId}/requests/${first.body.request.id}`, { decision: 'deny' }, g.token));
    clock.advance(DENIAL_STANDS_MS - 60_000);
    const denied = await api.post(`/groups/${g.groupId}/requests`, { name: 'Rita', message: 'Please' }, rita);
    expect(denied.body.request).toMatchObject({ id: first.body.request.id, status: 'denied' });
    expect((await api.get(`/groups/${g.groupId}/requests`, g.token)).body.requests).toEqual([]);

    clock.advance(120_000);
    const later = await api.post(`/groups/${g.groupId}/requests`, { name: 'Rita', message: 'A week on' }, rita);
    expect(later.body.request).toMatchObject({ status: 'pending', message: 'A week on' });
    expect(later.body.request.id).not.toBe(first.body.request.id);
  });

  it('a full group shows so in its listing and takes no request', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ allowRequests: true, memberLimit: 2 });
    expectOk(await list(api, g.groupId, g.token, 'community', SOCKS));
    await api.member(g.groupId, g.token, 'Second');
    const [listing] = (await lookup(api, [prefixOf(SOCKS)])).listings;
    expect(listing).toMatchObject({ memberCount: 2, memberLimit: 2 });
    const asked = await api.post(`/groups/${g.groupId}/requests`, { name: 'Late' });
    expect([asked.status, asked.body.error.code, asked.body.error.message]).toEqual([409, 'group_full', 'This group is full.']);
    expect((await api.get(`/groups/${g.groupId}/requests`, g.token)).body.requests).toEqual([]);
  });

  it('a listed group can be reported; the operator reads the reports from the hub’s machine or with the token', async () => {
    const token = 'operator-token-0123456789';
    const { api, url } = await hubs.start(backend, { metricsToken: token });
    const g = await api.group({ name: 'Spam Co', allowRequests: true });
    expectOk(await list(api, g.groupId, g.token, 'community', SOCKS));
    const quiet = await api.group({ name: 'Quiet' });

    expectOk(await api.post(`/groups/${g.groupId}/reports`, { hash: SOCKS, reason: 'Selling things' }));
    const someone = (await api.post(`/groups/${g.groupId}/requests`, { name: 'Mo' })).body.token as string;
    expectOk(await api.post(`/groups/${g.groupId}/reports`, { hash: SOCKS, reason: 'Links to a scam' }, someone));
    const unlisted = await api.post(`/groups/${quiet.groupId}/reports`, { hash: SOCKS, reason: 'x' });
    expect([unlisted.status, unlisted.body.error.code]).toEqual([404, 'listing_not_found']);
    expect((await api.post(`/groups/${g.groupId}/reports`, { hash: THREAD, reason: 'x' })).status).toBe(404);
    expect((await api.post(`/groups/${g.groupId}/reports`, { hash: SOCKS, reason: '' })).status).toBe(400);

    const local = await api.get('/reports');
    expectOk(local);
    expect(local.headers.get('cache-control')).toBe('no-store');
    expect(local.body.reports).toEqual([
      { groupId: g.groupId, name: 'Spam Co', topic: '', scope: 'community', count: 2, lastAt: expect.any(Number), reasons: ['Links to a scam', 'Selling things'] },
    ]);
    const proxied = await fetch(`${url}/reports`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    expect(((await proxied.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    // A member's token is not the operator's.
    expect((await fetch(`${url}/reports`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${g.token}` } })).status).toBe(403);
    const withToken = await fetch(`${url}/reports`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${token}` } });
    expect(withToken.status).toBe(200);

    // Delisted since: the reports stay, and say it is not listed now.
    expectOk(await api.del(`/groups/${g.groupId}/listing`, g.token));
    expect((await api.get('/reports')).body.reports[0]).toMatchObject({ scope: null, count: 2 });
  });

  it('logs no prefix, hash or listing: the request log has the route pattern only', async () => {
    const lines: string[] = [];
    const { api } = await hubs.start(backend, { requestLog: (l) => lines.push(l) });
    const g = await api.group({ allowRequests: true });
    expectOk(await list(api, g.groupId, g.token, 'page', THREAD));
    await lookup(api, [prefixOf(THREAD), prefixOf(SOCKS)]);
    expectOk(await api.post(`/groups/${g.groupId}/reports`, { hash: THREAD, reason: 'odd' }));
    // A line's own id, time and duration are random or clock digits, which a 4-digit prefix could match by chance.
    const fields = lines.map((l) => {
      const { id: _id, time: _time, ms: _ms, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
    expect(fields).toContain(JSON.stringify({ level: 'info', method: 'POST', route: '/listings/lookup', status: 200 }));
    expect(fields.join('\n')).toContain('"route":"/groups/:groupId/listing"');
    for (const secret of [THREAD, prefixOf(THREAD), prefixOf(SOCKS), 'odd']) expect(fields.join('\n')).not.toContain(secret);
  });
});
