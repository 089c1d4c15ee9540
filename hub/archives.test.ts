/* eslint-disable @typescript-eslint/no-explicit-any -- archives and answers are arbitrary JSON that tests walk and assert on */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Archive, MAX_ARCHIVE_BYTES } from '../protocol/archive';
import { archiveMarkdown } from './store/archive-markdown';
import type { Api } from './testing/api';
import { expectOk } from './testing/api';
import { ManualClock } from './testing/clock';
import { everyTable } from './testing/database';
import { BACKENDS, useHubs, type TestHub } from './testing/hubs';

const hubs = useHubs();
const DAY = 24 * 3600_000;

const ok = async (r: Promise<{ status: number; body: any }>) => {
  const a = await r;
  expectOk(a as any);
  return a.body;
};

/**
 * A group with some of everything, and the things an archive must leave out: a deleted
 * message, a removed member's check-in note and feedback text, a departed member's answer
 * that nothing is left of, and an anonymous poll's voters.
 */
async function richGroup(api: Api, clock: ManualClock) {
  const tick = () => clock.advance(1_000);
  const g = await api.group({ name: 'Knitters', topic: 'Socks & shawls', ownerName: 'Olive' });
  const join = async (name: string) => {
    tick();
    return api.member(g.groupId, g.token, name);
  };
  const ann = await join('Ann');
  const bob = await join('Bob');
  const cy = await join('Cy');
  const dee = await join('Dee');
  await ok(api.put(`/groups/${g.groupId}/members/${bob.memberId}/role`, { role: 'moderator' }, g.token));
  await ok(api.put(`/groups/${g.groupId}/intro`, { text: 'I knit socks', interests: ['wool'], timeZone: 'Europe/Lisbon' }, ann.token));
  const path = (p: string) => `/groups/${g.groupId}${p}`;

  tick();
  const general = await api.thread(g.groupId, g.token, { title: 'General' });
  tick();
  const anchored = await api.thread(g.groupId, ann.token, {
    title: 'On the pattern',
    anchor: { site: 'generic', community: 'example.com', kind: 'page', id: null, title: 'Pattern', url: 'https://example.com/pattern' },
  });
  tick();
  const hello = await api.message(g.groupId, general, g.token, 'Hello **all**\n\n# not a heading of the archive');
  tick();
  await api.message(g.groupId, general, ann.token, 'Second, from Ann');
  tick();
  const gone = await api.message(g.groupId, general, bob.token, 'DELETED-TEXT');
  await ok(api.del(path(`/messages/${gone.id}`), bob.token));
  tick();
  await api.message(g.groupId, general, cy.token, 'Cy was here');
  tick();
  await api.message(g.groupId, anchored, ann.token, 'The cuff is tricky');
  await ok(api.post(path(`/messages/${hello.id}/reactions`), { emoji: '👍', on: true }, ann.token));
  await ok(api.post(path(`/messages/${hello.id}/reactions`), { emoji: '👍', on: true }, bob.token));

  tick();
  const annGoal = (await ok(api.post(path('/goals'), { id: randomUUID(), title: 'Knit daily', cadence: 'daily' }, ann.token))).goal.id;
  const annCheckIn = (await ok(api.post(path(`/goals/${annGoal}/checkins`), { id: randomUUID(), at: clock.now(), timeZone: 'Europe/Lisbon', note: 'Ten rows' }, ann.token))).checkIn.id;
  await ok(api.put(path(`/checkins/${annCheckIn}/cheer`), { on: true }, bob.token));
  tick();
  const cyGoal = (await ok(api.post(path('/goals'), { id: randomUUID(), title: 'Finish a shawl', cadence: 'weekly' }, cy.token))).goal.id;
  await ok(api.post(path(`/goals/${cyGoal}/checkins`), { id: randomUUID(), at: clock.now(), timeZone: 'UTC', note: 'CY-NOTE' }, cy.token));

  tick();
  const times = [
    { kind: 'timed', start: clock.now() + 3 * DAY, minutes: 60 },
    { kind: 'day', date: '2030-02-01', days: 1 },
  ];
  const meeting = (await ok(api.post(path('/meetings'), { id: randomUUID(), title: 'Knit-in', times }, g.token))).meeting.id;
  await ok(api.put(path(`/meetings/${meeting}/answers`), { answers: ['yes', 'no'] }, ann.token));
  await ok(api.put(path(`/meetings/${meeting}/answers`), { answers: ['maybe', 'yes'] }, bob.token));
  await ok(api.put(path(`/meetings/${meeting}/answers`), { answers: ['no', 'no'] }, dee.token));
  await ok(api.post(path(`/meetings/${meeting}/confirm`), { time: 0 }, g.token));

  tick();
  const open = (await ok(api.post(path('/polls'), { id: randomUUID(), question: 'Which yarn?', options: ['Wool', 'Cotton'] }, g.token))).poll.id;
  await ok(api.put(path(`/polls/${open}/vote`), { id: randomUUID(), choices: [0] }, ann.token));
  await ok(api.put(path(`/polls/${open}/vote`), { id: randomUUID(), choices: [1] }, bob.token));
  tick();
  const secret = (await ok(api.post(path('/polls'), { id: randomUUID(), question: 'Who leads?', options: ['Ann', 'Bob', 'Nobody'], anonymous: true }, g.token))).poll.id;
  await ok(api.put(path(`/polls/${secret}/vote`), { id: randomUUID(), choices: [1] }, ann.token));
  await ok(api.put(path(`/polls/${secret}/vote`), { id: randomUUID(), choices: [0] }, bob.token));

  tick();
  const ask = (await ok(api.post(path('/feedback'), { id: randomUUID(), question: 'How was the month?' }, g.token))).request.id;
  await ok(api.put(path(`/feedback/${ask}/answer`), { rating: 4, text: 'Lovely' }, ann.token));
  await ok(api.put(path(`/feedback/${ask}/answer`), { rating: 2, text: 'CY-FEEDBACK' }, cy.token));
  await ok(api.put(path(`/feedback/${ask}/answer`), { text: 'DEE-FEEDBACK' }, dee.token));

  await ok(api.del(path(`/members/${cy.memberId}`), g.token));
  await ok(api.del(path(`/members/${dee.memberId}`), dee.token));
  return { g, ann, bob, cy, dee, ids: { general, anchored, hello: hello.id, gone: gone.id, secret, open } };
}

/** An archive with its ids replaced by what they stand for (people by name), and the export's own times left out. */
function content(a: any) {
  const names = new Map<string, string>(a.people.map((p: any) => [p.id, p.name]));
  const walk = (v: any, key = ''): any => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (typeof v === 'string' && names.has(v)) return `person:${names.get(v)}`;
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'id')
        .map(([k, x]) => [k, k === 'reactions' ? Object.fromEntries(Object.entries(x as object).map(([e, who]) => [e, walk(who)])) : walk(x, k)]),
    );
  };
  const { exportedAt: _e, people: _p, group, ...rest } = a;
  const { createdAt: _c, ...groupRest } = group;
  return walk({ group: groupRest, ...rest });
}

const ids = (a: any) => [...JSON.stringify(a).matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map((m) => m[0]);

async function signedIn(api: Api) {
  // Any holder of a token may import; a group of their own on this hub makes them one.
  const mine = await api.group({ name: 'Already here', ownerName: 'Ivy' });
  const thread = await api.thread(mine.groupId, mine.token, { title: 'Mine' });
  const message = await api.message(mine.groupId, thread, mine.token, 'Existing message');
  return { ...mine, thread, message: message.id };
}

describe.each(BACKENDS)('archives (%s)', (backend) => {
  it('exports everything the group sees, as JSON and Markdown, without what was deleted, erased or anonymous; for the owner only', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const { g, ann, bob, cy, dee, ids: made } = await richGroup(api, clock);

    const r = await api.get(`/groups/${g.groupId}/archive`, g.token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="nook-Knitters-archive.json"');
    const archive = Archive.parse(r.body);
    expect(archive).toMatchObject({ format: 'nook-archive', version: 1, exportedAt: clock.now(), group: { name: 'Knitters', topic: 'Socks & shawls', memberLimit: 30, allowRequests: false } });

    const name = (id: string) => archive.people.find((p) => p.id === id)?.name;
    // Members now, with their intros; those who left or were removed are names only.
    expect(archive.people.filter((p) => p.member).map((p) => [p.name, p.member!.role])).toEqual([
      ['Olive', 'owner'],
      ['Ann', 'member'],
      ['Bob', 'moderator'],
    ]);
    expect(archive.people.find((p) => p.name === 'Ann')!.member!.introduction).toEqual({ text: 'I knit socks', interests: ['wool'], timeZone: 'Europe/Lisbon' });
    expect(archive.people.find((p) => p.id === cy.memberId)).toEqual({ id: cy.memberId, name: 'Cy', member: null });

    expect(archive.threads.map((t) => [t.title, t.anchor?.url ?? null, t.messages.map((m) => [name(m.authorId), m.body])])).toEqual([
      [
        'General',
        null,
        [
          ['Olive', 'Hello **all**\n\n# not a heading of the archive'],
          ['Ann', 'Second, from Ann'],
          ['Cy', 'Cy was here'],
        ],
      ],
      ['On the pattern', 'https://example.com/pattern', [['Ann', 'The cuff is tricky']]],
    ]);
    expect(archive.threads[0]!.messages[0]!.reactions).toEqual({ '👍': [ann.memberId, bob.memberId] });

    expect(archive.goals.map((goal) => [goal.title, name(goal.memberId), goal.checkIns.map((c) => [c.note, c.cheers.map(name)])])).toEqual([
      ['Knit daily', 'Ann', [['Ten rows', ['Bob']]]],
      // A removed member's note left with them; the check-in itself stays.
      ['Finish a shawl', 'Cy', [['', []]]],
    ]);

    const [meeting] = archive.meetings;
    expect(meeting).toMatchObject({ title: 'Knit-in', confirmed: 0, sequence: 0 });
    // A departed member's answers no longer count, as in the group's own view.
    expect(meeting!.answers.map((a) => [name(a.memberId), a.answers])).toEqual([
      ['Ann', ['yes', 'no']],
      ['Bob', ['maybe', 'yes']],
    ]);

    const [open, secret] = archive.polls;
    expect(open).toMatchObject({ question: 'Which yarn?', anonymous: false, tallies: [1, 1], voters: 2 });
    expect(open!.votes.map((v) => [name(v.memberId), v.choices])).toEqual([
      ['Ann', [0]],
      ['Bob', [1]],
    ]);
    // Anonymous: tallies and how many voted, and nothing that names a voter.
    expect(secret).toMatchObject({ question: 'Who leads?', anonymous: true, tallies: [1, 1, 0], voters: 2, votes: [] });
    expect(ids(secret).filter((id) => [ann.memberId, bob.memberId].includes(id))).toEqual([]);

    const [feedback] = archive.feedback;
    expect(feedback!.answers.map((a) => [name(a.memberId), a.rating, a.text])).toEqual([
      ['Ann', 4, 'Lovely'],
      // The removed member's text is gone, their rating stays in the counts; the departed
      // member's answer was text only, so nothing of it is left.
      ['Cy', 2, ''],
    ]);

    const text = JSON.stringify(archive);
    for (const erased of ['DELETED-TEXT', 'CY-NOTE', 'CY-FEEDBACK', 'DEE-FEEDBACK', made.gone]) expect(text).not.toContain(erased);
    expect(name(dee.memberId)).toBeUndefined();

    const md = await api.get(`/groups/${g.groupId}/archive/markdown`, g.token);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="nook-Knitters-archive.md"');
    expect(md.body).toBe(archiveMarkdown(archive));
    expect(md.body).toContain('> Hello **all**\n>\n> # not a heading of the archive');
    expect(md.body).toContain('- Ann: 1\n- Bob: 1\n- Nobody: 0');
    for (const erased of ['DELETED-TEXT', 'CY-NOTE', 'CY-FEEDBACK', 'DEE-FEEDBACK']) expect(md.body).not.toContain(erased);
    const secretSection = (md.body as string).split('### Who leads?')[1]!.split('###')[0]!;
    expect(secretSection.split('\n').filter((l) => l.startsWith('- '))).toEqual(['- Ann: 1', '- Bob: 1', '- Nobody: 0']);

    for (const [who, token] of [
      ['a moderator', bob.token],
      ['a member', ann.token],
    ] as const) {
      for (const p of ['archive', 'archive/markdown']) {
        const refused = await api.get(`/groups/${g.groupId}/${p}`, token);
        expect([refused.status, refused.body.error.code], `${p} as ${who}`).toEqual([403, 'forbidden']);
      }
    }
    const removed = await api.get(`/groups/${g.groupId}/archive`, cy.token);
    expect([removed.status, removed.body.error.code]).toEqual([403, 'not_member']);
    expect((await api.get(`/groups/${g.groupId}/archive`)).status).toBe(401);
  });

  it('imports into a new group on another hub: the importer its owner, authors as names, new ids; exporting again gives the same content', async () => {
    const clock = new ManualClock();
    const a = await hubs.start(backend, { clock });
    const b = await hubs.start(backend, { clock });
    const { g } = await richGroup(a.api, clock);
    const archive = (await a.api.get(`/groups/${g.groupId}/archive`, g.token)).body;
    const ivy = await signedIn(b.api);

    // Ids an archive holds are only references inside it: ones that name rows of this hub
    // (a thread, a message, a member) make new rows all the same, and leave those alone.
    const forged = structuredClone(archive);
    forged.threads[0].id = ivy.thread;
    forged.threads[0].messages[0].id = ivy.message;
    const owner = forged.people.find((p: any) => p.name === 'Olive');
    const oldOwner = owner.id;
    owner.id = ivy.ownerId;
    const swap = (v: any): any =>
      Array.isArray(v) ? v.map(swap) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)])) : v === oldOwner ? ivy.ownerId : v;
    const hostile = { ...swap(forged), people: forged.people };

    const before = await b.api.get(`/groups/${ivy.groupId}/threads/${ivy.thread}/messages`, ivy.token);
    const key = randomUUID();
    const imported = await b.api.post('/archives', { key, ownerName: 'Ivy', archive: hostile }, ivy.token);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    // The group's id is the hub's own, not the import's key.
    const id = imported.body.group.id;
    expect(id).not.toBe(key);
    expect(imported.body).toMatchObject({ group: { name: 'Knitters', topic: 'Socks & shawls', memberCount: 1, createdBy: ivy.ownerId }, member: { id: ivy.ownerId, name: 'Ivy', role: 'owner' } });
    expect((await b.api.get(`/groups/${ivy.groupId}/threads/${ivy.thread}/messages`, ivy.token)).body).toEqual(before.body);
    expect((await b.api.get(`/groups/${id}/members`, ivy.token)).body.members.map((m: any) => m.name)).toEqual(['Ivy']);

    const again = (await b.api.get(`/groups/${id}/archive`, ivy.token)).body;
    expect(content(again)).toEqual(content(archive));
    // Every id in the new group is new: none of the archive's, none of the hub's own rows.
    const fresh = new Set(ids(again));
    expect(ids(archive).filter((x) => fresh.has(x) && x !== ivy.ownerId)).toEqual([]);
    expect(fresh.has(ivy.thread) || fresh.has(ivy.message)).toBe(false);
    expect(again.people.filter((p: any) => p.member).map((p: any) => [p.name, p.member.role])).toEqual([['Ivy', 'owner']]);

    // Members' devices learn it as they learn anything: from the group's events, each message
    // with its author's name (who is nobody on this hub).
    const events = await b.api.events(id, ivy.token);
    const posted = events.filter((e: any) => e.kind === 'message.posted').map((e: any) => [e.data.authorName, e.data.body]);
    expect(posted).toEqual([
      ['Olive', 'Hello **all**\n\n# not a heading of the archive'],
      ['Ann', 'Second, from Ann'],
      ['Cy', 'Cy was here'],
      ['Ann', 'The cuff is tricky'],
    ]);
    expect(events.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['group.created', 'member.joined', 'thread.created', 'goal.created', 'checkin.created', 'meeting.proposed', 'poll.created', 'feedback.requested']));
    const thread = (await b.api.get(`/groups/${id}/threads`, ivy.token)).body.threads.find((t: any) => t.title === 'General');
    const messages = (await b.api.get(`/groups/${id}/threads/${thread.id}/messages`, ivy.token)).body.messages;
    expect(messages[0]).toMatchObject({ authorName: 'Olive', body: 'Hello **all**\n\n# not a heading of the archive', mentions: [] });
    expect(messages[0].authorId).not.toBe(ivy.ownerId);
    expect(thread.messageCount).toBe(3);

    // The views show what came along, by name: the feedback answers to its owner, the meeting's answers to all.
    const [request] = (await b.api.get(`/groups/${id}/feedback`, ivy.token)).body.requests;
    const summary = (await b.api.get(`/groups/${id}/feedback/${request.request.id}/summary`, ivy.token)).body;
    expect(summary.answers.map((x: any) => [x.name, x.rating, x.text]).sort()).toEqual([
      ['Ann', 4, 'Lovely'],
      ['Cy', 2, ''],
    ]);
    expect(summary.average).toBe(3);
    const [meeting] = (await b.api.get(`/groups/${id}/meetings`, ivy.token)).body.meetings;
    expect(Object.values(meeting.meeting.answers)).toEqual(expect.arrayContaining([['yes', 'no'], ['maybe', 'yes']]));
    expect(meeting.best).toBe(0);

    // The same import again is the same import.
    const repeat = await b.api.post('/archives', { key, ownerName: 'Ivy', archive: hostile }, ivy.token);
    expect(repeat.body).toEqual(imported.body);
    expect(await b.api.events(id, ivy.token)).toEqual(events);
    expect((await b.api.post('/archives', { key: randomUUID(), ownerName: 'Anon', archive })).status).toBe(401);
  });

  it('makes one group of one import however often it is sent: again, or twice at once; the key is the importer’s own', async () => {
    const clock = new ManualClock();
    const a = await hubs.start(backend, { clock });
    const b = await hubs.start(backend, { clock });
    const { g } = await richGroup(a.api, clock);
    const archive = (await a.api.get(`/groups/${g.groupId}/archive`, g.token)).body;
    const ivy = await signedIn(b.api);
    const groupsOf = async (token: string) => ((await b.api.get('/me', token)).body.groups as any[]).map((x) => x.group.id).sort();
    const mine = await groupsOf(ivy.token);

    // Sent twice at once (a double click, or the answer lost and sent again meanwhile): one group, both told it.
    const key = randomUUID();
    const send = () => b.api.post('/archives', { key, ownerName: 'Ivy', archive }, ivy.token);
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status], JSON.stringify([first.body, second.body]).slice(0, 400)).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    const made = first.body.group.id;
    expect(await groupsOf(ivy.token)).toEqual([...mine, made].sort());
    const events = await b.api.events(made, ivy.token);

    // Sent again later (the network failed after the hub made it): the same answer, nothing made twice.
    clock.advance(60_000);
    const again = await b.api.post('/archives', { key, ownerName: 'Ivy', archive }, ivy.token);
    expect(again.body).toEqual(first.body);
    expect(await groupsOf(ivy.token)).toEqual([...mine, made].sort());
    expect(await b.api.events(made, ivy.token)).toEqual(events);

    // The key with another archive is not that import: refused, and nothing made.
    const other = structuredClone(archive);
    other.group.name = 'Something else';
    const reused = await b.api.post('/archives', { key, ownerName: 'Ivy', archive: other }, ivy.token);
    expect([reused.status, reused.body.error.code]).toEqual([409, 'import_key_reused']);
    expect(await groupsOf(ivy.token)).toEqual([...mine, made].sort());

    // A new key is a new import: the same file may be imported twice on purpose.
    const twice = await b.api.post('/archives', { key: randomUUID(), ownerName: 'Ivy', archive }, ivy.token);
    expect(twice.status).toBe(200);
    expect(twice.body.group.id).not.toBe(made);
  });

  it('never answers another member’s import for their key: the same key makes the other member a group of their own, and leaves the first alone', async () => {
    const clock = new ManualClock();
    const a = await hubs.start(backend, { clock });
    const b = await hubs.start(backend, { clock });
    const { g } = await richGroup(a.api, clock);
    const archive = (await a.api.get(`/groups/${g.groupId}/archive`, g.token)).body;
    const ivy = await signedIn(b.api);
    const key = randomUUID();
    const hers = await b.api.post('/archives', { key, ownerName: 'Ivy', archive }, ivy.token);
    expect(hers.status).toBe(200);
    const before = await b.api.events(hers.body.group.id, ivy.token);

    // Mallory learned Ivy's key (it is no secret: it travels with every retry) and sends it with the same file.
    const mallory = await b.api.group({ name: 'Mallory’s', ownerName: 'Mallory' });
    const theirs = await b.api.post('/archives', { key, ownerName: 'Mallory', archive }, mallory.token);
    expect(theirs.status, JSON.stringify(theirs.body).slice(0, 300)).toBe(200);
    expect(theirs.body.group.id).not.toBe(hers.body.group.id);
    expect(theirs.body).toMatchObject({ group: { name: 'Knitters', memberCount: 1, createdBy: mallory.ownerId }, member: { name: 'Mallory', role: 'owner' } });
    // Ivy's group: not Mallory's to read, and unchanged; Ivy still its only member.
    const peek = await b.api.get(`/groups/${hers.body.group.id}/members`, mallory.token);
    expect([peek.status, peek.body.error.code]).toEqual([403, 'not_member']);
    expect((await b.api.get(`/groups/${hers.body.group.id}/members`, ivy.token)).body.members.map((m: any) => m.name)).toEqual(['Ivy']);
    expect(await b.api.events(hers.body.group.id, ivy.token)).toEqual(before);
    // Each one's retry still answers their own.
    expect((await b.api.post('/archives', { key, ownerName: 'Ivy', archive }, ivy.token)).body).toEqual(hers.body);
    expect((await b.api.post('/archives', { key, ownerName: 'Mallory', archive }, mallory.token)).body).toEqual(theirs.body);
  });

  it('refuses hostile archives (huge, another version, bad fields, repeated ids, dangling or forged references, deep nesting) and makes nothing', async () => {
    const clock = new ManualClock();
    const a = await hubs.start(backend, { clock });
    const b: TestHub = await hubs.start(backend, { clock });
    const { g } = await richGroup(a.api, clock);
    const archive = (await a.api.get(`/groups/${g.groupId}/archive`, g.token)).body;
    const ivy = await signedIn(b.api);
    const tables = await everyTable(b);

    const edit = (f: (x: any) => void) => {
      const x = structuredClone(archive);
      f(x);
      return x;
    };
    // Too deep for JSON.stringify: the placeholder is replaced in the text that is sent.
    const DEEP = '__deep__';
    const deep = () => DEEP;
    const cases: [string, unknown, RegExp][] = [
      ['another version', edit((x) => (x.version = 2)), /body\.archive\.version/],
      ['another kind of file', edit((x) => (x.format = 'something-else')), /body\.archive\.format/],
      ['an unknown field', edit((x) => (x.threads[0].messages[0].html = '<b>')), /body\.archive\.threads\.0\.messages\.0/],
      ['NUL in a body', edit((x) => (x.threads[0].messages[0].body = 'a\u0000b')), /NUL/],
      ['an empty body', edit((x) => (x.threads[0].messages[0].body = '  ')), /empty message/],
      ['a control character in a name', edit((x) => (x.people[0].name = 'Ol\u0007ive')), /control characters/],
      ['an emoji with a space', edit((x) => (x.threads[0].messages[0].reactions = { 'a b': [x.people[0].id] })), /reactions\.a b: Invalid key/],
      ['a member limit above the hub’s', edit((x) => (x.group.memberLimit = 1000)), /memberLimit/],
      ['a repeated message id', edit((x) => (x.threads[0].messages[1].id = x.threads[0].messages[0].id)), /appears twice/],
      ['a repeated person', edit((x) => x.people.push({ ...x.people[0], name: 'Twin' })), /appears twice/],
      ['an author who is nobody', edit((x) => (x.threads[0].messages[0].authorId = randomUUID())), /names nobody/],
      ['a check-in twice on one date', edit((x) => x.goals[0].checkIns.push({ ...x.goals[0].checkIns[0], id: randomUUID() })), /two check-ins/],
      ['anonymous votes', edit((x) => (x.polls[1].votes = [{ memberId: x.people[0].id, choices: [0] }])), /anonymous poll keeps no votes/],
      ['tallies that are not the votes', edit((x) => (x.polls[0].tallies = [5, 0])), /tallies are not the votes/],
      ['a confirmed time that is not there', edit((x) => (x.meetings[0].confirmed = 7)), /no such candidate time/],
      ['two threads on one page', edit((x) => (x.threads[0].anchor = x.threads[1].anchor)), /same page/],
      ['deep nesting', edit((x) => (x.threads[0].messages[0].body = deep())), /body\.archive\.threads\.0\.messages\.0\.body/],
      ['deep nesting where a record is', edit((x) => (x.threads[0].messages[0].reactions = { '👍': deep() as any })), /reactions/],
      ['too many messages', edit((x) => (x.threads[0].messages = Array.from({ length: 10_001 }, () => ({ ...x.threads[0].messages[0], id: randomUUID() })))), /messages/],
    ];
    for (const [what, bad, message] of cases) {
      const raw = JSON.stringify({ key: randomUUID(), ownerName: 'Ivy', archive: bad }).replace(`"${DEEP}"`, '['.repeat(100_000) + '"x"' + ']'.repeat(100_000));
      const r = await b.api.call('POST', '/archives', { token: ivy.token, raw, headers: { 'content-type': 'application/json' } });
      expect([r.status, r.body?.error?.code], `${what}: ${JSON.stringify(r.body).slice(0, 300)}`).toEqual([400, 'bad_request']);
      expect(r.body.error.message, what).toMatch(message);
    }

    const huge = await b.api.call('POST', '/archives', {
      token: ivy.token,
      raw: JSON.stringify({ key: randomUUID(), ownerName: 'Ivy', archive: edit((x) => (x.group.topic = 'x'.repeat(MAX_ARCHIVE_BYTES))) }),
      headers: { 'content-type': 'application/json' },
    });
    expect([huge.status, huge.body.error.code, huge.body.error.message]).toEqual([413, 'too_large', `Archives are limited to ${MAX_ARCHIVE_BYTES} bytes.`]);
    const broken = await b.api.call('POST', '/archives', { token: ivy.token, raw: '{"archive": [', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    // The hub's general limit is unchanged for every other route.
    const big = await b.api.post(`/groups/${ivy.groupId}/threads/${ivy.thread}/messages`, { id: randomUUID(), body: 'x'.repeat(70_000) }, ivy.token);
    expect([big.status, big.body.error.code]).toEqual([413, 'too_large']);

    expect(await everyTable(b)).toEqual(tables);
    expect(hubs.logs.filter((l) => l.startsWith('error'))).toEqual([]);
  });
});

describe('archive Markdown', () => {
  it('keeps names and titles from making structure, and each body inside its own quote', () => {
    const person = (id: string, name: string) => ({ id, name, member: null });
    const [p1, p2] = [randomUUID(), randomUUID()];
    const md = archiveMarkdown({
      format: 'nook-archive',
      version: 1,
      exportedAt: Date.UTC(2030, 0, 1),
      group: { name: '# Evil [link](https://evil.example)', topic: '---', memberLimit: 30, allowRequests: false, createdAt: 0 },
      people: [person(p1, '**Bold** <img src=x onerror=alert(1)>'), person(p2, '## Fake heading')],
      threads: [
        {
          id: randomUUID(),
          title: '[Click](javascript:alert(1))',
          anchor: null,
          authorId: p1,
          createdAt: 0,
          messages: [{ id: randomUUID(), authorId: p2, body: '# Heading in a body\n```\nan unclosed fence\n\n## Members', createdAt: 0, editedAt: null, reactions: {} }],
        },
      ],
      goals: [],
      meetings: [],
      polls: [],
      feedback: [],
    });
    const lines = md.split('\n');
    expect(lines.filter((l) => /^#{1,6} /.test(l))).toEqual(['# \\# Evil \\[link\\]\\(https\\://evil\\.example\\)', '## Discussion', '### \\[Click\\]\\(javascript\\:alert\\(1\\)\\)']);
    expect(md).toContain('\\-\\-\\-\n');
    expect(md).toContain('**\\#\\# Fake heading**');
    expect(md).not.toMatch(/(^|[^\\])(<img|\]\()/);
    expect(md).toContain('> # Heading in a body\n> ```\n> an unclosed fence\n>\n> ## Members\n');
  });
});
