import { UserError } from '../../protocol/errors';
import type { FeedbackRequest } from '../../protocol/feedback';
import type { Cadence, CheckIn, Goal } from '../../protocol/goals';
import type { Intro } from '../../protocol/intros';
import type { Availability, CandidateTime, Meeting } from '../../protocol/meetings';
import type { Poll } from '../../protocol/polls';
import { localDateAt, type FirstDay } from '../../protocol/rules/dates';
import { periodOf } from '../../protocol/rules/goals';
import { pollOpen } from '../../protocol/rules/polls';
import { enqueue } from '../outbox/registry';
import type { RecordData, RecordKind, RecordRow } from '../rows';
import type { LocalTables } from '../store';
import type { Writer } from './discussion';

/**
 * What a member does with intros, goals, meetings, polls and feedback, once for both sides:
 * the optimistic record and its outbox entry in the caller's transaction (SyncStore.write).
 * Checks here are the ones a member should hear about at once; the hub enforces them all.
 */
export type CommunityWrite =
  | { do: 'intro.set'; text: string; interests: string[]; timeZone: string; skipped: boolean }
  | { do: 'goal.create'; title: string; cadence: Cadence; endDate: string | null }
  | { do: 'checkin'; goalId: string; note: string; timeZone: string; locale?: string; firstDay?: FirstDay }
  | { do: 'cheer'; checkInId: string; on: boolean }
  | { do: 'meeting.propose'; title: string; times: CandidateTime[] }
  | { do: 'meeting.answer'; meetingId: string; answers: Availability[] }
  | { do: 'meeting.confirm'; meetingId: string; time: number }
  | { do: 'poll.create'; question: string; options: string[]; multiple: boolean; anonymous: boolean; closesAt: number | null }
  | { do: 'poll.vote'; pollId: string; choices: number[] }
  | { do: 'poll.close'; pollId: string }
  | { do: 'feedback.ask'; question: string; rating: boolean; text: boolean; closesAt: number | null }
  | { do: 'feedback.answer'; feedbackId: string; rating: number | null; text: string }
  | { do: 'feedback.close'; feedbackId: string }
  /** A record made here that the hub refused: it was never on the hub, so it goes from here alone. */
  | { do: 'discard'; kind: RecordKind; id: string };

const queue = (w: Writer) => ({ hub: w.hub, groupId: w.groupId, createdAt: w.now });

function made<K extends RecordKind>(w: Writer, kind: K, id: string, data: RecordData[K]): RecordRow {
  return { groupId: w.groupId, kind, id, data, delivery: 'pending', error: null, fromEvent: false } as RecordRow;
}

async function record<K extends RecordKind>(t: LocalTables, w: Writer, kind: K, id: string): Promise<RecordRow<K>> {
  const row = await t.records.get([w.groupId, kind, id]);
  if (!row || row.kind !== kind) throw new UserError(`${kind}_not_found`, 'That is gone.');
  return row as RecordRow<K>;
}

const required = (text: string, code: string, message: string) => {
  if (!text.trim()) throw new UserError(code, message);
  return text.trim();
};

export async function writeCommunity(t: LocalTables, w: Writer, op: CommunityWrite): Promise<void> {
  switch (op.do) {
    case 'intro.set': {
      const data: Intro = { memberId: w.memberId, text: op.skipped ? '' : op.text.trim(), interests: op.skipped ? [] : op.interests, timeZone: op.timeZone, skipped: op.skipped, updatedAt: w.now };
      await t.records.put(made(w, 'intro', w.memberId, data));
      await enqueue(t, { op: 'intro.set', ...queue(w), text: data.text, interests: data.interests, timeZone: data.timeZone, skipped: data.skipped });
      return;
    }
    case 'goal.create': {
      const goal: Goal = { id: w.id(), groupId: w.groupId, memberId: w.memberId, title: required(op.title, 'bad_request', 'Give your goal a title.'), cadence: op.cadence, endDate: op.endDate, createdAt: w.now };
      await t.records.put(made(w, 'goal', goal.id, goal));
      await enqueue(t, { op: 'goal.create', ...queue(w), goalId: goal.id, title: goal.title, cadence: goal.cadence, endDate: goal.endDate });
      return;
    }
    case 'checkin': {
      const goal = await record(t, w, 'goal', op.goalId);
      const localDate = localDateAt(w.now, op.timeZone);
      const rule = { locale: op.locale, firstDay: op.firstDay };
      const period = periodOf(goal.data.cadence, localDate, rule);
      const mine = await t.records.filter((r) => r.groupId === w.groupId && r.kind === 'checkin' && r.data.goalId === op.goalId && r.delivery !== 'failed');
      if (mine.some((r) => r.kind === 'checkin' && periodOf(goal.data.cadence, r.data.localDate, rule) === period)) {
        throw new UserError('already_checked_in', goal.data.cadence === 'daily' ? `Already checked in for ${localDate}.` : `Already checked in for the week of ${period}.`);
      }
      if (goal.data.endDate !== null && localDate > goal.data.endDate) throw new UserError('goal_ended', `This goal ended on ${goal.data.endDate}.`);
      const c: CheckIn = { id: w.id(), goalId: op.goalId, memberId: w.memberId, at: w.now, timeZone: op.timeZone, localDate, note: op.note.trim(), cheers: [] };
      await t.records.put(made(w, 'checkin', c.id, c));
      await enqueue(t, { op: 'checkin', ...queue(w), goalId: op.goalId, checkInId: c.id, at: c.at, timeZone: c.timeZone, note: c.note, ...rule });
      return;
    }
    case 'cheer': {
      const c = await record(t, w, 'checkin', op.checkInId);
      const cheers = op.on ? [...new Set([...c.data.cheers, w.memberId])] : c.data.cheers.filter((m) => m !== w.memberId);
      await t.records.update([w.groupId, 'checkin', c.id], { data: { ...c.data, cheers }, error: null });
      await enqueue(t, { op: 'cheer', ...queue(w), checkInId: c.id, on: op.on });
      return;
    }
    case 'meeting.propose': {
      if (op.times.length === 0) throw new UserError('bad_request', 'Add at least one time.');
      const m: Meeting = { id: w.id(), groupId: w.groupId, organiser: w.memberId, title: required(op.title, 'bad_request', 'Give the meeting a title.'), times: op.times, answers: {}, confirmed: null, sequence: 0, createdAt: w.now };
      await t.records.put(made(w, 'meeting', m.id, m));
      await enqueue(t, { op: 'meeting.propose', ...queue(w), meetingId: m.id, title: m.title, times: m.times });
      return;
    }
    case 'meeting.answer': {
      const m = await record(t, w, 'meeting', op.meetingId);
      if (op.answers.length !== m.data.times.length) throw new UserError('choice_invalid', `Answer each of the ${m.data.times.length} times.`);
      await t.records.update([w.groupId, 'meeting', m.id], { myAnswers: op.answers, error: null });
      await enqueue(t, { op: 'meeting.answer', ...queue(w), meetingId: m.id, answers: op.answers });
      return;
    }
    case 'meeting.confirm': {
      const m = await record(t, w, 'meeting', op.meetingId);
      if (m.data.organiser !== w.memberId) throw new UserError('forbidden', 'Only the organiser confirms a time.');
      await t.records.update([w.groupId, 'meeting', m.id], { error: null });
      await enqueue(t, { op: 'meeting.confirm', ...queue(w), meetingId: m.id, time: op.time });
      return;
    }
    case 'poll.create': {
      const options = op.options.map((o) => o.trim()).filter(Boolean);
      if (options.length < 2) throw new UserError('bad_request', 'A poll needs at least two options.');
      if (new Set(options).size !== options.length) throw new UserError('bad_request', 'Each option must differ.');
      if (op.closesAt !== null && op.closesAt <= w.now) throw new UserError('time_past', 'A poll closes at a time still to come.');
      const p: Poll = {
        id: w.id(),
        groupId: w.groupId,
        createdBy: w.memberId,
        question: required(op.question, 'bad_request', 'Ask a question.'),
        options,
        multiple: op.multiple,
        anonymous: op.anonymous,
        closesAt: op.closesAt,
        closedAt: null,
        createdAt: w.now,
        tallies: options.map(() => 0),
        voters: 0,
        votes: {},
      };
      await t.records.put(made(w, 'poll', p.id, p));
      await enqueue(t, { op: 'poll.create', ...queue(w), pollId: p.id, question: p.question, options, multiple: p.multiple, anonymous: p.anonymous, closesAt: p.closesAt });
      return;
    }
    case 'poll.vote': {
      const p = await record(t, w, 'poll', op.pollId);
      if (!pollOpen(p.data, w.now)) throw new UserError('poll_closed', 'This poll is closed.');
      if (op.choices.length === 0 || (!p.data.multiple && op.choices.length !== 1)) throw new UserError('choice_invalid', p.data.multiple ? 'Choose among the options, each once.' : 'Choose exactly one option.');
      if (p.data.anonymous && p.myChoices) throw new UserError('vote_final', 'A vote in an anonymous poll cannot be changed.');
      await t.records.update([w.groupId, 'poll', p.id], { myChoices: op.choices, error: null });
      await enqueue(t, { op: 'poll.vote', ...queue(w), pollId: p.id, voteId: w.id(), choices: op.choices });
      return;
    }
    case 'poll.close': {
      await record(t, w, 'poll', op.pollId);
      await enqueue(t, { op: 'poll.close', ...queue(w), pollId: op.pollId });
      return;
    }
    case 'feedback.ask': {
      if (!op.rating && !op.text) throw new UserError('bad_request', 'Ask for a rating, text, or both.');
      if (op.closesAt !== null && op.closesAt <= w.now) throw new UserError('time_past', 'A request closes at a time still to come.');
      const f: FeedbackRequest = {
        id: w.id(),
        groupId: w.groupId,
        askedBy: w.memberId,
        question: required(op.question, 'bad_request', 'Ask a question.'),
        rating: op.rating,
        text: op.text,
        closesAt: op.closesAt,
        closedAt: null,
        createdAt: w.now,
        answers: 0,
      };
      await t.records.put(made(w, 'feedback', f.id, f));
      await enqueue(t, { op: 'feedback.ask', ...queue(w), feedbackId: f.id, question: f.question, rating: f.rating, text: f.text, closesAt: f.closesAt });
      return;
    }
    case 'feedback.answer': {
      const f = await record(t, w, 'feedback', op.feedbackId);
      if (op.rating === null && !op.text.trim()) throw new UserError('choice_invalid', 'Give a rating or an answer.');
      await t.records.update([w.groupId, 'feedback', f.id], { myAnswer: { rating: op.rating, text: op.text.trim() }, error: null });
      await enqueue(t, { op: 'feedback.answer', ...queue(w), feedbackId: f.id, rating: op.rating, text: op.text.trim() });
      return;
    }
    case 'feedback.close': {
      await record(t, w, 'feedback', op.feedbackId);
      await enqueue(t, { op: 'feedback.close', ...queue(w), feedbackId: op.feedbackId });
      return;
    }
    case 'discard': {
      const row = await t.records.get([w.groupId, op.kind, op.id]);
      if (row?.delivery === 'failed') await t.records.delete([w.groupId, op.kind, op.id]);
      return;
    }
  }
}
