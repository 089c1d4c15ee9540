/* eslint-disable @typescript-eslint/no-explicit-any -- answers are arbitrary JSON asserted on field by field */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Answer, Api } from './testing/api';
import { expectOk } from './testing/api';
import { ManualClock } from './testing/clock';
import { everyTable } from './testing/database';
import { BACKENDS, useHubs, type TestHub } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();

/** A refusal: its status, code, and a message a person can read. */
function refused(r: Answer, status: number, code: string) {
  expect([r.status, r.body?.error?.code], JSON.stringify(r.body)).toEqual([status, code]);
  expect(typeof r.body.error.message).toBe('string');
  expect(r.body.error.message.length).toBeGreaterThan(10);
}

/** Someone with a token on the hub (who owns a group of their own to have one). */
async function person(api: Api, name: string) {
  const g = await api.group({ name: `${name}'s own`, ownerName: name });
  return { token: g.token, id: g.ownerId };
}

async function community(api: Api, token: string, name: string) {
  const r = await api.post('/communities', { id: randomUUID(), name, owner: { name: 'Olive', interests: ['teaching'], timeZone: 'Europe/Berlin' } }, token);
  expectOk(r);
  const id = r.body.community.id as string;
  const invite = await api.post(`/communities/${id}/invites`, {}, token);
  expectOk(invite);
  const code = invite.body.invite.code as string;
  /** Someone new joins through the community's link, saying who they are. */
  const join = async (who: string, interests: string[] = [], timeZone = 'Europe/Paris', tokenOf?: string) => {
    const j = await api.post(`/community-invites/${code}`, { name: who, interests, timeZone }, tokenOf);
    expectOk(j);
    return { token: (tokenOf ?? j.body.token) as string, id: j.body.me.id as string };
  };
  const group = async (by: string, body: Record<string, unknown> = {}) => {
    const g = await api.post(`/communities/${id}/groups`, { id: randomUUID(), name: 'Circle', ...body }, by);
    expectOk(g);
    return g.body.group.id as string;
  };
  return { id, code, join, group };
}

/** Everything the hub keeps, to show a refusal changed nothing. */
async function kept(t: TestHub) {
  const tables = await everyTable(t);
  // Token use is kept to the hour and may move with any request; it is not what a refusal changes.
  tables.delete('tokens');
  return tables;
}

describe.each(BACKENDS)('communities (%s)', (backend) => {
  it("members see their community's groups and ask to join one; they cannot manage; other communities stay closed", async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Pottery course');
    const wheel = await a.group(olive.token, { name: 'Wheel', topic: 'Throwing' });
    const mia = await a.join('Mia', ['glaze', 'wheel'], 'America/New_York');

    const seen = await api.get(`/communities/${a.id}/groups`, mia.token);
    expectOk(seen);
    expect(seen.body.groups).toEqual([
      { id: wheel, name: 'Wheel', topic: 'Throwing', memberCount: 1, memberLimit: 30, allowRequests: true, mine: false, requested: false },
    ]);
    const mine = await api.get('/communities', mia.token);
    expect(mine.body.communities.map((c: any) => [c.community.name, c.me.role, c.memberCount])).toEqual([['Pottery course', 'member', 2]]);
    expect(mine.body.communities[0].me).toMatchObject({ name: 'Mia', interests: ['glaze', 'wheel'], timeZone: 'America/New_York' });

    // Another community, and its group: closed to Mia, whatever she tries.
    const bob = await person(api, 'Bob');
    const b = await community(api, bob.token, 'Choir');
    const altos = await b.group(bob.token, { name: 'Altos' });
    const before = await kept(t);
    refused(await api.get(`/communities/${b.id}/groups`, mia.token), 403, 'not_community_member');
    refused(await api.get(`/communities/${b.id}`, mia.token), 403, 'not_community_member');
    refused(await api.post(`/communities/${b.id}/groups/${altos}/requests`, {}, mia.token), 403, 'not_community_member');
    refused(await api.post(`/groups/${altos}/requests`, { name: 'Mia' }, mia.token), 403, 'not_community_member');
    refused(await api.post(`/groups/${altos}/requests`, { name: 'Stranger' }), 403, 'not_community_member');
    // A group of B asked for through A is no group of A.
    refused(await api.post(`/communities/${a.id}/groups/${altos}/requests`, {}, mia.token), 404, 'group_not_found');

    // A member of A cannot manage A or its groups.
    refused(await api.post(`/communities/${a.id}/groups`, { name: 'Mine' }, mia.token), 403, 'community_forbidden');
    refused(await api.post(`/communities/${a.id}/invites`, {}, mia.token), 403, 'community_forbidden');
    refused(await api.get(`/communities/${a.id}/members`, mia.token), 403, 'community_forbidden');
    refused(await api.put(`/communities/${a.id}/members/${olive.id}/role`, { role: 'member' }, mia.token), 403, 'community_forbidden');
    refused(await api.post(`/communities/${a.id}/roster`, { csv: 'name,interests,time zone\nAl,,UTC\n' }, mia.token), 403, 'community_forbidden');
    refused(await api.post(`/communities/${a.id}/cohorts`, {}, mia.token), 403, 'community_forbidden');
    refused(await api.get(`/groups/${wheel}/requests`, mia.token), 403, 'not_member');
    refused(await api.post(`/groups/${wheel}/invites`, {}, mia.token), 403, 'not_member');
    expect(await kept(t)).toEqual(before);

    // She asks to join, as her community self; the group's owner sees it and lets her in.
    const asked = await api.post(`/communities/${a.id}/groups/${wheel}/requests`, { message: 'Beginner here' }, mia.token);
    expectOk(asked);
    expect(asked.body.request).toMatchObject({ groupId: wheel, memberId: mia.id, name: 'Mia', message: 'Beginner here', status: 'pending' });
    expect((await api.get(`/communities/${a.id}/groups`, mia.token)).body.groups[0].requested).toBe(true);
    const decided = await api.post(`/groups/${wheel}/requests/${asked.body.request.id}`, { decision: 'approve' }, olive.token);
    expectOk(decided);
    expect((await api.get(`/communities/${a.id}/groups`, mia.token)).body.groups[0]).toMatchObject({ mine: true, memberCount: 2, requested: false });
  });

  it('a community invite stops working when it expires, is used up or is revoked', async () => {
    const clock = new ManualClock();
    const t = await hubs.start(backend, { clock });
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Course');
    const link = async (body: Record<string, unknown>) => (await api.post(`/communities/${a.id}/invites`, body, olive.token)).body.invite;
    const brief = await link({ expiresInSeconds: 60 });
    const once = await link({ maxUses: 1 });
    const revoked = await link({});
    expectOk(await api.del(`/communities/${a.id}/invites/${revoked.id}`, olive.token));
    expectOk(await api.post(`/community-invites/${once.code}`, { name: 'Ann', timeZone: 'UTC' }));
    clock.advance(61_000);
    const before = await kept(t);
    for (const [code, status, error] of [
      [brief.code, 410, 'invite_expired'],
      [once.code, 410, 'invite_used_up'],
      [revoked.code, 410, 'invite_revoked'],
      ['nosuchcode1', 404, 'invite_not_found'],
    ] as const) {
      refused(await api.get(`/community-invites/${code}`), status, error);
      refused(await api.post(`/community-invites/${code}`, { name: 'Late', timeZone: 'UTC' }), status, error);
    }
    expect(await kept(t)).toEqual(before);
    // Only Ann came in.
    const members = (await api.get(`/communities/${a.id}/members`, olive.token)).body.members;
    expect(members.map((m: any) => m.name)).toEqual(['Olive', 'Ann']);
  });

  it("a community's moderators manage all its groups without being in them, and nothing of another community", async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Pottery course');
    const wheel = await a.group(olive.token, { name: 'Wheel' });
    const kiln = await a.group(olive.token, { name: 'Kiln' });
    const max = await a.join('Max');
    const mia = await a.join('Mia');
    const gus = await a.join('Gus');
    expectOk(await api.put(`/communities/${a.id}/members/${max.id}/role`, { role: 'moderator' }, olive.token));

    // Max moderates the community and is in none of its groups; Mia asks to join Wheel.
    const asked = await api.post(`/communities/${a.id}/groups/${wheel}/requests`, {}, mia.token);
    expectOk(asked);
    const requests = await api.get(`/groups/${wheel}/requests`, max.token);
    expect(requests.body.requests.map((r: any) => r.name)).toEqual(['Mia']);
    const approved = await api.post(`/groups/${wheel}/requests/${asked.body.request.id}`, { decision: 'approve' }, max.token);
    expectOk(approved);
    expect(approved.body.member).toMatchObject({ id: mia.id, role: 'member' });
    const invite = await api.post(`/groups/${kiln}/invites`, { maxUses: 1 }, max.token);
    expectOk(invite);
    expect((await api.get(`/groups/${kiln}/invites`, max.token)).body.invites).toHaveLength(1);
    expectOk(await api.del(`/groups/${kiln}/invites/${invite.body.invite.id}`, max.token));
    expectOk(await api.put(`/groups/${wheel}/members/${mia.id}/role`, { role: 'moderator' }, max.token));
    // Ownership stays the owner's to hand over; the group's owner stays.
    const before = await kept(t);
    refused(await api.put(`/groups/${wheel}/members/${mia.id}/role`, { role: 'owner' }, max.token), 403, 'forbidden');
    refused(await api.put(`/groups/${wheel}/members/${olive.id}/role`, { role: 'member' }, max.token), 403, 'forbidden');
    refused(await api.del(`/groups/${wheel}/members/${olive.id}`, max.token), 403, 'forbidden');
    // Managing is not membership: the group's talk is its members' only.
    refused(await api.get(`/groups/${wheel}/members`, max.token), 403, 'not_member');
    expect(await kept(t)).toEqual(before);
    const removed = await api.del(`/groups/${wheel}/members/${mia.id}`, max.token);
    expect(removed.body).toMatchObject({ memberId: mia.id, status: 'removed' });
    const events = await api.events(wheel, olive.token);
    expect(events.filter((e: any) => e.kind.startsWith('member.')).map((e: any) => [e.kind, e.by])).toEqual([
      ['member.joined', olive.id],
      ['member.joined', mia.id],
      ['member.role', max.id],
      ['member.removed', max.id],
    ]);

    // Gus moderates Kiln (the group), not the community: Wheel, its sibling, is not his.
    const gusIn = await api.post(`/groups/${kiln}/invites`, {}, olive.token);
    expectOk(await api.post(`/join/${gusIn.body.invite.code}`, { name: 'Gus' }, gus.token));
    expectOk(await api.put(`/groups/${kiln}/members/${gus.id}/role`, { role: 'moderator' }, olive.token));
    expectOk(await api.get(`/groups/${kiln}/requests`, gus.token));
    const again = await api.post(`/communities/${a.id}/groups/${wheel}/requests`, { message: 'Again' }, (await a.join('Ivy')).token);
    expectOk(again);

    // Another community: Max and Gus are nobody there.
    const bob = await person(api, 'Bob');
    const b = await community(api, bob.token, 'Choir');
    const altos = await b.group(bob.token, { name: 'Altos' });
    const zoe = await b.join('Zoe');
    const zoeIn = await api.post(`/groups/${altos}/invites`, {}, bob.token);
    expectOk(await api.post(`/join/${zoeIn.body.invite.code}`, { name: 'Zoe' }, zoe.token));
    const bobAsked = await api.post(`/communities/${b.id}/groups/${altos}/requests`, {}, (await b.join('Ulf')).token);
    expectOk(bobAsked);
    const frozen = await kept(t);
    for (const who of [max, gus]) {
      refused(await api.get(`/groups/${wheel}/requests`, gus.token), 403, 'not_member');
      refused(await api.post(`/groups/${wheel}/requests/${again.body.request.id}`, { decision: 'approve' }, gus.token), 403, 'not_member');
      refused(await api.post(`/groups/${wheel}/invites`, {}, gus.token), 403, 'not_member');
      refused(await api.get(`/groups/${altos}/requests`, who.token), 403, 'not_member');
      refused(await api.post(`/groups/${altos}/requests/${bobAsked.body.request.id}`, { decision: 'approve' }, who.token), 403, 'not_member');
      refused(await api.post(`/groups/${altos}/invites`, {}, who.token), 403, 'not_member');
      refused(await api.put(`/groups/${altos}/members/${zoe.id}/role`, { role: 'moderator' }, who.token), 403, 'not_member');
      refused(await api.del(`/groups/${altos}/members/${zoe.id}`, who.token), 403, 'not_member');
      refused(await api.post(`/communities/${b.id}/invites`, {}, who.token), 403, 'not_community_member');
      refused(await api.get(`/communities/${b.id}/members`, who.token), 403, 'not_community_member');
      refused(await api.post(`/communities/${b.id}/groups`, { name: 'Takeover' }, who.token), 403, 'not_community_member');
      refused(await api.put(`/communities/${b.id}/members/${zoe.id}/role`, { role: 'moderator' }, who.token), 403, 'not_community_member');
    }
    // A community moderator does not set community roles: the owner does.
    refused(await api.put(`/communities/${a.id}/members/${gus.id}/role`, { role: 'moderator' }, max.token), 403, 'community_forbidden');
    expect(await kept(t)).toEqual(frozen);
  });

  it('holds the 100-member cap: for new groups, cohorts and edits, and a full group takes nobody more', async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Big course');
    const before = await kept(t);
    refused(await api.post(`/communities/${a.id}/groups`, { name: 'Huge', memberLimit: 101 }, olive.token), 400, 'bad_request');
    refused(await api.post(`/communities/${a.id}/cohorts`, { size: 100 }, olive.token), 400, 'bad_request');
    const hundred = Array.from({ length: 100 }, () => randomUUID());
    refused(await api.put(`/communities/${a.id}/cohorts/${randomUUID()}`, { cohorts: [hundred] }, olive.token), 400, 'bad_request');
    expect(await kept(t)).toEqual(before);

    const pair = await a.group(olive.token, { name: 'Pair', memberLimit: 2 });
    const mia = await a.join('Mia');
    const max = await a.join('Max');
    const first = await api.post(`/communities/${a.id}/groups/${pair}/requests`, {}, mia.token);
    const second = await api.post(`/communities/${a.id}/groups/${pair}/requests`, {}, max.token);
    expectOk(await api.post(`/groups/${pair}/requests/${first.body.request.id}`, { decision: 'approve' }, olive.token));
    const full = await kept(t);
    refused(await api.post(`/groups/${pair}/requests/${second.body.request.id}`, { decision: 'approve' }, olive.token), 409, 'group_full');
    refused(await api.post(`/communities/${a.id}/groups/${pair}/requests`, {}, (await a.join('Ivy')).token), 409, 'group_full');
    const afterJoin = await kept(t);
    expect(afterJoin.get('groups')).toEqual(full.get('groups'));
    expect(afterJoin.get('memberships')).toEqual(full.get('memberships'));
    expect(afterJoin.get('join_requests')).toEqual(full.get('join_requests'));
  });

  it('imports a roster from CSV (with or without a BOM); a bad file is refused with its line numbers and imports nothing', async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Course');
    const roster = (csv: string) => api.post(`/communities/${a.id}/roster`, { csv }, olive.token);
    const before = await kept(t);

    const bad = await roster('name,interests,time zone\r\nAna,glaze;wheel,Europe/Lisbon\r\nBo,wheel,Mars/Olympus\r\n\r\n,glaze,UTC\r\nCy,,\r\n');
    refused(bad, 422, 'roster_invalid');
    expect(bad.body.error.message).toMatch(/Line 3: .*Mars\/Olympus.*Line 5: the name is missing.*Line 6: the time zone is missing/);
    expect(bad.body.error.params).toEqual({ line: 3, count: 3 });
    refused(await roster('\uFEFFfull name,zone\nAna,UTC\n'), 422, 'roster_invalid');
    expect((await roster('name,interests,time zone\nAna,"unclosed,UTC\n')).body.error.code).toBe('roster_invalid');
    expect((await roster('name,interests,time zone\nAna,x,UTC,extra\n')).body.error.message).toMatch(/Line 2: expected 3 columns/);
    expect((await roster('name,interests,time zone\n')).body.error.message).toMatch(/nobody/);
    const tooMany = `name,interests,time zone\n${'Ann,,UTC\n'.repeat(5_001)}`;
    expect((await roster(tooMany)).body.error).toMatchObject({ code: 'roster_invalid', params: { line: 5_002 } });
    const tooBig = `name,interests,time zone\n${`${'x'.repeat(70)},${'y'.repeat(30)},UTC\n`.repeat(11_000)}`;
    expect((await roster(tooBig)).body.error.code).toBe('roster_invalid');
    expect(await kept(t)).toEqual(before);

    const good = await roster('\uFEFFName,Interests,Time zone\r\n"Zoë, the elder","Glaze; wheel ;glaze",Asia/Tokyo\r\nÉmile,,America/Sao_Paulo\r\n');
    expectOk(good);
    expect(good.body.imported).toBe(2);
    const list = await api.get(`/communities/${a.id}/roster`, olive.token);
    expect(list.body.entries.map((e: any) => [e.name, e.interests, e.timeZone, e.memberId])).toEqual([
      ['Zoë, the elder', ['Glaze', 'wheel', 'glaze'], 'Asia/Tokyo', null],
      ['Émile', [], 'America/Sao_Paulo', null],
    ]);
  });

  it('proposes cohorts of members and roster entries, takes the owner’s moves, and applies once', async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Pottery course');
    const people = [
      ['Ann', ['glaze', 'wheel'], 'Europe/Paris'],
      ['Ben', ['glaze', 'kiln'], 'Europe/Berlin'],
      ['Cat', ['wheel', 'glaze'], 'Europe/Madrid'],
      ['Dan', ['raku'], 'America/New_York'],
      ['Eve', ['raku', 'kiln'], 'America/Chicago'],
      ['Fay', ['raku'], 'America/Toronto'],
    ] as const;
    const joined = [];
    for (const [name, interests, zone] of people) joined.push(await a.join(name, [...interests], zone));
    expectOk(await api.post(`/communities/${a.id}/roster`, { csv: 'name,interests,time zone\nGus,glaze,Europe/Rome\nHal,raku,America/Detroit\n=cmd(),raku,America/Denver\n' }, olive.token));
    const max = await a.join('Max');
    expectOk(await api.put(`/communities/${a.id}/members/${max.id}/role`, { role: 'moderator' }, olive.token));
    refused(await api.post(`/communities/${a.id}/cohorts`, { size: 5 }, max.token), 403, 'community_forbidden');

    const proposed = await api.post(`/communities/${a.id}/cohorts`, { size: 5, seed: 7 }, olive.token);
    expectOk(proposed);
    const p = proposed.body.proposal;
    // Members (not the owner or moderators) and roster entries, each placed once, in cohorts of at most 5.
    expect(p.participants.map((x: any) => x.name).sort()).toEqual(['=cmd()', 'Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay', 'Gus', 'Hal']);
    expect(p.cohorts.flatMap((c: any) => c.members).sort()).toEqual(p.participants.map((x: any) => x.id).sort());
    expect(p.cohorts.every((c: any) => c.members.length <= 5)).toBe(true);
    expect(p.quality.meanSharedInterests).toBeGreaterThan(0);
    // The same seed over the same people: the same proposal.
    const again = await api.post(`/communities/${a.id}/cohorts`, { size: 5, seed: 7 }, olive.token);
    expect(again.body.proposal.cohorts).toEqual(p.cohorts);
    const fetched = await api.get(`/communities/${a.id}/cohorts/${p.id}`, olive.token);
    expect(fetched.body.proposal).toEqual(p);

    // The owner moves one person; the score follows. A move that loses or repeats someone is refused.
    const moved = p.cohorts.map((c: any) => [...c.members]);
    const who = moved[0].pop();
    moved[1].push(who);
    const edit = (cohorts: string[][]) => api.put(`/communities/${a.id}/cohorts/${p.id}`, { cohorts }, olive.token);
    const edited = await edit(moved);
    expectOk(edited);
    expect(edited.body.proposal.cohorts.map((c: any) => c.members)).toEqual(moved);
    const unchanged = await kept(t);
    refused(await edit([moved[0], moved[1].slice(1)]), 422, 'cohorts_invalid');
    refused(await edit([[...moved[0], moved[1][0]], moved[1]]), 422, 'cohorts_invalid');
    refused(await edit([[...moved[0], randomUUID()], moved[1]]), 422, 'cohorts_invalid');
    expect(await kept(t)).toEqual(unchanged);

    const applied = await api.post(`/communities/${a.id}/cohorts/${p.id}/apply`, {}, olive.token);
    expectOk(applied);
    expect(applied.body.groups.map((g: any) => g.name)).toEqual(moved.map((_: unknown, i: number) => `Pottery course · Cohort ${i + 1}`));
    expect(applied.body.invites.map((i: any) => i.name).sort()).toEqual(['=cmd()', 'Gus', 'Hal']);
    const members = new Set(joined.map((j) => j.id));
    for (const [i, g] of applied.body.groups.entries()) {
      const inCohort = moved[i].filter((id: string) => members.has(id));
      expect(g.members).toBe(inCohort.length + 1);
      const events = await api.events(g.id, olive.token);
      expect(events.filter((e: any) => e.kind === 'member.joined').map((e: any) => e.by)).toEqual([olive.id, ...inCohort]);
    }
    // Applying again makes nothing and answers the same.
    const settled = await kept(t);
    const twice = await api.post(`/communities/${a.id}/cohorts/${p.id}/apply`, {}, olive.token);
    expect(twice.body).toEqual(applied.body);
    expect(await kept(t)).toEqual(settled);
    refused(await edit(moved), 409, 'proposal_applied');
    expect(await kept(t)).toEqual(settled);

    // The links, for a spreadsheet: a BOM, and a name that looks like a formula is not one.
    const csv = await fetch(`${api.base}/communities/${a.id}/cohorts/${p.id}/invites.csv`, { headers: { authorization: `Bearer ${olive.token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.startsWith('name,group,link\r\n')).toBe(true);
    expect(text).toContain("'=cmd()");
    for (const i of applied.body.invites) expect(text).toContain(i.url);

    // Hal follows his personal link: he is in the community and in his cohort's group at once; the link is spent.
    const hal = applied.body.invites.find((i: any) => i.name === 'Hal');
    const code = hal.url.split('/').pop();
    const preview = await api.get(`/community-invites/${code}`);
    expect(preview.body).toMatchObject({ suggested: { name: 'Hal', interests: ['raku'], timeZone: 'America/Detroit' }, group: { id: hal.groupId } });
    const halJoined = await api.post(`/community-invites/${code}`, { name: 'Hal', interests: ['raku'], timeZone: 'America/Detroit' });
    expectOk(halJoined);
    expect(halJoined.body.group.group.id).toBe(hal.groupId);
    expect(halJoined.body.group.member.name).toBe('Hal');
    refused(await api.post(`/community-invites/${code}`, { name: 'Someone', timeZone: 'UTC' }), 410, 'invite_used_up');
    const roster = await api.get(`/communities/${a.id}/roster`, olive.token);
    expect(roster.body.entries.find((e: any) => e.name === 'Hal').memberId).toBe(halJoined.body.me.id);
    // Everyone is placed now: nobody is left for a new proposal.
    refused(await api.post(`/communities/${a.id}/cohorts`, {}, olive.token), 422, 'cohorts_invalid');
    // A cohort's group can be renamed by its owner.
    expectOk(await api.patch(`/groups/${hal.groupId}`, { name: 'Raku people' }, olive.token));
  });
  it('a member leaves: they keep the groups they are in, no longer see the others, and their pending requests are withdrawn', async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Pottery course');
    const wheel = await a.group(olive.token, { name: 'Wheel' });
    const kiln = await a.group(olive.token, { name: 'Kiln' });
    const mia = await a.join('Mia');
    const max = await a.join('Max');
    expectOk(await api.put(`/communities/${a.id}/members/${max.id}/role`, { role: 'moderator' }, olive.token));
    // Mia is in Wheel (approved) and waits on Kiln.
    const inWheel = await api.post(`/communities/${a.id}/groups/${wheel}/requests`, {}, mia.token);
    expectOk(await api.post(`/groups/${wheel}/requests/${inWheel.body.request.id}`, { decision: 'approve' }, olive.token));
    expectOk(await api.post(`/communities/${a.id}/groups/${kiln}/requests`, { message: 'Me too' }, mia.token));
    expect((await api.get(`/communities/${a.id}/requests`, max.token)).body.requests.map((r: any) => [r.name, r.groupName])).toEqual([['Mia', 'Kiln']]);

    const left = await api.del(`/communities/${a.id}/members/${mia.id}`, mia.token);
    expectOk(left);
    expect(left.body).toEqual({ withdrawn: [kiln] });
    // Wheel stays hers, with its talk; the community and its other groups are closed to her now.
    expect((await api.get(`/groups/${wheel}`, mia.token)).status).toBe(200);
    expect((await api.get('/communities', mia.token)).body.communities).toEqual([]);
    refused(await api.get(`/communities/${a.id}/groups`, mia.token), 403, 'not_community_member');
    refused(await api.post(`/communities/${a.id}/groups/${kiln}/requests`, {}, mia.token), 403, 'not_community_member');
    refused(await api.post(`/groups/${kiln}/requests`, { name: 'Mia' }, mia.token), 403, 'not_community_member');
    // Her request to Kiln is gone: from its deciders' lists and from what she waits on.
    expect((await api.get(`/groups/${kiln}/requests`, olive.token)).body.requests).toEqual([]);
    expect((await api.get(`/communities/${a.id}/requests`, max.token)).body.requests).toEqual([]);
    expect((await api.get('/me', mia.token)).body.requests).toEqual([]);
    const members = (await api.get(`/communities/${a.id}/members`, olive.token)).body.members;
    expect(members.map((m: any) => m.name)).toEqual(['Olive', 'Max']);
    // A moderator may leave too; the link the community gave still lets people in (leaving revokes nothing).
    expectOk(await api.del(`/communities/${a.id}/members/${max.id}`, max.token));
    const back = await api.post(`/community-invites/${a.code}`, { name: 'Mia again', timeZone: 'UTC' }, mia.token);
    expectOk(back);
    expect(back.body.me).toMatchObject({ id: mia.id, role: 'member', name: 'Mia again' });
  });

  it('leaving is refused to a non-member, to the owner (who hands it over first) and for someone else, and changes nothing', async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Pottery course');
    const mia = await a.join('Mia');
    const max = await a.join('Max');
    expectOk(await api.put(`/communities/${a.id}/members/${max.id}/role`, { role: 'moderator' }, olive.token));
    const bob = await person(api, 'Bob');
    const b = await community(api, bob.token, 'Choir');
    const zoe = await b.join('Zoe');
    const before = await kept(t);
    // Someone outside: Zoe leaving A, for herself or for Mia.
    refused(await api.del(`/communities/${a.id}/members/${zoe.id}`, zoe.token), 403, 'not_community_member');
    refused(await api.del(`/communities/${a.id}/members/${mia.id}`, zoe.token), 403, 'not_community_member');
    // The owner, the only one: told to hand it over first.
    const owner = await api.del(`/communities/${a.id}/members/${olive.id}`, olive.token);
    refused(owner, 409, 'community_owner_stays');
    expect(owner.body.error.message).toMatch(/owner/);
    // A forged id: a member, a moderator or the owner taking someone else out.
    refused(await api.del(`/communities/${a.id}/members/${max.id}`, mia.token), 403, 'community_forbidden');
    refused(await api.del(`/communities/${a.id}/members/${mia.id}`, max.token), 403, 'community_forbidden');
    refused(await api.del(`/communities/${a.id}/members/${mia.id}`, olive.token), 403, 'community_forbidden');
    refused(await api.del(`/communities/${a.id}/members/${randomUUID()}`, mia.token), 403, 'community_forbidden');
    // Another community's id with one's own: not a member there.
    refused(await api.del(`/communities/${b.id}/members/${mia.id}`, mia.token), 403, 'not_community_member');
    refused(await api.del(`/communities/${randomUUID()}/members/${mia.id}`, mia.token), 404, 'community_not_found');
    expect((await api.del(`/communities/${a.id}/members/${mia.id}`)).status).toBe(401);
    expect(await kept(t)).toEqual(before);
    // Once handed over, the former owner may go.
    expectOk(await api.put(`/communities/${a.id}/members/${max.id}/role`, { role: 'owner' }, olive.token));
    expectOk(await api.del(`/communities/${a.id}/members/${olive.id}`, olive.token));
    refused(await api.del(`/communities/${a.id}/members/${max.id}`, max.token), 409, 'community_owner_stays');
  });

  it("owners and moderators make groups in it (limit 30 by default, at most 100); a member may not; the requests list is the managers'", async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Pottery course');
    const mia = await a.join('Mia');
    const max = await a.join('Max');
    expectOk(await api.put(`/communities/${a.id}/members/${max.id}/role`, { role: 'moderator' }, olive.token));
    const made = await api.post(`/communities/${a.id}/groups`, { id: randomUUID(), name: 'Glaze lab', topic: 'Colours' }, max.token);
    expectOk(made);
    expect(made.body.group).toMatchObject({ name: 'Glaze lab', topic: 'Colours', memberLimit: 30 });
    expect(made.body.member).toMatchObject({ id: max.id, role: 'owner', name: 'Max' });
    const big = await api.post(`/communities/${a.id}/groups`, { id: randomUUID(), name: 'Lecture', memberLimit: 100 }, olive.token);
    expectOk(big);
    expect((await api.get(`/communities/${a.id}/groups`, mia.token)).body.groups.map((g: any) => [g.name, g.memberLimit, g.memberCount])).toEqual([
      ['Glaze lab', 30, 1],
      ['Lecture', 100, 1],
    ]);
    const before = await kept(t);
    refused(await api.post(`/communities/${a.id}/groups`, { id: randomUUID(), name: 'Mine' }, mia.token), 403, 'community_forbidden');
    refused(await api.post(`/communities/${a.id}/groups`, { id: randomUUID(), name: 'Huge', memberLimit: 101 }, max.token), 400, 'bad_request');
    refused(await api.post(`/communities/${a.id}/groups`, { id: randomUUID(), name: 'Tiny', memberLimit: 1 }, max.token), 400, 'bad_request');
    refused(await api.get(`/communities/${a.id}/requests`, mia.token), 403, 'community_forbidden');
    expect(await kept(t)).toEqual(before);
  });

  it("a join request to any of its groups reaches the community's owner and moderators live, not its members nor another community's moderators", async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const olive = await person(api, 'Olive');
    const a = await community(api, olive.token, 'Pottery course');
    const mo = await a.join('Mo');
    const mia = await a.join('Mia');
    const ivy = await a.join('Ivy');
    expectOk(await api.put(`/communities/${a.id}/members/${mo.id}/role`, { role: 'moderator' }, olive.token));
    // Wheel is Olive's: Mo moderates the community, not Wheel, and is not in it.
    const wheel = await a.group(olive.token, { name: 'Wheel' });
    const bob = await person(api, 'Bob');
    // Bob's device is online before he makes his community: it is seated in it as he does.
    const bobLive = await LiveClient.connect(t.url, bob.token);
    const b = await community(api, bob.token, 'Choir');
    await bobLive.waitFor((m) => m.t === 'communities');
    const cy = await b.join('Cy');
    expectOk(await api.put(`/communities/${b.id}/members/${cy.id}/role`, { role: 'moderator' }, bob.token));
    const moLive = await LiveClient.connect(t.url, mo.token);
    const miaLive = await LiveClient.connect(t.url, mia.token);
    const cyLive = await LiveClient.connect(t.url, cy.token);
    const frames = (c: LiveClient) => c.received.filter((m) => m.t === 'community' || m.t === 'communities' || m.t === 'requests');

    expectOk(await api.post(`/communities/${a.id}/groups/${wheel}/requests`, { message: 'Hello' }, ivy.token));
    expect(await moLive.waitFor((m) => m.t === 'community')).toEqual({ t: 'community', community: a.id, what: 'requests' });
    // What Mo's device then asks for: the request, with its group.
    expect((await api.get(`/communities/${a.id}/requests`, mo.token)).body.requests.map((r: any) => [r.name, r.groupName, r.message])).toEqual([
      ['Ivy', 'Wheel', 'Hello'],
    ]);
    // A new group is told to all its members; requests to its managers only.
    const kiln = await a.group(mo.token, { name: 'Kiln' });
    await miaLive.waitFor((m) => m.t === 'community' && m.what === 'groups');
    expect(frames(miaLive)).toEqual([{ t: 'community', community: a.id, what: 'groups' }]);
    await new Promise((r) => setTimeout(r, 200));
    // Another community's moderator and owner heard nothing of A.
    expect(frames(cyLive)).toEqual([]);
    expect(frames(bobLive)).toEqual([{ t: 'communities' }]);

    // Mia is made a moderator: her device hears it, and from then on she hears the requests too.
    expectOk(await api.put(`/communities/${a.id}/members/${mia.id}/role`, { role: 'moderator' }, olive.token));
    await miaLive.waitFor((m) => m.t === 'communities');
    expectOk(await api.post(`/communities/${a.id}/groups/${kiln}/requests`, {}, ivy.token));
    await miaLive.waitFor((m) => m.t === 'community' && m.what === 'requests');
    // Mo leaves: his other device hears it, and hears nothing of A after.
    const moPhone = await LiveClient.connect(t.url, mo.token);
    expectOk(await api.del(`/communities/${a.id}/members/${mo.id}`, mo.token));
    await moPhone.waitFor((m) => m.t === 'communities');
    const heard = frames(moPhone).length;
    await a.group(olive.token, { name: 'Raku' });
    await miaLive.waitFor((m) => m.t === 'community' && m.what === 'groups' && frames(miaLive).filter((f) => f.t === 'community' && f.what === 'groups').length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(frames(moPhone)).toHaveLength(heard);
    // And Bob, seated in his own community since he made it, hears a request to one of its groups.
    const altos = await b.group(bob.token, { name: 'Altos' });
    expectOk(await api.post(`/communities/${b.id}/groups/${altos}/requests`, {}, (await b.join('Ulf')).token));
    await bobLive.waitFor((m) => m.t === 'community' && m.community === b.id && m.what === 'requests');
    expect(frames(miaLive).filter((f) => f.t === 'community' && f.community === b.id)).toEqual([]);
    for (const c of [moLive, miaLive, cyLive, bobLive, moPhone]) c.ws.close();
  });
});
