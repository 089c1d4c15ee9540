import type { z } from 'zod';
import { MAX_LISTED, UserError, pollOpen, type CreatePollBody, type Poll } from '../../protocol';
import { enter } from './access';
import type { Queryable } from './store';
import { write, type StoreContext, type Write } from './write';

interface PollRow {
  id: string;
  group_id: string;
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
}

const num = (v: number | null) => (v === null ? null : Number(v));

const toPoll = (r: PollRow, votes: Record<string, number[]> = {}): Poll => ({
  id: r.id,
  groupId: r.group_id,
  createdBy: r.created_by,
  question: r.question,
  options: JSON.parse(r.options) as string[],
  multiple: r.multiple === 1,
  anonymous: r.anonymous === 1,
  closesAt: num(r.closes_at),
  closedAt: num(r.closed_at),
  createdAt: Number(r.created_at),
  tallies: JSON.parse(r.tallies) as number[],
  voters: Number(r.voters),
  votes: r.anonymous === 1 ? {} : votes,
});

async function votesOf(q: Queryable, pollId: string) {
  const rows = await q.all<{ member_id: string; choices: string }>('SELECT member_id, choices FROM poll_votes WHERE poll_id = ? ORDER BY member_id', [pollId]);
  return Object.fromEntries(rows.map((r) => [r.member_id, JSON.parse(r.choices) as number[]]));
}

async function hasVoted(q: Queryable, row: PollRow, memberId: string) {
  const table = row.anonymous === 1 ? 'poll_voters' : 'poll_votes';
  return Boolean(await q.one(`SELECT 1 AS x FROM ${table} WHERE poll_id = ? AND member_id = ?`, [row.id, memberId]));
}

async function view(q: Queryable, row: PollRow, memberId: string) {
  return { poll: toPoll(row, await votesOf(q, row.id)), voted: await hasVoted(q, row, memberId) };
}

async function pollIn(w: Write, groupId: string, pollId: string) {
  const row = await w.tx.one<PollRow>('SELECT * FROM polls WHERE id = ? AND group_id = ?', [pollId, groupId]);
  if (!row) throw new UserError('poll_not_found', 'No such poll.');
  return row;
}

export function createPoll(s: StoreContext, memberId: string, groupId: string, body: z.output<typeof CreatePollBody>) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const existing = await tx.one<PollRow>('SELECT * FROM polls WHERE id = ?', [body.id]);
    if (existing) {
      if (existing.group_id !== groupId || existing.created_by !== memberId) throw new UserError('id_taken', 'A poll with this id exists.');
      return view(tx, existing, memberId);
    }
    if (body.closesAt !== null && body.closesAt <= now) throw new UserError('time_past', 'A poll closes at a time still to come.');
    const row: PollRow = {
      id: body.id,
      group_id: groupId,
      created_by: memberId,
      question: body.question,
      options: JSON.stringify(body.options),
      multiple: body.multiple ? 1 : 0,
      anonymous: body.anonymous ? 1 : 0,
      closes_at: body.closesAt,
      closed_at: null,
      created_at: now,
      tallies: JSON.stringify(body.options.map(() => 0)),
      voters: 0,
    };
    await tx.run(
      `INSERT INTO polls (id, group_id, created_by, question, options, multiple, anonymous, closes_at, closed_at, created_at, tallies, voters)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 0)`,
      [row.id, groupId, memberId, row.question, row.options, row.multiple, row.anonymous, row.closes_at, now, row.tallies],
    );
    await w.emit(groupId, 'poll.created', memberId, toPoll(row));
    return { poll: toPoll(row), voted: false };
  });
}

/**
 * One vote per member, changeable until the poll closes. In an anonymous poll the hub keeps
 * only that the member voted (and their vote's client id, for a resend) and adds to the
 * tallies: no row ties them to a choice, and the event is the hub's, with tallies only. So an
 * anonymous vote cannot be changed: its old choices are nowhere to take back.
 */
export function vote(s: StoreContext, memberId: string, groupId: string, pollId: string, body: { id: string; choices: number[] }) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const row = await pollIn(w, groupId, pollId);
    const poll = toPoll(row);
    if (!pollOpen(poll, now)) throw new UserError('poll_closed', 'This poll is closed.');
    const choices = [...new Set(body.choices)].sort((a, b) => a - b);
    if (choices.length !== body.choices.length || choices.some((c) => c >= poll.options.length) || (!poll.multiple && choices.length !== 1)) {
      throw new UserError('choice_invalid', poll.multiple ? 'Choose among the options, each once.' : 'Choose exactly one option.');
    }
    const tallies = [...poll.tallies];
    let voters = poll.voters;
    if (poll.anonymous) {
      const voted = await tx.one<{ vote_id: string }>('SELECT vote_id FROM poll_voters WHERE poll_id = ? AND member_id = ?', [pollId, memberId]);
      if (voted?.vote_id === body.id) return view(tx, row, memberId);
      if (voted) throw new UserError('vote_final', 'A vote in an anonymous poll cannot be changed.');
      await tx.run('INSERT INTO poll_voters (poll_id, member_id, vote_id) VALUES (?, ?, ?)', [pollId, memberId, body.id]);
      voters++;
    } else {
      const before = await tx.one<{ choices: string }>('SELECT choices FROM poll_votes WHERE poll_id = ? AND member_id = ?', [pollId, memberId]);
      const old = before ? (JSON.parse(before.choices) as number[]) : null;
      if (old && JSON.stringify(old) === JSON.stringify(choices)) return view(tx, row, memberId);
      for (const c of old ?? []) tallies[c]! -= 1;
      if (old) await tx.run('UPDATE poll_votes SET choices = ?, voted_at = ? WHERE poll_id = ? AND member_id = ?', [JSON.stringify(choices), now, pollId, memberId]);
      else {
        await tx.run('INSERT INTO poll_votes (poll_id, member_id, choices, voted_at) VALUES (?, ?, ?, ?)', [pollId, memberId, JSON.stringify(choices), now]);
        voters++;
      }
    }
    for (const c of choices) tallies[c]! += 1;
    await tx.run('UPDATE polls SET tallies = ?, voters = ? WHERE id = ?', [JSON.stringify(tallies), voters, pollId]);
    await w.emit(groupId, 'poll.voted', poll.anonymous ? null : memberId, {
      pollId,
      tallies,
      voters,
      memberId: poll.anonymous ? null : memberId,
      choices: poll.anonymous ? null : choices,
    });
    return view(tx, { ...row, tallies: JSON.stringify(tallies), voters }, memberId);
  });
}

/** Closes a poll now: its creator, or a moderator or the owner. Closing a closed poll changes nothing. */
export function closePoll(s: StoreContext, memberId: string, groupId: string, pollId: string) {
  return write(s, async (w) => {
    const { me } = await enter(w.tx, groupId, memberId);
    const row = await pollIn(w, groupId, pollId);
    if (row.created_by !== memberId && me.role === 'member') throw new UserError('forbidden', 'Only its creator or a moderator closes a poll.');
    if (row.closed_at !== null) return view(w.tx, row, memberId);
    await w.tx.run('UPDATE polls SET closed_at = ? WHERE id = ?', [w.now, pollId]);
    await w.emit(groupId, 'poll.closed', memberId, { pollId, closedAt: w.now });
    return view(w.tx, { ...row, closed_at: w.now }, memberId);
  });
}

export async function listPolls(q: Queryable, groupId: string, memberId: string) {
  const rows = await q.all<PollRow>('SELECT * FROM polls WHERE group_id = ? ORDER BY created_at DESC, id LIMIT ?', [groupId, MAX_LISTED]);
  const polls = [];
  for (const r of rows) polls.push(await view(q, r, memberId));
  return { polls };
}
