import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './testing/clock';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

describe.each(BACKENDS)('groups and membership (%s)', (backend) => {
  it('creates a group with the creator as owner and a token for them', async () => {
    const { api } = await hubs.start(backend);
    const id = randomUUID();
    const r = await api.post('/groups', { id, name: 'Heel flaps', topic: 'socks', ownerName: 'Olive' });
    expect(r.status).toBe(200);
    expect(r.body.group).toMatchObject({ id, name: 'Heel flaps', topic: 'socks', memberLimit: 30, memberCount: 1, seq: 2 });
    expect(r.body.member).toMatchObject({ name: 'Olive', role: 'owner' });
    expect(r.body.token).toMatch(/^nk_/);
    const me = await api.get('/me', r.body.token);
    expect(me.body.groups.map((g: { group: { id: string } }) => g.group.id)).toEqual([id]);

    // The same id again by its owner is the same create; by anyone else it is taken.
    const again = await api.post('/groups', { id, name: 'Heel flaps', ownerName: 'Olive' }, r.body.token);
    expect(again.status).toBe(200);
    expect(again.body.group.seq).toBe(2);
    expect(again.body.token).toBeUndefined();
    expect((await api.post('/groups', { id, name: 'Other', ownerName: 'Eve' })).body.error.code).toBe('id_taken');
  });

  it('refuses member limits outside 2..100 and defaults to 30', async () => {
    const { api } = await hubs.start(backend);
    for (const memberLimit of [0, 1, 101, 2.5, '30']) {
      const r = await api.post('/groups', { name: 'x', ownerName: 'y', memberLimit });
      expect(r.status, String(memberLimit)).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
    }
    expect((await api.post('/groups', { name: 'x', ownerName: 'y', memberLimit: 100 })).status).toBe(200);
  });

  it('lets only holders of the creation token create groups when the operator says so', async () => {
    const { api } = await hubs.start(backend, { create: { mode: 'token', token: 'let-me-in' } });
    const body = { name: 'x', ownerName: 'y' };
    expect((await api.post('/groups', body)).body.error.code).toBe('create_forbidden');
    const wrong = await api.call('POST', '/groups', { body, headers: { 'x-nook-create-token': 'nope' } });
    expect(wrong.status).toBe(403);
    const right = await api.call('POST', '/groups', { body, headers: { 'x-nook-create-token': 'let-me-in' } });
    expect(right.status).toBe(200);
  });

  it('joins with an invite; one token serves several groups of the hub', async () => {
    const { api } = await hubs.start(backend);
    const a = await api.group({ name: 'A' });
    const b = await api.group({ name: 'B' });
    const invite = await api.invite(a.groupId, a.token);
    expect(invite.url).toBe(`${api.base}/join/${invite.code}`);
    const preview = await api.get(`/join/${invite.code}`);
    expect(preview.body.group).toMatchObject({ id: a.groupId, name: 'A', memberCount: 1, memberLimit: 30 });

    const joined = await api.post(`/join/${invite.code}`, { name: 'Mo', intro: 'I knit.' });
    expect(joined.status).toBe(200);
    expect(joined.body.member).toMatchObject({ name: 'Mo', role: 'member', intro: 'I knit.' });
    const token = joined.body.token as string;

    // Joining again is the same join: no second event, no use taken.
    const again = await api.post(`/join/${invite.code}`, { name: 'Mo' }, token);
    expect(again.status).toBe(200);
    expect(again.body.member.id).toBe(joined.body.member.id);
    expect(again.body.token).toBeUndefined();

    const inviteB = await api.invite(b.groupId, b.token);
    const joinedB = await api.post(`/join/${inviteB.code}`, { name: 'Mo in B' }, token);
    expect(joinedB.body.member.id).toBe(joined.body.member.id);
    const me = await api.get('/me', token);
    expect(me.body.groups).toHaveLength(2);

    const events = await api.events(a.groupId, token);
    expect(events.map((e) => e.kind)).toEqual(['group.created', 'member.joined', 'member.joined']);
    const invites = await api.get(`/groups/${a.groupId}/invites`, a.token);
    expect(invites.body.invites[0].uses).toBe(1);
  });

  it('expires invites by the hub clock', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const g = await api.group();
    const invite = await api.invite(g.groupId, g.token, { expiresInSeconds: 3600 });
    clock.advance(3599_000);
    expect((await api.get(`/join/${invite.code}`)).status).toBe(200);
    clock.advance(1_000);
    const preview = await api.get(`/join/${invite.code}`);
    expect(preview.status).toBe(410);
    expect(preview.body.error.code).toBe('invite_expired');
    const join = await api.post(`/join/${invite.code}`, { name: 'Late' });
    expect(join.body.error.code).toBe('invite_expired');
  });

  it('holds the use limit and honours revocation', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const twice = await api.invite(g.groupId, g.token, { maxUses: 2 });
    expect((await api.post(`/join/${twice.code}`, { name: 'One' })).status).toBe(200);
    expect((await api.post(`/join/${twice.code}`, { name: 'Two' })).status).toBe(200);
    const third = await api.post(`/join/${twice.code}`, { name: 'Three' });
    expect(third.status).toBe(410);
    expect(third.body.error.code).toBe('invite_used_up');

    const revoked = await api.invite(g.groupId, g.token);
    const r = await api.del(`/groups/${g.groupId}/invites/${revoked.id}`, g.token);
    expect(r.body.invite.revokedAt).not.toBeNull();
    expect((await api.post(`/join/${revoked.code}`, { name: 'Four' })).body.error.code).toBe('invite_revoked');
    expect((await api.get(`/join/${revoked.code}`)).status).toBe(410);
    expect((await api.get('/join/nosuchcode123')).body.error.code).toBe('invite_not_found');
  });

  it('lets owners and moderators, not members, manage invites', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const m = await api.member(g.groupId, g.token);
    expect((await api.post(`/groups/${g.groupId}/invites`, {}, m.token)).status).toBe(403);
    await api.put(`/groups/${g.groupId}/members/${m.memberId}/role`, { role: 'moderator' }, g.token);
    expect((await api.post(`/groups/${g.groupId}/invites`, {}, m.token)).status).toBe(200);
  });

  it('takes join requests that a moderator approves or denies', async () => {
    const { api } = await hubs.start(backend);
    const closed = await api.group();
    expect((await api.post(`/groups/${closed.groupId}/requests`, { name: 'Rita' })).body.error.code).toBe(
      'requests_closed',
    );

    const g = await api.group({ allowRequests: true });
    const about = await api.get(`/groups/${g.groupId}/about`);
    expect(about.body).toMatchObject({ allowRequests: true, memberCount: 1 });
    const asked = await api.post(`/groups/${g.groupId}/requests`, { name: 'Rita', message: 'Hi!' });
    expect(asked.status).toBe(200);
    expect(asked.body.request.status).toBe('pending');
    const rita = asked.body.token as string;
    // Asking twice is one request.
    const twice = await api.post(`/groups/${g.groupId}/requests`, { name: 'Rita' }, rita);
    expect(twice.body.request.id).toBe(asked.body.request.id);
    expect((await api.get(`/groups/${g.groupId}`, rita)).status).toBe(403);
    expect((await api.get('/me', rita)).body.requests).toHaveLength(1);

    const pending = await api.get(`/groups/${g.groupId}/requests`, g.token);
    expect(pending.body.requests).toHaveLength(1);
    const approved = await api.post(`/groups/${g.groupId}/requests/${asked.body.request.id}`, { decision: 'approve' }, g.token);
    expect(approved.body.request.status).toBe('approved');
    expect(approved.body.member).toMatchObject({ name: 'Rita', role: 'member' });
    expect((await api.get(`/groups/${g.groupId}`, rita)).status).toBe(200);
    // The same decision again is the same decision; the other one is refused.
    expect((await api.post(`/groups/${g.groupId}/requests/${asked.body.request.id}`, { decision: 'approve' }, g.token)).status).toBe(200);
    expect(
      (await api.post(`/groups/${g.groupId}/requests/${asked.body.request.id}`, { decision: 'deny' }, g.token)).body.error.code,
    ).toBe('request_decided');

    const denied = await api.post(`/groups/${g.groupId}/requests`, { name: 'Dan' });
    await api.post(`/groups/${g.groupId}/requests/${denied.body.request.id}`, { decision: 'deny' }, g.token);
    expect((await api.get(`/groups/${g.groupId}`, denied.body.token)).status).toBe(403);
  });

  it('approving a request respects the member limit', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ allowRequests: true, memberLimit: 2 });
    const r1 = await api.post(`/groups/${g.groupId}/requests`, { name: 'One' });
    const r2 = await api.post(`/groups/${g.groupId}/requests`, { name: 'Two' });
    expect((await api.post(`/groups/${g.groupId}/requests/${r1.body.request.id}`, { decision: 'approve' }, g.token)).status).toBe(200);
    const full = await api.post(`/groups/${g.groupId}/requests/${r2.body.request.id}`, { decision: 'approve' }, g.token);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('group_full');
  });

  it('changes roles (owner only) and hands the group over', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const m = await api.member(g.groupId, g.token, 'Mo');
    const n = await api.member(g.groupId, g.token, 'Nan');
    const path = (id: string) => `/groups/${g.groupId}/members/${id}/role`;
    expect((await api.put(path(n.memberId), { role: 'moderator' }, m.token)).status).toBe(403);
    expect((await api.put(path(m.memberId), { role: 'moderator' }, g.token)).body.member.role).toBe('moderator');
    // A moderator may not change roles either.
    expect((await api.put(path(n.memberId), { role: 'moderator' }, m.token)).status).toBe(403);
    expect((await api.put(path(g.ownerId), { role: 'member' }, g.token)).status).toBe(403);

    expect((await api.put(path(n.memberId), { role: 'owner' }, g.token)).body.member.role).toBe('owner');
    const members = (await api.get(`/groups/${g.groupId}/members`, n.token)).body.members as { id: string; role: string }[];
    expect(Object.fromEntries(members.map((x) => [x.id, x.role]))).toEqual({
      [g.ownerId]: 'moderator',
      [m.memberId]: 'moderator',
      [n.memberId]: 'owner',
    });
    const kinds = (await api.events(g.groupId, n.token)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'member.role')).toHaveLength(3);
  });

  it('leaves and removes at once, within what each role may do', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const mod = await api.member(g.groupId, g.token, 'Mod');
    const m = await api.member(g.groupId, g.token, 'Mo');
    const leaver = await api.member(g.groupId, g.token, 'Lee');
    await api.put(`/groups/${g.groupId}/members/${mod.memberId}/role`, { role: 'moderator' }, g.token);
    const del = (id: string, token: string) => api.del(`/groups/${g.groupId}/members/${id}`, token);

    expect((await del(mod.memberId, m.token)).status).toBe(403);
    expect((await del(g.ownerId, mod.token)).status).toBe(403);
    expect((await del(g.ownerId, g.token)).body.error.code).toBe('owner_must_transfer');

    expect((await del(leaver.memberId, leaver.token)).body.status).toBe('left');
    expect((await api.get(`/groups/${g.groupId}/events`, leaver.token)).status).toBe(403);

    const removed = await del(m.memberId, mod.token);
    expect(removed.body).toMatchObject({ memberId: m.memberId, status: 'removed', revokedInvites: [expect.objectContaining({ revokedAt: expect.any(Number) })] });
    expect((await api.get(`/groups/${g.groupId}`, m.token)).body.error.code).toBe('not_member');
    // Removing twice is one removal.
    expect((await del(m.memberId, mod.token)).status).toBe(200);
    // A removed member cannot come back through an invite.
    const invite = await api.invite(g.groupId, g.token);
    expect((await api.post(`/join/${invite.code}`, { name: 'Mo' }, m.token)).body.error.code).toBe('removed');
    // Someone who left may.
    expect((await api.post(`/join/${invite.code}`, { name: 'Lee' }, leaver.token)).status).toBe(200);
    const kinds = (await api.events(g.groupId, g.token)).map((e) => e.kind);
    expect(kinds).toContain('member.left');
    expect(kinds).toContain('member.removed');
  });

  it('updates the group (owner) and the member themself', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const a = await api.member(g.groupId, g.token);
    const b = await api.member(g.groupId, g.token, 'Bea');
    expect((await api.patch(`/groups/${g.groupId}`, { name: 'New' }, a.token)).status).toBe(403);
    const r = await api.patch(`/groups/${g.groupId}`, { name: 'New', topic: 'sleeves' }, g.token);
    expect(r.body.group).toMatchObject({ name: 'New', topic: 'sleeves' });
    expect((await api.patch(`/groups/${g.groupId}`, { memberLimit: 2 }, g.token)).body.error.code).toBe(
      'limit_below_members',
    );
    expect((await api.patch(`/groups/${g.groupId}`, {}, g.token)).status).toBe(400);
    const self = await api.patch(`/groups/${g.groupId}/me`, { intro: 'Hello all' }, b.token);
    expect(self.body.member).toMatchObject({ name: 'Bea', intro: 'Hello all' });
    const kinds = (await api.events(g.groupId, g.token)).map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(['group.updated', 'member.updated']);
  });

  it('moves a member to another device with a one-time link code', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const g = await api.group();
    const code = await api.post('/me/link-codes', undefined, g.token);
    expect(code.body.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(code.body.expiresAt).toBe(clock.now() + 10 * 60_000);
    const linked = await api.post('/me/link', { code: code.body.code.toLowerCase() });
    expect(linked.body.memberId).toBe(g.ownerId);
    expect((await api.get(`/groups/${g.groupId}`, linked.body.token)).body.member.role).toBe('owner');
    expect((await api.post('/me/link', { code: code.body.code })).body.error.code).toBe('link_code_invalid');

    const late = await api.post('/me/link-codes', undefined, g.token);
    clock.advance(10 * 60_000);
    expect((await api.post('/me/link', { code: late.body.code })).status).toBe(404);
  });

  it('sets the widget session as an HttpOnly, Partitioned cookie and accepts it from the hub origin only', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const invite = await api.invite(g.groupId, g.token);
    const r = await api.post(`/join/${invite.code}`, { name: 'Visitor', session: 'cookie' });
    expect(r.status).toBe(200);
    expect(r.body.token).toBeUndefined();
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^nook_session=nk_/);
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=None', 'Partitioned', 'Path=/']) expect(cookie).toContain(attr);
    const session = cookie.split(';')[0]!;

    const sameSite = await api.call('GET', `/groups/${g.groupId}`, {
      headers: { cookie: session, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameSite.status).toBe(200);
    expect(sameSite.body.member.name).toBe('Visitor');
    // Another site making the browser send the cookie gets nothing for it.
    const crossSite = await api.call('GET', `/groups/${g.groupId}`, {
      headers: { cookie: session, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(401);
  });
});
