import { unwrap } from '../client';
import type { RecordKind, RecordRow } from '../rows';
import type { LocalTables } from '../store';
import type { ErrorInfo } from '../wire';
import type { OutboxHandlers } from './kind';

/**
 * Intros, goals, check-ins, cheers, meetings, polls and feedback (issue #16). Every write
 * carries the id the client made (or is a PUT of the member's own answer), so a resend is the
 * same write. The records change when their events arrive; a refusal is kept on the record,
 * with the reason, where the member made it.
 */

const clear = (kind: RecordKind, id: string) => async (t: LocalTables, row: { groupId: string }) => {
  await t.records.update([row.groupId, kind, id], { error: null });
};

/** A record made here that the hub refused: it stays, failed, until the member discards it. */
const failMade = (kind: RecordKind, idOf: (row: never) => string) => async (t: LocalTables, row: { groupId: string }, error: ErrorInfo) => {
  await t.records.update([row.groupId, kind, idOf(row as never)], { delivery: 'failed', error });
};

/** A change to a record the hub refused: what it holds stays as its events said; the reason is shown on it. */
const failChange = (kind: RecordKind, idOf: (row: never) => string, undo: Partial<RecordRow> = {}) => async (t: LocalTables, row: { groupId: string }, error: ErrorInfo) => {
  await t.records.update([row.groupId, kind, idOf(row as never)], { error, ...undo } as Partial<RecordRow>);
};

const group = (row: { groupId: string }) => ({ groupId: row.groupId });

export const communityOps = {
  'intro.set': {
    async send(client, row) {
      await unwrap(
        client.groups[':groupId'].intro.$put({ param: group(row), json: { text: row.text, interests: row.interests, timeZone: row.timeZone, skipped: row.skipped } }),
      );
    },
    async refused(t, row, error) {
      const mine = (await t.records.filter((r) => r.groupId === row.groupId && r.kind === 'intro' && r.delivery !== 'sent'))[0];
      if (mine) await t.records.update([row.groupId, 'intro', mine.id], { delivery: 'failed', error });
    },
  },
  'goal.create': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].goals.$post({ param: group(row), json: { id: row.goalId, title: row.title, cadence: row.cadence, endDate: row.endDate } }));
    },
    refused: failMade('goal', (r: { goalId: string }) => r.goalId),
  },
  checkin: {
    async send(client, row) {
      await unwrap(
        client.groups[':groupId'].goals[':goalId'].checkins.$post({
          param: { groupId: row.groupId, goalId: row.goalId },
          json: { id: row.checkInId, at: row.at, timeZone: row.timeZone, note: row.note, locale: row.locale, firstDay: row.firstDay },
        }),
      );
    },
    refused: failMade('checkin', (r: { checkInId: string }) => r.checkInId),
  },
  cheer: {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].checkins[':checkInId'].cheer.$put({ param: { groupId: row.groupId, checkInId: row.checkInId }, json: { on: row.on } }));
      return (t) => clear('checkin', row.checkInId)(t, row);
    },
    refused: failChange('checkin', (r: { checkInId: string }) => r.checkInId),
  },
  'meeting.propose': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].meetings.$post({ param: group(row), json: { id: row.meetingId, title: row.title, times: row.times } }));
    },
    refused: failMade('meeting', (r: { meetingId: string }) => r.meetingId),
  },
  'meeting.answer': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].meetings[':meetingId'].answers.$put({ param: { groupId: row.groupId, meetingId: row.meetingId }, json: { answers: row.answers } }));
      return (t) => clear('meeting', row.meetingId)(t, row);
    },
    refused: failChange('meeting', (r: { meetingId: string }) => r.meetingId, { myAnswers: null }),
  },
  'meeting.confirm': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].meetings[':meetingId'].confirm.$post({ param: { groupId: row.groupId, meetingId: row.meetingId }, json: { time: row.time } }));
      return (t) => clear('meeting', row.meetingId)(t, row);
    },
    refused: failChange('meeting', (r: { meetingId: string }) => r.meetingId),
  },
  'poll.create': {
    async send(client, row) {
      await unwrap(
        client.groups[':groupId'].polls.$post({
          param: group(row),
          json: { id: row.pollId, question: row.question, options: row.options, multiple: row.multiple, anonymous: row.anonymous, closesAt: row.closesAt },
        }),
      );
    },
    refused: failMade('poll', (r: { pollId: string }) => r.pollId),
  },
  'poll.vote': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].polls[':pollId'].vote.$put({ param: { groupId: row.groupId, pollId: row.pollId }, json: { id: row.voteId, choices: row.choices } }));
      return (t) => clear('poll', row.pollId)(t, row);
    },
    // Back to the vote the hub holds: for an open poll its event says it; an anonymous vote only this device knew.
    refused: failChange('poll', (r: { pollId: string }) => r.pollId, { myChoices: null }),
  },
  'poll.close': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].polls[':pollId'].close.$post({ param: { groupId: row.groupId, pollId: row.pollId } }));
    },
    refused: failChange('poll', (r: { pollId: string }) => r.pollId),
  },
  'feedback.ask': {
    async send(client, row) {
      await unwrap(
        client.groups[':groupId'].feedback.$post({
          param: group(row),
          json: { id: row.feedbackId, question: row.question, rating: row.rating, text: row.text, closesAt: row.closesAt },
        }),
      );
    },
    refused: failMade('feedback', (r: { feedbackId: string }) => r.feedbackId),
  },
  'feedback.answer': {
    async send(client, row) {
      await unwrap(
        client.groups[':groupId'].feedback[':feedbackId'].answer.$put({ param: { groupId: row.groupId, feedbackId: row.feedbackId }, json: { rating: row.rating, text: row.text } }),
      );
      return (t) => clear('feedback', row.feedbackId)(t, row);
    },
    refused: failChange('feedback', (r: { feedbackId: string }) => r.feedbackId, { myAnswer: null }),
  },
  'feedback.close': {
    async send(client, row) {
      await unwrap(client.groups[':groupId'].feedback[':feedbackId'].close.$post({ param: { groupId: row.groupId, feedbackId: row.feedbackId } }));
    },
    refused: failChange('feedback', (r: { feedbackId: string }) => r.feedbackId),
  },
} satisfies OutboxHandlers<
  | 'intro.set'
  | 'goal.create'
  | 'checkin'
  | 'cheer'
  | 'meeting.propose'
  | 'meeting.answer'
  | 'meeting.confirm'
  | 'poll.create'
  | 'poll.vote'
  | 'poll.close'
  | 'feedback.ask'
  | 'feedback.answer'
  | 'feedback.close'
>;
