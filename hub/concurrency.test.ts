import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

describe.each(BACKENDS)('member limit under concurrency (%s)', (backend) => {
  it('50 people joining at once into a group with 3 places left: exactly 3 get in', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ memberLimit: 5 });
    await api.member(g.groupId, g.token, 'Early');
    // Owner + 1 member: 3 places left.
    const invite = await api.invite(g.groupId, g.token);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.post(`/join/${invite.code}`, { name: `Joiner ${i}` })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(47);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe('group_full');

    const members = await api.get(`/groups/${g.groupId}/members`, g.token);
    expect(members.body.members).toHaveLength(5);
    const events = await api.events(g.groupId, g.token);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'member.joined')).toHaveLength(5);
    const invites = (await api.get(`/groups/${g.groupId}/invites`, g.token)).body.invites as { id: string; uses: number }[];
    expect(invites.find((i) => i.id === invite.id)?.uses).toBe(3);
  });

  it('concurrent posts from many members take consecutive numbers', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const members = await Promise.all(Array.from({ length: 5 }, (_, i) => api.member(g.groupId, g.token, `M${i}`)));
    const t = await api.thread(g.groupId, g.token);
    await Promise.all(
      members.flatMap((m) =>
        Array.from({ length: 8 }, () =>
          api.post(`/groups/${g.groupId}/threads/${t}/messages`, { id: randomUUID(), body: 'hi' }, m.token),
        ),
      ),
    );
    const events = await api.events(g.groupId, g.token);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'message.posted')).toHaveLength(40);
  });

  it('a member removed while their posts are on the way: none is numbered after the removal', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const mo = await api.member(g.groupId, g.token, 'Mo');
    const t = await api.thread(g.groupId, g.token);
    const posts = Array.from({ length: 30 }, (_, i) =>
      api.post(`/groups/${g.groupId}/threads/${t}/messages`, { id: randomUUID(), body: `post ${i}` }, mo.token),
    );
    const removal = api.del(`/groups/${g.groupId}/members/${mo.memberId}`, g.token);
    const answers = await Promise.all(posts);
    expect((await removal).status).toBe(200);

    expect(answers.every((a) => a.status === 200 || (a.status === 403 && a.body.error.code === 'not_member'))).toBe(true);
    const events = await api.events(g.groupId, g.token);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const removed = events.find((e) => e.kind === 'member.removed')!.seq;
    const posted = events.filter((e) => e.kind === 'message.posted');
    expect(posted.every((e) => e.seq < removed)).toBe(true);
    expect(posted).toHaveLength(answers.filter((a) => a.status === 200).length);
  });
});
