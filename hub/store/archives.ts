import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type Archive,
  type ArchiveFeedback,
  type ArchiveGoal,
  type ArchiveMeeting,
  type ArchivePerson,
  type ArchivePoll,
  type ArchiveThread,
  type ImportArchiveBody,
} from '../../protocol/archive';
import { UserError, type Availability, type CandidateTime, type Message, type Poll, type Role } from '../../protocol';
import { findGroup, requireMember } from './access';
import { storedGroup, type StoredData } from './events';
import { admit, groupView } from './groups';
import { toGroupInfo, toMessage, toThread, type GroupRow, type MessageRow, type ThreadRow } from './rows';
import type { Queryable } from './store';
import { write, type StoreContext, type Write } from './write';

/*
 * A group's archive (protocol/archive.ts): exported by its owner, imported as a new group.
 * The export reads what the group's members can see now: nothing deleted or removed, none of
 * the text a departed member took with them, and of an anonymous poll only its tallies (the
 * hub keeps nothing else). The import makes new ids for every row it writes and records an
 * event for each thing it makes, as the live paths do, so members' devices sync it.
 */

const inList = (ids: readonly unknown[]) => ids.map(() => '?').join(', ');
const num = (v: number | null) => (v === null ? null : Number(v));

/** Everyone the export mentions, by id, and their names. */
class People {
  private readonly byId = new Map<string, ArchivePerson>();
  constructor(private readonly names: Map<string, string>) {}
  member(p: ArchivePerson) {
    this.byId.set(p.id, p);
  }
  /** The id, now in the archive's people. */
  ref(id: string) {
    if (!this.byId.has(id)) this.byId.set(id, { id, name: this.names.get(id) ?? '?', member: null });
    return id;
  }
  name(id: string) {
    return this.byId.get(id)?.name ?? this.names.get(id) ?? '?';
  }
  /** Ids in the order of their names (then ids), so an archive lists people the same way every time. */
  sorted(ids: Iterable<string>) {
    return [...ids].map((id) => this.ref(id)).sort((a, b) => this.name(a).localeCompare(this.name(b), 'en') || a.localeCompare(b));
  }
  all(): ArchivePerson[] {
    const list = [...this.byId.values()];
    const members = list.filter((p) => p.member);
    const others = list.filter((p) => !p.member).sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
    return [...members, ...others];
  }
}

interface MembershipRow {
  member_id: string;
  name: string;
  intro: string;
  role: Role;
  status: string;
  joined_at: number;
}

async function peopleOf(q: Queryable, groupId: string) {
  const memberships = await q.all<MembershipRow>('SELECT * FROM memberships WHERE group_id = ? ORDER BY joined_at, member_id', [groupId]);
  const imported = await q.all<{ person_id: string; name: string }>('SELECT person_id, name FROM archive_people WHERE group_id = ?', [groupId]);
  const names = new Map([...imported.map((r) => [r.person_id, r.name] as const), ...memberships.map((r) => [r.member_id, r.name] as const)]);
  const people = new People(names);
  const intros = await q.all<{ member_id: string; text: string; interests: string; time_zone: string; skipped: number }>(
    'SELECT member_id, text, interests, time_zone, skipped FROM intros WHERE group_id = ?',
    [groupId],
  );
  const introOf = new Map(intros.map((r) => [r.member_id, r]));
  for (const m of memberships.filter((r) => r.status === 'active')) {
    const i = introOf.get(m.member_id);
    people.member({
      id: m.member_id,
      name: m.name,
      member: {
        role: m.role,
        intro: m.intro,
        joinedAt: Number(m.joined_at),
        introduction: i && i.skipped !== 1 ? { text: i.text, interests: JSON.parse(i.interests) as string[], timeZone: i.time_zone } : null,
      },
    });
  }
  return { people, active: new Set(memberships.filter((r) => r.status === 'active').map((r) => r.member_id)), imported: new Set(imported.map((r) => r.person_id)) };
}

async function threadsOf(q: Queryable, groupId: string, people: People): Promise<ArchiveThread[]> {
  const threads = await q.all<ThreadRow>('SELECT * FROM threads WHERE group_id = ? ORDER BY created_at, id', [groupId]);
  // A deleted (or removed) message is blanked; one with no text left is not part of the history.
  const messages = await q.all<MessageRow>("SELECT * FROM messages WHERE group_id = ? AND deleted_at IS NULL AND body <> '' ORDER BY seq", [groupId]);
  const reactions = await q.all<{ message_id: string; emoji: string; member_id: string }>(
    `SELECT r.message_id, r.emoji, r.member_id FROM reactions r JOIN messages m ON m.id = r.message_id
     WHERE m.group_id = ? AND m.deleted_at IS NULL`,
    [groupId],
  );
  const byMessage = new Map<string, Map<string, string[]>>();
  for (const r of reactions) {
    const emojis = byMessage.get(r.message_id) ?? new Map<string, string[]>();
    emojis.set(r.emoji, [...(emojis.get(r.emoji) ?? []), r.member_id]);
    byMessage.set(r.message_id, emojis);
  }
  return threads.map((t) => {
    const thread = toThread(t);
    return {
      id: t.id,
      title: thread.title,
      anchor: thread.anchor,
      authorId: people.ref(t.author_id),
      createdAt: Number(t.created_at),
      messages: messages
        .filter((m) => m.thread_id === t.id)
        .map((m) => {
          const emojis = [...(byMessage.get(m.id) ?? new Map<string, string[]>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          return {
            id: m.id,
            authorId: people.ref(m.author_id),
            body: m.body,
            createdAt: Number(m.created_at),
            editedAt: num(m.edited_at),
            reactions: Object.fromEntries(emojis.map(([emoji, who]) => [emoji, people.sorted(who)])),
          };
        }),
    };
  });
}

async function goalsOf(q: Queryable, groupId: string, people: People): Promise<ArchiveGoal[]> {
  const goals = await q.all<{ id: string; member_id: string; title: string; cadence: 'daily' | 'weekly'; end_date: string | null; created_at: number }>(
    'SELECT * FROM goals WHERE group_id = ? ORDER BY created_at, id',
    [groupId],
  );
  const checkIns = await q.all<{ id: string; goal_id: string; at: number; time_zone: string; local_date: string; note: string }>(
    'SELECT * FROM checkins WHERE group_id = ? ORDER BY local_date, id',
    [groupId],
  );
  const cheers = await q.all<{ checkin_id: string; member_id: string }>(
    'SELECT c.checkin_id, c.member_id FROM cheers c JOIN checkins k ON k.id = c.checkin_id WHERE k.group_id = ?',
    [groupId],
  );
  return goals.map((g) => ({
    id: g.id,
    memberId: people.ref(g.member_id),
    title: g.title,
    cadence: g.cadence,
    endDate: g.end_date,
    createdAt: Number(g.created_at),
    checkIns: checkIns
      .filter((c) => c.goal_id === g.id)
      .map((c) => ({
        id: c.id,
        at: Number(c.at),
        timeZone: c.time_zone,
        localDate: c.local_date,
        note: c.note,
        cheers: people.sorted(cheers.filter((x) => x.checkin_id === c.id).map((x) => x.member_id)),
      })),
  }));
}

async function meetingsOf(q: Queryable, groupId: string, people: People, counts: (id: string) => boolean): Promise<ArchiveMeeting[]> {
  const meetings = await q.all<{ id: string; organiser: string; title: string; times: string; confirmed: number | null; sequence: number; created_at: number }>(
    'SELECT * FROM meetings WHERE group_id = ? ORDER BY created_at, id',
    [groupId],
  );
  const ids = meetings.map((m) => m.id);
  const answers =
    ids.length === 0
      ? []
      : await q.all<{ meeting_id: string; member_id: string; answers: string }>(
          `SELECT meeting_id, member_id, answers FROM meeting_answers WHERE meeting_id IN (${inList(ids)})`,
          ids,
        );
  return meetings.map((m) => {
    // As the group sees the meeting: the answers of its members (a departed one's no longer count).
    const mine = new Map(answers.filter((a) => a.meeting_id === m.id && counts(a.member_id)).map((a) => [a.member_id, JSON.parse(a.answers) as Availability[]]));
    return {
      id: m.id,
      organiser: people.ref(m.organiser),
      title: m.title,
      times: JSON.parse(m.times) as CandidateTime[],
      answers: people.sorted(mine.keys()).map((memberId) => ({ memberId, answers: mine.get(memberId)! })),
      confirmed: num(m.confirmed),
      sequence: Number(m.sequence),
      createdAt: Number(m.created_at),
    };
  });
}

async function pollsOf(q: Queryable, groupId: string, people: People): Promise<ArchivePoll[]> {
  const polls = await q.all<{
    id: string;
    created_by: string;
    question: string;
    options: string;
    multiple: number;
    anonymous: number;
    closes_at: number | null;
    closed_at: number | null;
    created_at: number;
    tallies: string;
    voters: number;
  }>('SELECT * FROM polls WHERE group_id = ? ORDER BY created_at, id', [groupId]);
  // poll_voters (who voted in an anonymous poll) is never read: the archive keeps its tallies only.
  const open = polls.filter((p) => p.anonymous !== 1).map((p) => p.id);
  const votes =
    open.length === 0
      ? []
      : await q.all<{ poll_id: string; member_id: string; choices: string }>(`SELECT poll_id, member_id, choices FROM poll_votes WHERE poll_id IN (${inList(open)})`, open);
  return polls.map((p) => {
    const anonymous = p.anonymous === 1;
    const mine = new Map(anonymous ? [] : votes.filter((v) => v.poll_id === p.id).map((v) => [v.member_id, JSON.parse(v.choices) as number[]]));
    return {
      id: p.id,
      createdBy: people.ref(p.created_by),
      question: p.question,
      options: JSON.parse(p.options) as string[],
      multiple: p.multiple === 1,
      anonymous,
      closesAt: num(p.closes_at),
      closedAt: num(p.closed_at),
      createdAt: Number(p.created_at),
      tallies: JSON.parse(p.tallies) as number[],
      voters: Number(p.voters),
      votes: people.sorted(mine.keys()).map((memberId) => ({ memberId, choices: mine.get(memberId)! })),
    };
  });
}

async function feedbackOf(q: Queryable, groupId: string, people: People): Promise<ArchiveFeedback[]> {
  const requests = await q.all<{ id: string; asked_by: string; question: string; rating: number; text: number; closes_at: number | null; closed_at: number | null; created_at: number }>(
    'SELECT * FROM feedback_requests WHERE group_id = ? ORDER BY created_at, id',
    [groupId],
  );
  const ids = requests.map((r) => r.id);
  const answers =
    ids.length === 0
      ? []
      : await q.all<{ request_id: string; member_id: string; rating: number | null; text: string; answered_at: number }>(
          `SELECT * FROM feedback_answers WHERE request_id IN (${inList(ids)})`,
          ids,
        );
  return requests.map((r) => {
    // A departed member's text is gone; an answer with nothing left in it is no answer.
    const mine = new Map(answers.filter((a) => a.request_id === r.id && (a.rating !== null || a.text.trim() !== '')).map((a) => [a.member_id, a]));
    return {
      id: r.id,
      askedBy: people.ref(r.asked_by),
      question: r.question,
      rating: r.rating === 1,
      text: r.text === 1,
      closesAt: num(r.closes_at),
      closedAt: num(r.closed_at),
      createdAt: Number(r.created_at),
      answers: people.sorted(mine.keys()).map((memberId) => {
        const a = mine.get(memberId)!;
        return { memberId, rating: num(a.rating), text: a.text, answeredAt: Number(a.answered_at) };
      }),
    };
  });
}

/** The group's archive, as its owner exports it. */
export async function exportArchive(q: Queryable, groupId: string, memberId: string, now: number): Promise<Archive> {
  const group = await findGroup(q, groupId);
  await requireMember(q, groupId, memberId, ['owner']);
  const { people, active, imported } = await peopleOf(q, groupId);
  const threads = await threadsOf(q, groupId, people);
  const goals = await goalsOf(q, groupId, people);
  const meetings = await meetingsOf(q, groupId, people, (id) => active.has(id) || imported.has(id));
  const polls = await pollsOf(q, groupId, people);
  const feedback = await feedbackOf(q, groupId, people);
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: now,
    group: { name: group.name, topic: group.topic, memberLimit: Number(group.member_limit), allowRequests: group.allow_requests === 1, createdAt: Number(group.created_at) },
    people: people.all(),
    threads,
    goals,
    meetings,
    polls,
    feedback,
  };
}

/** A message.posted event's payload: the message without its text, as discussion.ts records it. */
const posted = ({ body: _body, mentions: _mentions, ...rest }: Message): StoredData<'message.posted'> => rest;

async function importThreads(w: Write, groupId: string, threads: readonly ArchiveThread[], person: (id: string) => { id: string; name: string }) {
  for (const t of threads) {
    const row: ThreadRow = {
      id: randomUUID(),
      group_id: groupId,
      title: t.title,
      anchor: t.anchor ? JSON.stringify(t.anchor) : null,
      anchor_url: t.anchor?.url ?? null,
      author_id: person(t.authorId).id,
      created_at: t.createdAt,
      last_message_at: null,
      message_count: 0,
    };
    await w.tx.run('INSERT INTO threads (id, group_id, title, anchor, anchor_url, author_id, created_at, message_count) VALUES (?, ?, ?, ?, ?, ?, ?, 0)', [
      row.id,
      groupId,
      row.title,
      row.anchor,
      row.anchor_url,
      row.author_id,
      row.created_at,
    ]);
    await w.emit(groupId, 'thread.created', row.author_id, toThread(row));
    for (const m of t.messages) {
      const author = person(m.authorId);
      const seq = await w.nextSeq(groupId);
      const message: MessageRow = {
        id: randomUUID(),
        group_id: groupId,
        thread_id: row.id,
        author_id: author.id,
        body: m.body,
        // Imported authors are not members: nobody is notified of what they wrote long ago.
        mentions: '[]',
        seq,
        created_at: m.createdAt,
        edited_at: m.editedAt,
        deleted_at: null,
        deleted_by: null,
        author_name: author.name,
      };
      await w.tx.run(
        'INSERT INTO messages (id, group_id, thread_id, author_id, body, mentions, seq, created_at, edited_at, author_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [message.id, groupId, row.id, author.id, m.body, '[]', seq, m.createdAt, m.editedAt, author.name],
      );
      const reactions: Record<string, string[]> = {};
      for (const [emoji, who] of Object.entries(m.reactions)) {
        reactions[emoji] = who.map((id) => person(id).id);
        for (const memberId of reactions[emoji]) {
          await w.tx.run('INSERT INTO reactions (message_id, member_id, emoji, created_at) VALUES (?, ?, ?, ?)', [message.id, memberId, emoji, m.createdAt]);
        }
      }
      await w.record(groupId, seq, 'message.posted', author.id, posted(toMessage(message, reactions)));
    }
    const last = t.messages.reduce<number | null>((at, m) => (at === null || m.createdAt > at ? m.createdAt : at), null);
    await w.tx.run('UPDATE threads SET message_count = ?, last_message_at = ? WHERE id = ?', [t.messages.length, last, row.id]);
  }
}

async function importGoals(w: Write, groupId: string, goals: readonly ArchiveGoal[], person: (id: string) => { id: string }) {
  for (const g of goals) {
    const id = randomUUID();
    const memberId = person(g.memberId).id;
    await w.tx.run('INSERT INTO goals (id, group_id, member_id, title, cadence, end_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      id,
      groupId,
      memberId,
      g.title,
      g.cadence,
      g.endDate,
      g.createdAt,
    ]);
    await w.emit(groupId, 'goal.created', memberId, { id, groupId, memberId, title: g.title, cadence: g.cadence, endDate: g.endDate, createdAt: g.createdAt });
    for (const c of g.checkIns) {
      const checkInId = randomUUID();
      await w.tx.run('INSERT INTO checkins (id, group_id, goal_id, member_id, at, time_zone, local_date, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        checkInId,
        groupId,
        id,
        memberId,
        c.at,
        c.timeZone,
        c.localDate,
        c.note,
      ]);
      const cheers = c.cheers.map((p) => person(p).id);
      for (const who of cheers) await w.tx.run('INSERT INTO cheers (checkin_id, member_id, created_at) VALUES (?, ?, ?)', [checkInId, who, c.at]);
      // The note stays in `checkins`, as for a live check-in (hub/store/events.ts).
      await w.emit(groupId, 'checkin.created', memberId, { id: checkInId, goalId: id, memberId, at: c.at, timeZone: c.timeZone, localDate: c.localDate, cheers });
    }
  }
}

async function importMeetings(w: Write, groupId: string, meetings: readonly ArchiveMeeting[], person: (id: string) => { id: string }) {
  for (const m of meetings) {
    const id = randomUUID();
    const organiser = person(m.organiser).id;
    await w.tx.run('INSERT INTO meetings (id, group_id, organiser, title, times, confirmed, sequence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      id,
      groupId,
      organiser,
      m.title,
      JSON.stringify(m.times),
      m.confirmed,
      m.sequence,
      m.createdAt,
    ]);
    const answers: Record<string, Availability[]> = {};
    for (const a of m.answers) {
      const who = person(a.memberId).id;
      answers[who] = a.answers;
      await w.tx.run('INSERT INTO meeting_answers (meeting_id, member_id, answers, answered_at) VALUES (?, ?, ?, ?)', [id, who, JSON.stringify(a.answers), m.createdAt]);
    }
    await w.emit(groupId, 'meeting.proposed', organiser, {
      id,
      groupId,
      organiser,
      title: m.title,
      times: m.times,
      answers,
      confirmed: m.confirmed,
      sequence: m.sequence,
      createdAt: m.createdAt,
    });
  }
}

async function importPolls(w: Write, groupId: string, polls: readonly ArchivePoll[], person: (id: string) => { id: string }) {
  for (const p of polls) {
    const id = randomUUID();
    const createdBy = person(p.createdBy).id;
    await w.tx.run(
      `INSERT INTO polls (id, group_id, created_by, question, options, multiple, anonymous, closes_at, closed_at, created_at, tallies, voters)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, groupId, createdBy, p.question, JSON.stringify(p.options), p.multiple ? 1 : 0, p.anonymous ? 1 : 0, p.closesAt, p.closedAt, p.createdAt, JSON.stringify(p.tallies), p.voters],
    );
    // An anonymous poll arrives as tallies (the archive has no votes for it) and stays so.
    const votes: Record<string, number[]> = {};
    for (const v of p.votes) {
      const who = person(v.memberId).id;
      const choices = [...v.choices].sort((a, b) => a - b);
      votes[who] = choices;
      await w.tx.run('INSERT INTO poll_votes (poll_id, member_id, choices, voted_at) VALUES (?, ?, ?, ?)', [id, who, JSON.stringify(choices), p.createdAt]);
    }
    const poll: Poll = {
      id,
      groupId,
      createdBy,
      question: p.question,
      options: p.options,
      multiple: p.multiple,
      anonymous: p.anonymous,
      closesAt: p.closesAt,
      closedAt: p.closedAt,
      createdAt: p.createdAt,
      tallies: p.tallies,
      voters: p.voters,
      votes,
    };
    await w.emit(groupId, 'poll.created', createdBy, poll);
  }
}

async function importFeedback(w: Write, groupId: string, requests: readonly ArchiveFeedback[], person: (id: string) => { id: string }) {
  for (const f of requests) {
    const id = randomUUID();
    const askedBy = person(f.askedBy).id;
    await w.tx.run(
      'INSERT INTO feedback_requests (id, group_id, asked_by, question, rating, text, closes_at, closed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [id, groupId, askedBy, f.question, f.rating ? 1 : 0, f.text ? 1 : 0, f.closesAt, f.closedAt, f.createdAt],
    );
    for (const a of f.answers) {
      await w.tx.run('INSERT INTO feedback_answers (request_id, member_id, rating, text, answered_at) VALUES (?, ?, ?, ?, ?)', [
        id,
        person(a.memberId).id,
        a.rating,
        a.text,
        a.answeredAt,
      ]);
    }
    await w.emit(groupId, 'feedback.requested', askedBy, {
      id,
      groupId,
      askedBy,
      question: f.question,
      rating: f.rating,
      text: f.text,
      closesAt: f.closesAt,
      closedAt: f.closedAt,
      createdAt: f.createdAt,
      answers: f.answers.length,
    });
  }
}

/**
 * A new group made of an archive, with the caller as its owner and only member. One
 * transaction: an archive that fails anywhere leaves nothing behind. The archive's ids are
 * only read to follow its references; every row gets a new one.
 */
/** What an import's key stands for: the archive it was sent with (its checked form, so the same file gives the same digest). */
const digestOf = (archive: Archive) => createHash('sha256').update(JSON.stringify(archive)).digest('hex');

/**
 * A new group made of the archive, the member its owner. The member's client makes one key
 * per import and sends it with every retry: the first request with a key claims it (one row
 * per member and key, `archive_imports`) before anything is made, in the same transaction as
 * the group, so the same key again (later, or at the same moment: on Postgres the second
 * claim waits for the first to commit, then finds it) answers the group the first made and
 * makes nothing. A key is the member's own: another member's use of it is a new import of
 * theirs, and never reads the first member's group. The key with another archive is refused.
 */
export function importArchive(s: StoreContext, memberId: string, body: z.output<typeof ImportArchiveBody>) {
  const digest = digestOf(body.archive);
  return write(s, async (w) => {
    const { tx, now } = w;
    const groupId = randomUUID();
    const claimed = await tx.one<{ group_id: string }>(
      `INSERT INTO archive_imports (member_id, import_key, group_id, digest, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (member_id, import_key) DO NOTHING RETURNING group_id`,
      [memberId, body.key, groupId, digest, now],
    );
    if (!claimed) {
      const prior = (await tx.one<{ group_id: string; digest: string }>('SELECT group_id, digest FROM archive_imports WHERE member_id = ? AND import_key = ?', [memberId, body.key]))!;
      if (prior.digest !== digest) throw new UserError('import_key_reused', 'This import key was sent with another archive; nothing was imported.');
      const made = (await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [prior.group_id]))!;
      return groupView(tx, made, await requireMember(tx, made.id, memberId));
    }
    const a = body.archive;
    await tx.run(
      'INSERT INTO groups (id, name, topic, member_limit, allow_requests, created_by, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, 0)',
      [groupId, a.group.name, a.group.topic, a.group.memberLimit, a.group.allowRequests ? 1 : 0, memberId, now],
    );
    const group = (await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [groupId]))!;
    await w.emit(groupId, 'group.created', memberId, storedGroup(toGroupInfo(group)));
    const me = await admit(w, group, memberId, body.ownerName, '', 'owner');

    const people = new Map(a.people.map((p) => [p.id, { id: randomUUID(), name: p.name }]));
    for (const p of people.values()) await tx.run('INSERT INTO archive_people (group_id, person_id, name) VALUES (?, ?, ?)', [groupId, p.id, p.name]);
    // The archive's own check (protocol/archive.ts) already refused a reference to nobody.
    const person = (id: string) => people.get(id)!;
    await importThreads(w, groupId, a.threads, person);
    await importGoals(w, groupId, a.goals, person);
    await importMeetings(w, groupId, a.meetings, person);
    await importPolls(w, groupId, a.polls, person);
    await importFeedback(w, groupId, a.feedback, person);
    return groupView(tx, (await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [groupId]))!, me);
  });
}
