import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

const lesson = {
  site: 'teachable',
  community: 'Sock School',
  kind: 'lesson',
  id: 'lesson-12',
  title: 'Turning the heel',
  url: 'https://sockschool.teachable.com/courses/socks/lectures/12',
};

describe.each(BACKENDS)('discussion (%s)', (backend) => {
  it('anchors a thread to a page and finds it by the page URL; one thread per page', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const m = await api.member(g.groupId, g.token);
    const id = randomUUID();
    const created = await api.post(`/groups/${g.groupId}/threads`, { id, anchor: lesson }, g.token);
    expect(created.body).toMatchObject({ created: true, thread: { id, anchor: lesson, title: null, messageCount: 0 } });
    await api.thread(g.groupId, g.token, { title: 'Off topic' });

    const found = await api.get(`/groups/${g.groupId}/threads?anchor=${encodeURIComponent(lesson.url)}`, m.token);
    expect(found.body.threads.map((t: { id: string }) => t.id)).toEqual([id]);
    const none = await api.get(`/groups/${g.groupId}/threads?anchor=${encodeURIComponent('https://example.com/x')}`, m.token);
    expect(none.body.threads).toEqual([]);
    expect((await api.get(`/groups/${g.groupId}/threads`, m.token)).body.threads).toHaveLength(2);

    // "Discuss this page" from another member at the same time lands in the same thread.
    const second = await api.post(`/groups/${g.groupId}/threads`, { id: randomUUID(), anchor: lesson }, m.token);
    expect(second.body).toMatchObject({ created: false, thread: { id } });
    const kinds = (await api.events(g.groupId, g.token)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'thread.created')).toHaveLength(2);
  });

  it('posts replies in order, with @mentions of member names', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group({ ownerName: 'Olive' });
    const ann = await api.member(g.groupId, g.token, 'Ann Lee');
    const bo = await api.member(g.groupId, g.token, 'Bo');
    const t = await api.thread(g.groupId, g.token);
    const m1 = await api.message(g.groupId, t, g.token, 'Hi @ann lee and @Bo! (not @Bob, not me@Bo.com)');
    expect(new Set(m1.mentions)).toEqual(new Set([ann.memberId, bo.memberId]));
    const m2 = await api.message(g.groupId, t, ann.token, '**bold** reply, @Olive');
    expect(m2.mentions).toEqual([g.ownerId]);
    expect(m2.seq).toBeGreaterThan(m1.seq);

    const page = await api.get(`/groups/${g.groupId}/threads/${t}/messages?limit=1`, bo.token);
    expect(page.body.messages.map((m: { id: string }) => m.id)).toEqual([m1.id]);
    expect(page.body.more).toBe(true);
    const rest = await api.get(`/groups/${g.groupId}/threads/${t}/messages?after=${m1.seq}`, bo.token);
    expect(rest.body.messages.map((m: { id: string }) => m.id)).toEqual([m2.id]);
    const threads = await api.get(`/groups/${g.groupId}/threads`, bo.token);
    expect(threads.body.threads[0]).toMatchObject({ id: t, messageCount: 2 });
  });

  it('a repeated client id is the same write: one message, one event', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const t = await api.thread(g.groupId, g.token);
    const before = (await api.events(g.groupId, g.token)).length;
    const body = { id: randomUUID(), body: 'only once' };
    const path = `/groups/${g.groupId}/threads/${t}/messages`;
    const [a, b] = await Promise.all([api.post(path, body, g.token), api.post(path, body, g.token)]);
    const c = await api.post(path, body, g.token);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(b.body.message).toEqual(a.body.message);
    expect(c.body.message).toEqual(a.body.message);
    const events = await api.events(g.groupId, g.token);
    expect(events.length - before).toBe(1);
    expect((await api.get(`${path}`, g.token)).body.messages).toHaveLength(1);
    // The repeats spent no number and counted nothing: the next post takes the next number.
    const next = await api.post(path, { id: randomUUID(), body: 'next' }, g.token);
    expect(next.body.message.seq).toBe(a.body.message.seq + 1);
    const listed = (await api.get(`/groups/${g.groupId}/threads`, g.token)).body.threads;
    expect(listed.find((x: { id: string }) => x.id === t)).toMatchObject({ messageCount: 2 });

    // The same id from someone else, or into another thread, is not that write.
    const other = await api.member(g.groupId, g.token);
    expect((await api.post(path, body, other.token)).body.error.code).toBe('id_taken');
    const t2 = await api.thread(g.groupId, g.token);
    expect((await api.post(`/groups/${g.groupId}/threads/${t2}/messages`, body, g.token)).status).toBe(409);

    // Thread creation too.
    const thread = { id: randomUUID(), title: 'Once' };
    await api.post(`/groups/${g.groupId}/threads`, thread, g.token);
    expect((await api.post(`/groups/${g.groupId}/threads`, thread, g.token)).body.created).toBe(true);
    const kinds = (await api.events(g.groupId, g.token)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'thread.created')).toHaveLength(3);
  });

  it('reacts idempotently: on twice is one reaction, off removes it', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const m = await api.member(g.groupId, g.token);
    const t = await api.thread(g.groupId, g.token);
    const msg = await api.message(g.groupId, t, g.token);
    const path = `/groups/${g.groupId}/messages/${msg.id}/reactions`;
    await api.post(path, { emoji: '🧶', on: true }, m.token);
    const twice = await api.post(path, { emoji: '🧶', on: true }, m.token);
    await api.post(path, { emoji: '🧶', on: true }, g.token);
    await api.post(path, { emoji: ':+1:', on: true }, g.token);
    const off = await api.post(path, { emoji: ':+1:', on: false }, g.token);
    expect(twice.body.message.reactions).toEqual({ '🧶': [m.memberId] });
    expect(off.body.message.reactions).toEqual({ '🧶': [m.memberId, g.ownerId] });
    expect((await api.post(path, { emoji: 'two words', on: true }, g.token)).status).toBe(400);
    const reactions = (await api.events(g.groupId, g.token)).filter((e) => e.kind === 'reaction');
    expect(reactions.map((e) => [e.data.emoji, e.data.on])).toEqual([
      ['🧶', true],
      ['🧶', true],
      [':+1:', true],
      [':+1:', false],
    ]);
  });

  it('edits and deletes your own; moderators delete anyone’s', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const a = await api.member(g.groupId, g.token, 'Ann');
    const b = await api.member(g.groupId, g.token, 'Bo');
    const t = await api.thread(g.groupId, g.token);
    const msg = await api.message(g.groupId, t, a.token, 'first draft');
    const path = `/groups/${g.groupId}/messages/${msg.id}`;

    expect((await api.patch(path, { body: 'hijack' }, b.token)).status).toBe(403);
    expect((await api.patch(path, { body: 'owner edit' }, g.token)).status).toBe(403);
    const edited = await api.patch(path, { body: 'second draft @Bo' }, a.token);
    expect(edited.body.message).toMatchObject({ body: 'second draft @Bo', mentions: [b.memberId] });
    expect(edited.body.message.editedAt).not.toBeNull();
    // The same edit again changes nothing.
    await api.patch(path, { body: 'second draft @Bo' }, a.token);

    expect((await api.del(path, b.token)).status).toBe(403);
    const other = await api.message(g.groupId, t, b.token, 'by Bo');
    const mine = await api.del(`/groups/${g.groupId}/messages/${other.id}`, b.token);
    expect(mine.body.message).toMatchObject({ body: '', deletedBy: b.memberId });

    await api.put(`/groups/${g.groupId}/members/${b.memberId}/role`, { role: 'moderator' }, g.token);
    const moderated = await api.del(path, b.token);
    expect(moderated.body.message).toMatchObject({ body: '', deletedBy: b.memberId });
    expect((await api.patch(path, { body: 'back' }, a.token)).body.error.code).toBe('message_deleted');
    await api.del(path, b.token);

    const kinds = (await api.events(g.groupId, g.token)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'message.edited')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'message.deleted')).toHaveLength(2);
  });

  it('refuses empty, oversized and NUL-bearing messages', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const t = await api.thread(g.groupId, g.token);
    const path = `/groups/${g.groupId}/threads/${t}/messages`;
    for (const body of ['', '   \n ', 'x'.repeat(20_001), 'a\u0000b']) {
      expect((await api.post(path, { id: randomUUID(), body }, g.token)).status).toBe(400);
    }
    expect((await api.post(path, { id: randomUUID(), body: 'x'.repeat(20_000) }, g.token)).status).toBe(200);
  });
});
