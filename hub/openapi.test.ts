/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document and the answers are arbitrary JSON */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { HubMessage, LIVE_PROTOCOL } from '../protocol';
import { createApp } from './app';
import type { HubDeps } from './http/env';
import { buildOpenApi } from './http/openapi';
import { openApiPath, operationsOf, type Declared } from './http/operation';
import type { Api } from './testing/api';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

/** Routes that serve files, not the API. */
const FILE_ROUTES = ['GET /widget.js', 'GET /panel', 'GET /panel/*', 'GET /create', 'GET /console', 'GET /console/'];
/** The operator's probes and metrics (docs/DEPLOY.md), not part of the API clients call. */
const OPS_ROUTES = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /reports'];

const app = createApp({ config: { maxBodyBytes: 1 } } as HubDeps);
const declared = operationsOf(app);

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  token?: string;
}

/**
 * Calls operations by their declarations on a real hub. Before each real call it sends the
 * same request broken against each declared schema (an unknown body field, an unknown query
 * parameter, a malformed path id): the declared schema must refuse it, and so must the hub,
 * with 400 and `{error:{code,message}}`. Then the real call must answer the declared status
 * with a body that parses as the declared response, with nothing undeclared in it.
 */
function driver(api: Api) {
  const byId = new Map(declared.map((op) => [op.id, op]));
  const answered = new Set<string>();
  const probed = new Set<string>();

  const url = (op: Declared, params: Record<string, string>, query?: Record<string, string>) => {
    const path = op.path.replace(/:(\w+)/g, (_, name: string) => {
      expect(params[name], `${op.id}: a value for :${name}`).toBeDefined();
      return encodeURIComponent(params[name]!);
    });
    return query ? `${path}?${new URLSearchParams(query)}` : path;
  };

  const refused = async (op: Declared, what: string, path: string, c: Call, expected = [400, 'bad_request']) => {
    const r = await api.call(op.method.toUpperCase(), path, { token: c.token, body: c.body });
    expect([r.status, r.body?.error?.code, typeof r.body?.error?.message], `${op.id} with ${what}: ${JSON.stringify(r.body)}`).toEqual([
      ...expected,
      'string',
    ]);
    probed.add(op.id);
  };

  async function call(id: string, c: Call = {}): Promise<any> {
    const op = byId.get(id);
    if (!op) throw new Error(`no operation ${id}`);
    const params = c.params ?? {};
    if (op.body) {
      const broken = { ...(c.body as object), unexpected: true };
      expect(op.body.safeParse(broken).success, `${id}: its declared body refuses an unknown field`).toBe(false);
      await refused(op, 'an unknown body field', url(op, params, c.query), { ...c, body: broken });
    }
    if (op.query) {
      const broken = { ...c.query, unexpected: '1' };
      expect(op.query.safeParse(broken).success, `${id}: its declared query refuses an unknown parameter`).toBe(false);
      await refused(op, 'an unknown query parameter', url(op, params, broken), c);
    }
    for (const name of Object.keys(op.params?.shape ?? {})) {
      const broken = { ...params, [name]: 'bad id' };
      expect(op.params!.safeParse(broken).success, `${id}: its declared :${name} refuses a malformed id`).toBe(false);
      // A group operation looks for the group before anything else, and finds none.
      const expected = op.auth === 'group' && name === 'groupId' ? [404, 'group_not_found'] : [400, 'bad_request'];
      await refused(op, `a malformed :${name}`, url(op, broken, c.query), c, expected);
    }

    const r = await api.call(op.method.toUpperCase(), url(op, params, c.query), { token: c.token, body: c.body });
    expect(r.status, `${id}: ${JSON.stringify(r.body)}`).toBe(op.status ?? 200);
    expect(r.headers.get('content-type'), id).toMatch(op.file ? new RegExp(`^${op.file}`) : /^application\/json/);
    const parsed = op.response.safeParse(r.body);
    expect(parsed.error?.issues ?? [], `${id} answers as declared`).toEqual([]);
    // Parsing drops what the schema does not name: an undeclared field in the answer shows here.
    expect(parsed.data, `${id} answers only what it declares`).toEqual(r.body);
    answered.add(id);
    return r.body;
  }

  return { call, answered, probed, byId };
}

describe('OpenAPI', () => {
  it('every API route the app serves is declared beside it, and only those', () => {
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !FILE_ROUTES.includes(r) && !OPS_ROUTES.includes(r));
    const described = declared.map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(new Set(served)).toEqual(new Set(described));
    expect(new Set(declared.map((op) => op.id)).size, 'operation ids are unique').toBe(declared.length);
    expect(declared.length).toBeGreaterThan(25);
  });

  it('is served at /openapi.json with every operation, its schemas and its errors', async () => {
    const { api } = await hubs.start('sqlite');
    const doc = (await api.get('/openapi.json')).body;
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApi(declared, api.base))));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: api.base }]);
    for (const op of declared) {
      const entry = doc.paths[openApiPath(op.path)]?.[op.method];
      expect(entry, op.id).toBeDefined();
      expect(entry.operationId).toBe(op.id);
      expect(entry.responses[String(op.status ?? 200)], op.id).toBeDefined();
      expect(entry.responses['4XX']).toBeDefined();
      if (op.body) expect(entry.requestBody.content['application/json'].schema.type, op.id).toBe('object');
      for (const name of op.path.match(/:(\w+)/g) ?? []) {
        expect(entry.parameters.map((p: { name: string }) => `:${p.name}`), op.id).toContain(name);
      }
    }
    const create = doc.paths['/groups'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(['name', 'ownerName']);
    expect(create.properties.memberLimit).toMatchObject({ minimum: 2, maximum: 100, default: 30 });
    expect(create.additionalProperties).toBe(false);
  });
});

describe.each(BACKENDS)('every operation as declared, on a real hub (%s)', (backend) => {
  it('refuses bodies, queries and ids that break its declared schemas; answers its declared response; none is left out', async () => {
    const { api, url } = await hubs.start(backend);
    const { call, answered, probed, byId } = driver(api);

    await call('health');
    const doc = await call('openapi');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);

    // A group that takes requests, its owner and the group's first look from outside.
    const created = await call('createGroup', { body: { id: randomUUID(), name: 'Contract', ownerName: 'Olive', allowRequests: true } });
    const owner = created.token as string;
    const groupId = created.group.id as string;
    const group = { groupId };
    expect((await call('getMe', { token: owner })).groups).toHaveLength(1);
    await call('getGroup', { params: group, token: owner });
    await call('updateGroup', { params: group, token: owner, body: { topic: 'Every operation once' } });
    expect((await call('previewGroup', { params: group })).name).toBe('Contract');
    expect((await call('visitGroup', { params: group, token: owner })).member.id).toBe(created.member.id);

    // Invites and joining.
    const { invite } = await call('createInvite', { params: group, token: owner, body: { maxUses: 5 } });
    expect((await call('listInvites', { params: group, token: owner })).invites).toHaveLength(1);
    expect((await call('previewInvite', { params: { code: invite.code } })).group.id).toBe(groupId);
    const joined = await call('joinWithInvite', { params: { code: invite.code }, body: { name: 'Mia' } });
    const member = joined.token as string;
    const memberId = joined.member.id as string;
    await call('listMembers', { params: group, token: member });
    await call('updateSelf', { params: group, token: member, body: { intro: 'Hello all' } });
    await call('setRole', { params: { groupId, memberId }, token: owner, body: { role: 'moderator' } });
    await call('setIntro', { params: group, token: member, body: { text: 'Knitter', interests: ['wool'], timeZone: 'Europe/Lisbon' } });
    expect((await call('getDirectory', { params: group, token: owner })).members).toHaveLength(2);

    // Asking to join.
    const asked = await call('createRequest', { params: group, body: { name: 'Asa', message: 'May I?' } });
    expect((await call('listRequests', { params: group, token: member })).requests).toHaveLength(1);
    await call('decideRequest', { params: { groupId, requestId: asked.request.id }, token: owner, body: { decision: 'approve' } });

    // Listing the group, finding it by its bucket, reporting it, and "Not listed" again.
    const listing = { scope: 'community', hash: 'c0ffee'.padEnd(64, '0') };
    await call('setListing', { params: group, token: owner, body: listing });
    expect((await call('getListing', { params: group, token: member })).listing.scope).toBe('community');
    expect((await call('lookupListings', { body: { prefixes: ['c0ff'] } })).listings).toHaveLength(1);
    await call('reportListing', { params: group, body: { hash: listing.hash, reason: 'Contract' } });
    expect((await call('clearListing', { params: group, token: owner })).listing).toBeNull();

    // The discussion.
    const { thread } = await call('createThread', { params: group, token: owner, body: { id: randomUUID(), title: 'General' } });
    const threadId = thread.id as string;
    expect((await call('listThreads', { params: group, token: member, query: { anchor: 'https://example.com/page' } })).threads).toEqual([]);
    const { message } = await call('postMessage', { params: { groupId, threadId }, token: owner, body: { id: randomUUID(), body: 'Hi @Mia' } });
    const messageId = message.id as string;
    await call('editMessage', { params: { groupId, messageId }, token: owner, body: { body: 'Hi @Mia, welcome' } });
    await call('react', { params: { groupId, messageId }, token: member, body: { emoji: '👍', on: true } });
    const page = await call('listMessages', { params: { groupId, threadId }, token: member, query: { after: '0', limit: '10' } });
    expect((await call('markRead', { params: { groupId, threadId }, token: member, body: { seq: message.seq } })).read.seq).toBe(message.seq);
    expect((await call('listReads', { token: member })).reads).toEqual([{ groupId, threadId, seq: message.seq }]);
    expect(page.messages.map((m: { body: string }) => m.body)).toEqual(['Hi @Mia, welcome']);
    await call('deleteMessage', { params: { groupId, messageId }, token: owner });

    // Goals and check-ins.
    const { goal } = await call('createGoal', { params: group, token: member, body: { id: randomUUID(), title: 'Knit a row', cadence: 'daily' } });
    const { checkIn } = await call('checkIn', { params: { groupId, goalId: goal.id }, token: member, body: { id: randomUUID(), at: Date.now(), timeZone: 'Europe/Lisbon', note: 'done' } });
    await call('cheer', { params: { groupId, checkInId: checkIn.id }, token: owner, body: { on: true } });
    expect((await call('listGoals', { params: group, token: owner })).checkIns).toHaveLength(1);
    const week = new Date().toISOString().slice(0, 10);
    expect((await call('goalBoard', { params: group, token: owner, query: { week, firstDay: 'mon' } })).rows).toHaveLength(3);

    // Polls.
    const { poll } = await call('createPoll', { params: group, token: owner, body: { id: randomUUID(), question: 'Which day?', options: ['Mon', 'Tue'], anonymous: true } });
    expect((await call('vote', { params: { groupId, pollId: poll.id }, token: member, body: { id: randomUUID(), choices: [1] } })).poll.tallies).toEqual([0, 1]);
    await call('closePoll', { params: { groupId, pollId: poll.id }, token: owner });
    expect((await call('listPolls', { params: group, token: member })).polls[0].voted).toBe(true);

    // Feedback: asked by the owner, answered by a member, summed up and exported for the owner.
    const { request } = await call('askFeedback', { params: group, token: owner, body: { id: randomUUID(), question: 'How was it?' } });
    const feedback = { groupId, feedbackId: request.id };
    await call('answerFeedback', { params: feedback, token: member, body: { rating: 5, text: 'Très bien' } });
    expect((await call('listFeedback', { params: group, token: member })).requests[0].mine.rating).toBe(5);
    expect((await call('feedbackSummary', { params: feedback, token: owner })).average).toBe(5);
    expect(await call('feedbackCsv', { params: feedback, token: owner })).toMatch(/Très bien/);
    await call('closeFeedback', { params: feedback, token: owner });

    // Meetings: proposed with a timed and an all-day time, answered, confirmed, as a calendar file.
    const later = Date.now() + 7 * 24 * 3600_000;
    const times = [{ kind: 'timed', start: later, minutes: 60 }, { kind: 'day', date: new Date(later).toISOString().slice(0, 10) }];
    const { meeting } = await call('proposeMeeting', { params: group, token: member, body: { id: randomUUID(), title: 'Plan', times } });
    const meetingAt = { groupId, meetingId: meeting.id };
    await call('answerMeeting', { params: meetingAt, token: owner, body: { answers: ['maybe', 'yes'] } });
    expect((await call('confirmMeeting', { params: meetingAt, token: member, body: { time: 1 } })).meeting.sequence).toBe(0);
    expect(await call('meetingIcs', { params: meetingAt, token: owner })).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect((await call('listMeetings', { params: group, token: owner })).meetings[0].best).toBe(1);

    // Moderation: a member reports, the owner works the queue, warns, mutes and unmutes, sets the slow mode.
    const reported = (await call('postMessage', { params: { groupId, threadId }, token: owner, body: { id: randomUUID(), body: 'Report me' } })).message;
    const { report } = await call('reportMessage', { params: { groupId, messageId: reported.id }, token: member, body: { id: randomUUID(), reason: 'off_topic' } });
    expect((await call('listReports', { params: group, token: owner })).reports.map((r: { id: string }) => r.id)).toEqual([report.id]);
    expect((await call('dismissReport', { params: { groupId, reportId: report.id }, token: owner })).report.status).toBe('dismissed');
    const mia = { groupId, memberId };
    await call('warnMember', { params: mia, token: owner, body: { id: randomUUID(), note: 'Please stay on topic' } });
    expect((await call('muteMember', { params: mia, token: owner, body: { minutes: 5, reason: 'Cool down' } })).mutedUntil).toBeGreaterThan(0);
    expect((await call('myStanding', { params: group, token: member })).muteReason).toBe('Cool down');
    expect((await call('unmuteMember', { params: mia, token: owner })).mutedUntil).toBeNull();
    expect(await call('setSlowMode', { params: group, token: owner, body: { seconds: 0 } })).toEqual({ seconds: 0 });
    expect((await call('moderationLog', { params: group, token: owner })).entries.length).toBeGreaterThanOrEqual(4);

    // Archives: the owner exports the group (JSON and Markdown) and imports it as a new one.
    const archive = await call('exportArchive', { params: group, token: owner });
    expect(await call('exportArchiveMarkdown', { params: group, token: owner })).toMatch(/^# Contract\n/);
    expect((await call('importArchive', { token: member, body: { key: randomUUID(), ownerName: 'Mia', archive } })).group.name).toBe('Contract');
    const events = await call('listEvents', { params: group, token: member, query: { after: '0', limit: '100' } });
    expect(events.events.length).toBeGreaterThan(5);

    // The live channel: the upgrade answers 101, and the first message is the hub's greeting.
    const live = byId.get('live')!;
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${live.path}`, [LIVE_PROTOCOL]);
    let status = 0;
    ws.once('upgrade', (res) => (status = res.statusCode ?? 0));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const first = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ t: 'hello', token: member }));
    expect(HubMessage.parse(await first)).toEqual({ t: 'ready', memberId });
    ws.close();
    expect(status).toBe(live.status);
    expect(live.response.safeParse(await first).success).toBe(true);
    answered.add('live');

    // Devices: link two more, sign one out by its id, then all the others.
    const link = async () => (await call('linkDevice', { body: { code: (await call('createLinkCode', { token: member })).code } })).token as string;
    const second = await link();
    const third = await link();
    const { devices } = await call('listDevices', { token: second });
    expect(devices).toHaveLength(3);
    const mine = devices.find((d: { current: boolean }) => d.current).id as string;
    const left = await call('signOutDevice', { params: { deviceId: devices.find((d: { id: string }) => d.id !== mine).id }, token: second });
    expect(left.devices).toHaveLength(2);
    expect((await call('signOutOtherDevices', { token: second })).devices).toHaveLength(1);
    void third;

    // Communities: made, joined with name, interests and time zone, a group inside asked into, a roster, cohorts applied.
    const owned = await call('createCommunity', { token: owner, body: { id: randomUUID(), name: 'Course', owner: { name: 'Olive', interests: ['yarn'], timeZone: 'Europe/Lisbon' } } });
    const cid = { communityId: owned.community.id as string };
    const { invite: door } = await call('createCommunityInvite', { params: cid, token: owner, body: { maxUses: 10 } });
    expect((await call('previewCommunityInvite', { params: { communityCode: door.code } })).community.name).toBe('Course');
    const student = await call('joinCommunity', { params: { communityCode: door.code }, body: { name: 'Sam', interests: ['yarn'], timeZone: 'America/Chicago' } });
    const sam = student.token as string;
    expect((await call('listMyCommunities', { token: sam })).communities).toHaveLength(1);
    expect((await call('getCommunity', { params: cid, token: sam })).me.name).toBe('Sam');
    expect((await call('listCommunityMembers', { params: cid, token: owner })).members).toHaveLength(2);
    expect((await call('listCommunityInvites', { params: cid, token: owner })).invites).toHaveLength(1);
    const circle = (await call('createCommunityGroup', { params: cid, token: owner, body: { id: randomUUID(), name: 'Circle' } })).group.id as string;
    expect((await call('listCommunityGroups', { params: cid, token: sam })).groups).toHaveLength(1);
    await call('askToJoinCommunityGroup', { params: { ...cid, groupId: circle }, token: sam, body: { message: 'Hi' } });
    expect((await call('listCommunityRequests', { params: cid, token: owner })).requests.map((r: { groupName: string }) => r.groupName)).toEqual(['Circle']);
    await call('setCommunityRole', { params: { ...cid, memberId: student.me.id }, token: owner, body: { role: 'moderator' } });
    await call('setCommunityRole', { params: { ...cid, memberId: student.me.id }, token: owner, body: { role: 'member' } });
    await call('importRoster', { params: cid, token: owner, body: { csv: 'name,interests,time zone\nRo,yarn,Asia/Tokyo\n' } });
    expect((await call('listRoster', { params: cid, token: owner })).entries).toHaveLength(1);
    const { proposal } = await call('proposeCohorts', { params: cid, token: owner, body: { size: 5, seed: 1 } });
    const pid = { ...cid, proposalId: proposal.id as string };
    await call('getCohortProposal', { params: pid, token: owner });
    await call('editCohortProposal', { params: pid, token: owner, body: { cohorts: proposal.cohorts.map((c: { members: string[] }) => c.members) } });
    expect((await call('applyCohortProposal', { params: pid, token: owner })).invites).toHaveLength(1);
    expect(await call('cohortInvitesCsv', { params: pid, token: owner })).toMatch(/\r\nRo,/);
    // Sam leaves; his request to the circle, still pending, is withdrawn.
    expect((await call('leaveCommunity', { params: { ...cid, memberId: student.me.id }, token: sam })).withdrawn).toEqual([circle]);
    await call('revokeCommunityInvite', { params: { ...cid, inviteId: door.id }, token: owner });

    // The destructive ones last.
    await call('revokeInvite', { params: { groupId, inviteId: invite.id }, token: owner });
    await call('removeMember', { params: { groupId, memberId }, token: owner });

    // A new operation must join this scenario: one that was not called fails here.
    expect(declared.map((op) => op.id).filter((id) => !answered.has(id))).toEqual([]);
    const withInput = declared.filter((op) => op.body || op.query || op.params).map((op) => op.id);
    expect(withInput.filter((id) => !probed.has(id))).toEqual([]);
  });
});
