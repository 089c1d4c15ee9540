import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { MAX_LISTED, UserError, type AskFeedbackBody, type FeedbackAnswer, type FeedbackRequest, type FeedbackSummary } from '../../protocol';
import { enter, requireMember } from './access';
import type { Queryable } from './store';
import { write, type StoreContext } from './write';

interface RequestRow {
  id: string;
  group_id: string;
  asked_by: string;
  question: string;
  rating: number;
  text: number;
  closes_at: number | null;
  closed_at: number | null;
  created_at: number;
}

interface AnswerRow {
  request_id: string;
  member_id: string;
  name: string;
  rating: number | null;
  text: string;
  answered_at: number;
}

const num = (v: number | null) => (v === null ? null : Number(v));

const toRequest = (r: RequestRow, answers: number): FeedbackRequest => ({
  id: r.id,
  groupId: r.group_id,
  askedBy: r.asked_by,
  question: r.question,
  rating: r.rating === 1,
  text: r.text === 1,
  closesAt: num(r.closes_at),
  closedAt: num(r.closed_at),
  createdAt: Number(r.created_at),
  answers,
});

const toAnswer = (r: AnswerRow): FeedbackAnswer => ({
  memberId: r.member_id,
  name: r.name,
  rating: num(r.rating),
  text: r.text,
  answeredAt: Number(r.answered_at),
});

const isOpen = (r: RequestRow, now: number) => r.closed_at === null && (r.closes_at === null || now < Number(r.closes_at));

async function answerCount(q: Queryable, id: string) {
  return Number((await q.one<{ n: number }>('SELECT COUNT(*) AS n FROM feedback_answers WHERE request_id = ?', [id]))?.n ?? 0);
}

/** Each answer with its member's name, or, in a group imported from an archive, its author's (hub/store/archives.ts). */
const answersOf = (q: Queryable, r: RequestRow) =>
  q.all<AnswerRow>(
    `SELECT a.request_id, a.member_id, COALESCE(m.name, p.name) AS name, a.rating, a.text, a.answered_at FROM feedback_answers a
     LEFT JOIN memberships m ON m.group_id = ? AND m.member_id = a.member_id
     LEFT JOIN archive_people p ON p.group_id = ? AND p.person_id = a.member_id
     WHERE a.request_id = ? AND (m.member_id IS NOT NULL OR p.person_id IS NOT NULL) ORDER BY a.answered_at, a.member_id`,
    [r.group_id, r.group_id, r.id],
  );

async function view(q: Queryable, r: RequestRow, memberId: string) {
  const mine = (await answersOf(q, r)).find((a) => a.member_id === memberId);
  return { request: toRequest(r, await answerCount(q, r.id)), mine: mine ? toAnswer(mine) : null };
}

async function requestIn(q: Queryable, groupId: string, id: string) {
  const row = await q.one<RequestRow>('SELECT * FROM feedback_requests WHERE id = ? AND group_id = ?', [id, groupId]);
  if (!row) throw new UserError('feedback_not_found', 'No such feedback request.');
  return row;
}

export function askFeedback(s: StoreContext, memberId: string, groupId: string, body: z.output<typeof AskFeedbackBody>) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId, ['owner', 'moderator']);
    const existing = await tx.one<RequestRow>('SELECT * FROM feedback_requests WHERE id = ?', [body.id]);
    if (existing) {
      if (existing.group_id !== groupId || existing.asked_by !== memberId) throw new UserError('id_taken', 'A feedback request with this id exists.');
      return view(tx, existing, memberId);
    }
    if (body.closesAt !== null && body.closesAt <= now) throw new UserError('time_past', 'A request closes at a time still to come.');
    const row: RequestRow = {
      id: body.id,
      group_id: groupId,
      asked_by: memberId,
      question: body.question,
      rating: body.rating ? 1 : 0,
      text: body.text ? 1 : 0,
      closes_at: body.closesAt,
      closed_at: null,
      created_at: now,
    };
    await tx.run(
      'INSERT INTO feedback_requests (id, group_id, asked_by, question, rating, text, closes_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [row.id, groupId, memberId, row.question, row.rating, row.text, row.closes_at, now],
    );
    await w.emit(groupId, 'feedback.requested', memberId, toRequest(row, 0));
    return { request: toRequest(row, 0), mine: null };
  });
}

/**
 * A member's answer: once each, changeable until the request closes. It stays with the asker:
 * the group's event says only how many have answered.
 */
export function answerFeedback(s: StoreContext, memberId: string, groupId: string, id: string, body: { rating: number | null; text: string }) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const r = await requestIn(tx, groupId, id);
    if (!isOpen(r, now)) throw new UserError('feedback_closed', 'This feedback request is closed.');
    const text = body.text.trim();
    if ((body.rating !== null && r.rating !== 1) || (text !== '' && r.text !== 1)) {
      throw new UserError('choice_invalid', 'This request asks for ' + (r.rating === 1 ? 'a rating' : 'text') + ' only.');
    }
    if (body.rating === null && text === '') throw new UserError('choice_invalid', 'Give a rating or an answer.');
    const before = await tx.one<{ rating: number | null; text: string }>('SELECT rating, text FROM feedback_answers WHERE request_id = ? AND member_id = ?', [id, memberId]);
    if (before && num(before.rating) === body.rating && before.text === body.text) return view(tx, r, memberId);
    await tx.run(
      `INSERT INTO feedback_answers (request_id, member_id, rating, text, answered_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (request_id, member_id) DO UPDATE SET rating = excluded.rating, text = excluded.text, answered_at = excluded.answered_at`,
      [id, memberId, body.rating, body.text, now],
    );
    await w.emit(groupId, 'feedback.answered', memberId, { feedbackId: id, answers: await answerCount(tx, id) });
    return view(tx, r, memberId);
  });
}

async function askerOrOwner(q: Queryable, groupId: string, memberId: string, r: RequestRow) {
  const me = await requireMember(q, groupId, memberId);
  if (r.asked_by !== memberId && me.role !== 'owner') throw new UserError('forbidden', 'Only who asked (or the owner) sees the answers.');
}

export function closeFeedback(s: StoreContext, memberId: string, groupId: string, id: string) {
  return write(s, async (w) => {
    await enter(w.tx, groupId, memberId);
    const r = await requestIn(w.tx, groupId, id);
    await askerOrOwner(w.tx, groupId, memberId, r);
    if (r.closed_at !== null) return view(w.tx, r, memberId);
    await w.tx.run('UPDATE feedback_requests SET closed_at = ? WHERE id = ?', [w.now, id]);
    await w.emit(groupId, 'feedback.closed', memberId, { feedbackId: id, closedAt: w.now });
    return view(w.tx, { ...r, closed_at: w.now }, memberId);
  });
}

/** What the asker sees: the average and distribution of ratings, and every answer. */
export async function feedbackSummary(q: Queryable, groupId: string, id: string, memberId: string): Promise<FeedbackSummary> {
  const r = await requestIn(q, groupId, id);
  await askerOrOwner(q, groupId, memberId, r);
  const answers = (await answersOf(q, r)).map(toAnswer);
  const ratings = answers.flatMap((a) => (a.rating === null ? [] : [a.rating]));
  const distribution = [1, 2, 3, 4, 5].map((n) => ratings.filter((x) => x === n).length);
  const average = ratings.length === 0 ? null : Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100;
  return { request: toRequest(r, answers.length), average, distribution, answers };
}

/**
 * The answers as CSV for a spreadsheet: UTF-8 with a BOM (so accents survive), and any cell
 * a spreadsheet would run as a formula (=, +, -, @, tab, return) escaped by csv-stringify.
 */
export async function feedbackCsv(q: Queryable, groupId: string, id: string, memberId: string) {
  const s = await feedbackSummary(q, groupId, id, memberId);
  const rows = s.answers.map((a) => [a.name, a.rating ?? '', a.text, new Date(a.answeredAt).toISOString()]);
  return stringify([['name', 'rating', 'answer', 'answered_at'], ...rows], { bom: true, escape_formulas: true, record_delimiter: 'windows' });
}

export async function listFeedback(q: Queryable, groupId: string, memberId: string) {
  const rows = await q.all<RequestRow>('SELECT * FROM feedback_requests WHERE group_id = ? ORDER BY created_at DESC, id LIMIT ?', [groupId, MAX_LISTED]);
  const requests = [];
  for (const r of rows) requests.push(await view(q, r, memberId));
  return { requests };
}
