import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import type { HubDeps } from './http/env';
import { operationsOf, type Declared } from './http/operation';
import { ManualClock } from './testing/clock';
import { populatedGroup, type Populated } from './testing/fixture';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

/** A valid body for each operation that takes one; the matrix fails if an operation lacks one. */
const bodies: Partial<Record<string, (g: Populated) => unknown>> = {
  linkDevice: () => ({ code: 'ABCDE-FGHJK' }),
  createGroup: () => ({ name: 'New', ownerName: 'Me' }),
  updateGroup: () => ({ topic: 'changed' }),
  updateSelf: () => ({ intro: 'changed' }),
  setRole: () => ({ role: 'moderator' }),
  createInvite: () => ({ maxUses: 5 }),
  joinWithInvite: () => ({ name: 'Joiner' }),
  createRequest: () => ({ name: 'Asker' }),
  decideRequest: () => ({ decision: 'approve' }),
  createThread: () => ({ id: randomUUID(), title: 'x' }),
  postMessage: () => ({ id: randomUUID(), body: 'x' }),
  editMessage: () => ({ body: 'edited' }),
  react: () => ({ emoji: '👍', on: true }),
  markRead: () => ({ seq: 1 }),
  setListing: () => ({ scope: 'community', hash: 'a'.repeat(64) }),
  lookupListings: () => ({ prefixes: ['aaaa'] }),
  reportListing: () => ({ hash: 'a'.repeat(64), reason: 'spam' }),
  setIntro: () => ({ text: 'Hello', timeZone: 'UTC' }),
  createGoal: () => ({ id: randomUUID(), title: 'Read', cadence: 'weekly' }),
  checkIn: () => ({ id: randomUUID(), at: Date.UTC(2030, 0, 1), timeZone: 'UTC' }),
  cheer: () => ({ on: true }),
  createPoll: () => ({ id: randomUUID(), question: 'Which?', options: ['a', 'b'] }),
  vote: () => ({ id: randomUUID(), choices: [0] }),
  askFeedback: () => ({ id: randomUUID(), question: 'How?' }),
  answerFeedback: () => ({ rating: 4 }),
  proposeMeeting: () => ({ id: randomUUID(), title: 'Meet', times: [{ kind: 'day', date: '2040-01-01' }] }),
  answerMeeting: () => ({ answers: ['yes'] }),
  confirmMeeting: () => ({ time: 0 }),
  // Its id is the one the report's own routes name (fillPath: reportId).
  reportMessage: (g) => ({ id: g.messageId, reason: 'spam' }),
  warnMember: () => ({ id: randomUUID(), note: 'Careful' }),
  muteMember: () => ({ minutes: 10, reason: 'Cool down' }),
  setSlowMode: () => ({ seconds: 10 }),
  importArchive: () => ({ key: randomUUID(), ownerName: 'Me', archive: {} }),
  createCommunity: () => ({ name: 'Course', owner: { name: 'Me', timeZone: 'UTC' } }),
  setCommunityRole: () => ({ role: 'moderator' }),
  createCommunityInvite: () => ({ maxUses: 5 }),
  joinCommunity: () => ({ name: 'Joiner', timeZone: 'UTC' }),
  createCommunityGroup: () => ({ name: 'Circle' }),
  askToJoinCommunityGroup: () => ({ message: 'Hi' }),
  importRoster: () => ({ csv: 'name,interests,time zone\nAl,,UTC\n' }),
  proposeCohorts: () => ({ size: 5 }),
  editCohortProposal: () => ({ cohorts: [[randomUUID()]] }),
};

function fillPath(op: Declared, g: Populated, code: string) {
  const values: Record<string, string> = {
    groupId: g.groupId,
    memberId: g.member.memberId,
    inviteId: g.invite.id,
    requestId: g.request.id,
    threadId: g.threadId,
    messageId: g.messageId,
    goalId: g.goalId,
    checkInId: g.checkInId,
    pollId: g.pollId,
    feedbackId: g.feedbackId,
    meetingId: g.meetingId,
    // Refused before it is looked for: any report id will do.
    reportId: g.messageId,
    code,
  };
  return op.path.replace(/:(\w+)/g, (_, name: string) => values[name]!);
}

/** Every operation the app serves, as declared beside its route. */
const entries = operationsOf(createApp({ config: { maxBodyBytes: 1 } } as HubDeps)).map((op) => [op.id, op] as const);

describe.each(BACKENDS)('authorization matrix (%s)', (backend) => {
  it('refuses every group operation to a non-member, a removed member and another group’s member; roles hold', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const g = await populatedGroup(api);
    const other = await populatedGroup(api, 'Other');
    const removed = await api.member(g.groupId, g.owner.token, 'Gone');
    expect((await api.del(`/groups/${g.groupId}/members/${removed.memberId}`, g.owner.token)).status).toBe(200);
    const outsider = await api.post(`/groups/${other.groupId}/requests`, { name: 'Outsider' });

    const callers = {
      'non-member': outsider.body.token as string,
      'removed member': removed.token,
      "another group's member": other.member.token,
      "another group's owner": other.owner.token,
    };

    const send = (id: string, op: Declared, token: string | undefined) =>
      api.call(op.method.toUpperCase(), fillPath(op, g, g.invite.code), {
        token,
        body: op.body ? bodies[id]!(g) : undefined,
      });

    let checked = 0;
    for (const [id, op] of entries) {
      if (op.body) expect(bodies[id], `sample body for ${id}`).toBeDefined();
      if (op.auth === 'group') {
        for (const [who, token] of Object.entries(callers)) {
          const r = await send(id, op, token);
          expect([r.status, r.body?.error?.code], `${id} as ${who}`).toEqual([403, 'not_member']);
          checked++;
        }
        const anonymous = await send(id, op, undefined);
        expect([anonymous.status, anonymous.body?.error?.code], `${id} without a token`).toEqual([401, 'unauthorized']);
        if (op.roles && !op.roles.includes('member')) {
          const r = await send(id, op, g.member.token);
          expect([r.status, r.body?.error?.code], `${id} as a plain member`).toEqual([403, 'forbidden']);
        }
      }
      if (op.auth === 'token') {
        const r = await send(id, op, undefined);
        expect(r.status, `${id} without a token`).toBe(401);
      }
      const bad = await api.call(op.method.toUpperCase(), fillPath(op, g, g.invite.code), {
        headers: { authorization: 'Bearer nk_forged_token_that_was_never_issued' },
      });
      expect([bad.status, bad.body?.error?.code], `${id} with a forged token`).toEqual([401, 'bad_token']);
    }
    expect(checked).toBeGreaterThan(60);

    // An expired invite opens nothing: every operation that takes a code refuses it.
    const expiring = await api.invite(g.groupId, g.owner.token, { expiresInSeconds: 60 });
    clock.advance(61_000);
    for (const [id, op] of entries.filter(([, o]) => o.path.includes(':code'))) {
      for (const token of [undefined, ...Object.values(callers)]) {
        const r = await api.call(op.method.toUpperCase(), fillPath(op, g, expiring.code), {
          token,
          body: op.body ? bodies[id]!(g) : undefined,
        });
        // The removed member is told so before the invite is looked at.
        expect([410, 403], `${id} with an expired invite`).toContain(r.status);
        if (token !== callers['removed member']) expect(r.body.error.code).toBe('invite_expired');
      }
    }

    // Control: the owner may do every group operation (destructive ones last), and each
    // answer matches the operation's response schema.
    const ordered = entries
      .filter(([, o]) => o.auth === 'group')
      // Destructive ones last, and removing the sample member after every other one that names them.
      .sort(([ia, a], [ib, b]) => Number(a.method === 'delete') - Number(b.method === 'delete') || Number(ia === 'removeMember') - Number(ib === 'removeMember'));
    // A member reports someone else's message (the sample message is the owner's own).
    const byMember = new Set(['reportMessage']);
    for (const [id, op] of ordered) {
      const r = await send(id, op, byMember.has(id) ? g.member.token : g.owner.token);
      expect(r.status, `${id} as ${byMember.has(id) ? 'member' : 'owner'}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(() => op.response.parse(r.body), id).not.toThrow();
    }
  });
});
