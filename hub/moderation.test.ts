import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol';
import type { Answer, Api } from './testing/api';
import { ManualClock } from './testing/clock';
import { everyTable, everythingKept } from './testing/database';
import { BACKENDS, useHubs, type TestHub } from './testing/hubs';

const hubs = useHubs();

/** An owner (Olive), a moderator (Mia), and two members: Ann reports, Bob is moderated. */
async function setUp(api: Api) {
  const g = await api.group();
  const mia = await api.member(g.groupId, g.token, 'Mia');
  expect((await api.put(`/groups/${g.groupId}/members/${mia.memberId}/role`, { role: 'moderator' }, g.token)).status).toBe(200);
  const ann = await api.member(g.groupId, g.token, 'Ann');
  const bob = await api.member(g.groupId, g.token, 'Bob');
  const threadId = await api.thread(g.groupId, g.token);
  const base = `/groups/${g.groupId}`;
  const post = (token: string, body = 'hello', id = randomUUID()) => api.post(`${base}/threads/${threadId}/messages`, { id, body }, token);
  const report = (messageId: string, token: string, body: Record<string, unknown> = {}) =>
    api.post(`${base}/messages/${messageId}/reports`, { id: randomUUID(), reason: 'spam', ...body }, token);
  const mute = (memberId: string, token: string, minutes = 60, reason = 'Cool down') => api.put(`${base}/members/${memberId}/mute`, { minutes, reason }, token);
  return { g, mia, ann, bob, threadId, base, post, report, mute };
}

/** Every table but the ones a read may touch (a token's last use), as one text. */
async function snapshot(t: TestHub) {
  const tables = await everyTable(t);
  tables.delete('tokens');
  return JSON.stringify([...tables]);
}

describe.each(BACKENDS)('moderation (%s)', (backend) => {
  it('members report others’ messages once; moderators see the queue, remove the message (its text leaves the hub, live) and the log says who did what', async () => {
    const clock = new ManualClock();
    const t = await hubs.start(backend, { clock });
    const { g, mia, ann, bob, base, post, report } = await setUp(t.api);
    const secret = `buy cheap watches ${randomUUID()}`;
    const spam = (await post(bob.token, secret)).body.message;

    // Reports: not your own message, one open report each, a note for "other".
    const own = await report(spam.id, bob.token);
    expect([own.status, own.body.error.code, own.body.error.message]).toEqual([403, 'forbidden', 'You cannot report your own message.']);
    const noNote = await report(spam.id, ann.token, { reason: 'other' });
    expect(noNote.status).toBe(400);
    const reportId = randomUUID();
    const first = await t.api.post(`${base}/messages/${spam.id}/reports`, { id: reportId, reason: 'spam', note: 'ads' }, ann.token);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.report).toMatchObject({ id: reportId, status: 'open', reporterId: ann.memberId, authorId: bob.memberId, body: secret, note: 'ads' });
    // The same report again is that report; another one is refused.
    expect((await t.api.post(`${base}/messages/${spam.id}/reports`, { id: reportId, reason: 'spam', note: 'ads' }, ann.token)).body).toEqual(first.body);
    const again = await report(spam.id, ann.token);
    expect([again.status, again.body.error.code]).toEqual([409, 'already_reported']);
    clock.advance(1);
    expect((await report(spam.id, g.token, { reason: 'harassment' })).status).toBe(200);

    // Only owners and moderators see the queue and the log; reports are no group event.
    for (const path of [`${base}/reports`, `${base}/moderation/log`]) {
      const r = await t.api.get(path, ann.token);
      expect([r.status, r.body.error.code, r.body.error.message], path).toEqual([403, 'forbidden', 'Only owner or moderator may do this.']);
    }
    const queue = (await t.api.get(`${base}/reports`, mia.token)).body.reports;
    expect(queue.map((r: { reporterId: string }) => r.reporterId)).toEqual([ann.memberId, g.ownerId]);
    const kinds = ((await t.api.events(g.groupId, ann.token)) as GroupEvent[]).map((e) => e.kind);
    expect(kinds.filter((k) => /report/.test(k))).toEqual([]);

    // A member cannot remove someone else's message; a moderator can, and it settles the reports.
    const byAnn = await t.api.del(`${base}/messages/${spam.id}`, ann.token);
    expect([byAnn.status, byAnn.body.error.code]).toEqual([403, 'forbidden']);
    clock.advance(1000);
    const removed = await t.api.del(`${base}/messages/${spam.id}`, mia.token);
    expect(removed.body.message).toMatchObject({ body: '', deletedBy: mia.memberId });
    const deleted = ((await t.api.events(g.groupId, ann.token)) as GroupEvent[]).filter((e) => e.kind === 'message.deleted');
    expect(deleted.map((e) => [e.by, e.data])).toEqual([[mia.memberId, { id: spam.id, threadId: spam.threadId, deletedAt: clock.now(), deletedBy: mia.memberId }]]);
    expect((await t.api.get(`${base}/reports`, mia.token)).body.reports).toEqual([]);
    expect(await everythingKept(t)).not.toContain(secret);
    // Reported again once removed: refused (there is nothing left to report).
    expect((await report(spam.id, ann.token)).body.error.code).toBe('message_deleted');

    const log = (await t.api.get(`${base}/moderation/log`, g.token)).body.entries;
    expect(log.map((e: Record<string, unknown>) => [e.action, e.actorId, e.memberId, e.messageId, e.at])).toEqual([
      ['message.removed', mia.memberId, bob.memberId, spam.id, clock.now()],
    ]);
  });

  it('dismiss, warn, mute and unmute, remove: moderators of this group only, each logged; refusals change nothing', async () => {
    const clock = new ManualClock();
    const t = await hubs.start(backend, { clock });
    const { g, mia, ann, bob, base, post, report, mute } = await setUp(t.api);
    const other = await setUp(t.api);
    const msg = (await post(bob.token, 'meh')).body.message;
    const reportId = (await report(msg.id, ann.token)).body.report.id;

    const before = await snapshot(t);
    const refusals: [string, Answer, number, string][] = [
      // Members cannot moderate.
      ['member dismisses', await t.api.post(`${base}/reports/${reportId}/dismiss`, {}, ann.token), 403, 'forbidden'],
      ['member warns', await t.api.post(`${base}/members/${bob.memberId}/warnings`, { id: randomUUID(), note: 'stop' }, ann.token), 403, 'forbidden'],
      ['member mutes', await mute(bob.memberId, ann.token), 403, 'forbidden'],
      ['member unmutes', await t.api.del(`${base}/members/${bob.memberId}/mute`, ann.token), 403, 'forbidden'],
      ['member sets slow mode', await t.api.put(`${base}/slow-mode`, { seconds: 30 }, ann.token), 403, 'forbidden'],
      ['member removes', await t.api.del(`${base}/members/${bob.memberId}`, ann.token), 403, 'forbidden'],
      // The moderator of another group cannot touch this one.
      ['other group lists', await t.api.get(`${base}/reports`, other.mia.token), 403, 'not_member'],
      ['other group dismisses', await t.api.post(`${base}/reports/${reportId}/dismiss`, {}, other.g.token), 403, 'not_member'],
      ['other group mutes', await mute(bob.memberId, other.mia.token), 403, 'not_member'],
      ['other group slow mode', await t.api.put(`${base}/slow-mode`, { seconds: 30 }, other.g.token), 403, 'not_member'],
      ['other group removes message', await t.api.del(`${base}/messages/${msg.id}`, other.mia.token), 403, 'not_member'],
      ['other group reads log', await t.api.get(`${base}/moderation/log`, other.g.token), 403, 'not_member'],
      // Another group's report or member, named in this group's path, is not found here.
      ['report of another group', await t.api.post(`${other.base}/reports/${reportId}/dismiss`, {}, other.g.token), 404, 'report_not_found'],
      ['member of another group', await other.mute(bob.memberId, other.g.token), 404, 'member_not_found'],
      // A moderator does not moderate the owner, another moderator, or themself.
      ['moderator mutes owner', await mute(g.ownerId, mia.token), 403, 'forbidden'],
      ['moderator mutes self', await mute(mia.memberId, mia.token), 403, 'forbidden'],
      ['owner mutes self', await mute(g.ownerId, g.token), 403, 'forbidden'],
      ['too long a mute', await mute(bob.memberId, mia.token, 31 * 24 * 60), 400, 'bad_request'],
    ];
    for (const [what, r, status, code] of refusals) {
      expect([what, r.status, r.body.error.code], JSON.stringify(r.body)).toEqual([what, status, code]);
      expect(r.body.error.message.length, what).toBeGreaterThan(10);
    }
    expect(await snapshot(t), 'refusals changed nothing').toBe(before);

    // Now as moderators of this group.
    const dismissed = await t.api.post(`${base}/reports/${reportId}/dismiss`, {}, mia.token);
    expect(dismissed.body.report).toMatchObject({ status: 'dismissed', decidedBy: mia.memberId });
    expect((await t.api.post(`${base}/reports/${reportId}/dismiss`, {}, mia.token)).body).toEqual(dismissed.body);
    clock.advance(1);
    const warningId = randomUUID();
    expect((await t.api.post(`${base}/members/${bob.memberId}/warnings`, { id: warningId, note: 'Keep it kind' }, mia.token)).status).toBe(200);
    expect((await t.api.post(`${base}/members/${bob.memberId}/warnings`, { id: warningId, note: 'Keep it kind' }, mia.token)).status).toBe(200);
    clock.advance(1);
    const muted = await mute(bob.memberId, mia.token, 90, 'Insults in #general');
    const until = clock.now() + 90 * 60_000;
    expect(muted.body).toEqual({ memberId: bob.memberId, mutedUntil: until });
    // The owner may moderate a moderator.
    clock.advance(1);
    expect((await mute(mia.memberId, g.token, 5, 'Test')).status).toBe(200);
    clock.advance(1);
    expect((await t.api.del(`${base}/members/${mia.memberId}/mute`, g.token)).body).toEqual({ memberId: mia.memberId, mutedUntil: null });
    // Lifting a mute that is not there changes nothing.
    const eventsBefore = await t.api.events(g.groupId, g.token);
    expect((await t.api.del(`${base}/members/${mia.memberId}/mute`, g.token)).status).toBe(200);
    expect(await t.api.events(g.groupId, g.token)).toEqual(eventsBefore);

    // The member sees why and until when, and their warning; the group sees until when only.
    const standing = (await t.api.get(`${base}/moderation/me`, bob.token)).body;
    expect(standing).toEqual({ mutedUntil: until, muteReason: 'Insults in #general', warnings: [{ id: warningId, note: 'Keep it kind', at: until - 90 * 60_000 - 1 }], slowModeSeconds: 0 });
    expect((await t.api.get(`${base}/moderation/me`, ann.token)).body).toEqual({ mutedUntil: null, muteReason: '', warnings: [], slowModeSeconds: 0 });
    const events = (await t.api.events(g.groupId, ann.token)) as GroupEvent[];
    const mutes = events.filter((e) => e.kind === 'member.muted' || e.kind === 'member.unmuted');
    expect(mutes.map((e) => [e.kind, e.data])).toEqual([
      ['member.muted', { memberId: bob.memberId, until }],
      ['member.muted', { memberId: mia.memberId, until: clock.now() - 1 + 5 * 60_000 }],
      ['member.unmuted', { memberId: mia.memberId }],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Insults|Keep it kind/);

    clock.advance(1000);
    expect((await t.api.del(`${base}/members/${bob.memberId}`, mia.token)).status).toBe(200);
    const log = (await t.api.get(`${base}/moderation/log`, mia.token)).body.entries;
    expect(log.map((e: Record<string, unknown>) => [e.action, e.actorId, e.memberId, e.note])).toEqual([
      ['member.removed', mia.memberId, bob.memberId, ''],
      ['member.unmuted', g.ownerId, mia.memberId, ''],
      ['member.muted', g.ownerId, mia.memberId, 'Test'],
      ['member.muted', mia.memberId, bob.memberId, 'Insults in #general'],
      ['member.warned', mia.memberId, bob.memberId, 'Keep it kind'],
      ['report.dismissed', mia.memberId, bob.memberId, ''],
    ]);
    // Removed, Bob's warning and mute reason are gone with him (the log is the moderators' record).
    const tables = await everyTable(t);
    expect(tables.get('warnings')).toEqual([]);
    expect(tables.get('memberships')!.find((m) => m.member_id === bob.memberId)).toMatchObject({ muted_until: null, mute_reason: '' });
  });

  it('a muted member cannot post, start a thread or edit, live or by the outbox repeating its write, until the mute ends', async () => {
    const clock = new ManualClock();
    const t = await hubs.start(backend, { clock });
    const { g, bob, base, threadId, post, mute } = await setUp(t.api);
    const earlier = (await post(bob.token, 'before')).body.message;
    const queued = randomUUID();
    expect((await mute(bob.memberId, g.token, 10, 'Spamming links')).status).toBe(200);
    const until = clock.now() + 10 * 60_000;

    const before = await snapshot(t);
    const eventsBefore = await t.api.events(g.groupId, g.token);
    const tries = [
      await post(bob.token, 'hi', queued),
      // The outbox sends the same write again later: refused again, not taken.
      await post(bob.token, 'hi', queued),
      await post(bob.token, 'hi @Olive'),
      await t.api.post(`${base}/threads`, { id: randomUUID(), title: 'New' }, bob.token),
      await t.api.patch(`${base}/messages/${earlier.id}`, { body: 'edited' }, bob.token),
    ];
    for (const r of tries) {
      expect([r.status, r.body.error.code, r.body.error.params]).toEqual([403, 'muted', { until, reason: 'Spamming links' }]);
      expect(r.body.error.message).toBe(`You are muted in this group until ${new Date(until).toISOString()}: Spamming links`);
    }
    expect(await snapshot(t)).toBe(before);
    expect(await t.api.events(g.groupId, g.token)).toEqual(eventsBefore);

    // When it ends, the queued write goes through.
    clock.advance(10 * 60_000);
    const sent = await post(bob.token, 'hi', queued);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.message).toMatchObject({ id: queued, threadId, authorId: bob.memberId });
  });

  it('slow mode: one message per member per N seconds, owners and moderators exempt, a resend is not a new message', async () => {
    const clock = new ManualClock();
    const t = await hubs.start(backend, { clock });
    const { g, mia, ann, base, post } = await setUp(t.api);
    const set = await t.api.put(`${base}/slow-mode`, { seconds: 30 }, mia.token);
    expect(set.body).toEqual({ seconds: 30 });
    expect((await t.api.put(`${base}/slow-mode`, { seconds: 30 }, mia.token)).status).toBe(200);
    const slow = ((await t.api.events(g.groupId, ann.token)) as GroupEvent[]).filter((e) => e.kind === 'group.slowmode');
    expect(slow.map((e) => [e.by, e.data])).toEqual([[mia.memberId, { seconds: 30 }]]);

    const id = randomUUID();
    expect((await post(ann.token, 'one', id)).status).toBe(200);
    // The same post again (a lost answer, the outbox resends) is answered as before.
    expect((await post(ann.token, 'one', id)).body.message.id).toBe(id);
    clock.advance(10_000);
    const before = await snapshot(t);
    const early = await post(ann.token, 'two');
    expect([early.status, early.body.error.code, early.body.error.params, early.body.error.message]).toEqual([
      429,
      'slow_mode',
      { seconds: 20 },
      'Slow mode is on: wait 20 seconds before your next message.',
    ]);
    expect(await snapshot(t)).toBe(before);
    // Owners and moderators are exempt.
    for (const token of [g.token, mia.token]) {
      expect((await post(token, 'a')).status).toBe(200);
      expect((await post(token, 'b')).status).toBe(200);
    }
    clock.advance(20_000);
    expect((await post(ann.token, 'two')).status).toBe(200);
    expect((await t.api.get(`${base}/moderation/me`, ann.token)).body.slowModeSeconds).toBe(30);
    // Off again: no wait.
    expect((await t.api.put(`${base}/slow-mode`, { seconds: 0 }, g.token)).status).toBe(200);
    expect((await post(ann.token, 'three')).status).toBe(200);
    const log = (await t.api.get(`${base}/moderation/log`, g.token)).body.entries;
    expect(log.map((e: Record<string, unknown>) => [e.action, e.actorId, e.seconds])).toEqual([
      ['slowmode.set', g.ownerId, 0],
      ['slowmode.set', mia.memberId, 30],
    ]);
  });
});
