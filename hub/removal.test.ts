import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectOk, type Api } from './testing/api';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

/** Someone with no Nook identity yet opens an invite link: the hub makes them a new one. */
async function joinAnonymously(api: Api, code: string, name: string) {
  const r = await api.post(`/join/${code}`, { name });
  expectOk(r);
  return { token: r.body.token as string, memberId: r.body.member.id as string };
}

describe.each(BACKENDS)('removal lasts (%s)', (backend) => {
  it('a removed member cannot come back as a new identity through the link they joined with, nor read the history', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const shared = await api.invite(g.groupId, g.token);
    const eve = await joinAnonymously(api, shared.code, 'Eve');
    const bo = await joinAnonymously(api, shared.code, 'Bo');
    const t = await api.thread(g.groupId, g.token, { title: 'Plans' });
    await api.message(g.groupId, t, g.token, 'the surprise party is on Friday');

    const removed = await api.del(`/groups/${g.groupId}/members/${eve.memberId}`, g.token);
    expectOk(removed);
    expect(removed.body).toMatchObject({ memberId: eve.memberId, status: 'removed' });
    expect(removed.body.revokedInvites).toEqual([expect.objectContaining({ id: shared.id, code: shared.code, revokedAt: expect.any(Number) })]);

    // Eve clears her cookies (or uses another browser) and opens the same link again.
    const preview = await api.get(`/join/${shared.code}`);
    expect(preview.body.error.code).toBe('invite_revoked');
    const again = await api.post(`/join/${shared.code}`, { name: 'Not Eve' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('invite_revoked');
    expect(again.body.token).toBeUndefined();
    const members = (await api.get(`/groups/${g.groupId}/members`, g.token)).body.members.map((m: { name: string }) => m.name);
    expect(members).not.toContain('Not Eve');

    // The owner sees that the link no longer works; Bo, who joined with it too, stays in.
    const invites = (await api.get(`/groups/${g.groupId}/invites`, g.token)).body.invites;
    expect(invites.find((i: { id: string }) => i.id === shared.id).revokedAt).toEqual(expect.any(Number));
    expect((await api.get(`/groups/${g.groupId}/threads/${t}/messages`, bo.token)).status).toBe(200);

    // A new link, in one step, lets the next person in.
    const fresh = await api.invite(g.groupId, g.token);
    expect((await api.post(`/join/${fresh.code}`, { name: 'Cy' })).status).toBe(200);
  });

  it('a removed moderator cannot come back through the links they made', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const mod = await api.member(g.groupId, g.token, 'Mod');
    expectOk(await api.put(`/groups/${g.groupId}/members/${mod.memberId}/role`, { role: 'moderator' }, g.token));
    const made = await api.invite(g.groupId, mod.token, { maxUses: 5 });
    const kept = await api.invite(g.groupId, g.token);

    const removed = await api.del(`/groups/${g.groupId}/members/${mod.memberId}`, g.token);
    const ids = removed.body.revokedInvites.map((i: { id: string }) => i.id);
    expect(ids).toContain(made.id);
    expect(ids).not.toContain(kept.id);
    expect((await api.post(`/join/${made.code}`, { name: 'Someone new' })).body.error.code).toBe('invite_revoked');
    // The owner's own link still works.
    expect((await api.post(`/join/${kept.code}`, { name: 'Dee' })).status).toBe(200);
  });

  it('leaving revokes nothing: the link stays good for the others it was sent to', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const shared = await api.invite(g.groupId, g.token);
    const lee = await joinAnonymously(api, shared.code, 'Lee');
    const left = await api.del(`/groups/${g.groupId}/members/${lee.memberId}`, lee.token);
    expect(left.body).toMatchObject({ status: 'left', revokedInvites: [] });
    expect((await api.post(`/join/${shared.code}`, { name: 'Max' })).status).toBe(200);
  });

  it('a removed member may still ask to join; only a moderator lets them back in', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ allowRequests: true });
    const shared = await api.invite(g.groupId, g.token);
    const eve = await joinAnonymously(api, shared.code, 'Eve');
    expectOk(await api.del(`/groups/${g.groupId}/members/${eve.memberId}`, g.token));

    // With her own identity: refused by any invite, but a request waits for a moderator.
    const other = await api.invite(g.groupId, g.token);
    expect((await api.post(`/join/${other.code}`, { name: 'Eve' }, eve.token)).body.error.code).toBe('removed');
    const asked = await api.post(`/groups/${g.groupId}/requests`, { name: 'Eve', message: 'sorry' }, eve.token);
    expectOk(asked);
    expect(asked.body.request.status).toBe('pending');
    expect((await api.get(`/groups/${g.groupId}/events`, eve.token)).status).toBe(403);
    const decided = await api.post(`/groups/${g.groupId}/requests/${asked.body.request.id}`, { decision: 'approve' }, g.token);
    expectOk(decided);
    expect((await api.get(`/groups/${g.groupId}/events`, eve.token)).status).toBe(200);
  });

  it('removing someone who joined by request, or removing twice, revokes nothing more', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ allowRequests: true });
    const invite = await api.invite(g.groupId, g.token);
    const asked = await api.post(`/groups/${g.groupId}/requests`, { name: 'Rita' });
    await api.post(`/groups/${g.groupId}/requests/${asked.body.request.id}`, { decision: 'approve' }, g.token);
    const rita = asked.body.request.memberId as string;
    const first = await api.del(`/groups/${g.groupId}/members/${rita}`, g.token);
    expect(first.body).toMatchObject({ status: 'removed', revokedInvites: [] });
    expect((await api.del(`/groups/${g.groupId}/members/${rita}`, g.token)).body.revokedInvites).toEqual([]);
    expect((await api.post(`/join/${invite.code}`, { name: randomUUID().slice(0, 8) })).status).toBe(200);
  });
});
