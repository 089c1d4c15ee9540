import type { EventHandlers } from './kind';
import { changeRecord, putRecord } from './records';

/**
 * Intros, goals and check-ins, meetings, polls and feedback requests (issue #16): each event
 * carries the record it made, or what changed on one.
 */
export const communityEvents = {
  'intro.posted': {
    reads: (e, need) => need.records([e.groupId, 'intro', e.data.memberId]),
    apply: (e, t) => putRecord(t, e.groupId, 'intro', e.data.memberId, e.data),
  },
  'intro.updated': {
    reads: (e, need) => need.records([e.groupId, 'intro', e.data.memberId]),
    apply: (e, t) => putRecord(t, e.groupId, 'intro', e.data.memberId, e.data),
  },
  'goal.created': {
    reads: (e, need) => need.records([e.groupId, 'goal', e.data.id]),
    apply: (e, t) => putRecord(t, e.groupId, 'goal', e.data.id, e.data),
  },
  'checkin.created': {
    reads: (e, need) => need.records([e.groupId, 'checkin', e.data.id]),
    apply: (e, t) => putRecord(t, e.groupId, 'checkin', e.data.id, e.data),
  },
  'checkin.cheered': {
    reads: (e, need) => need.records([e.groupId, 'checkin', e.data.checkInId]),
    apply(e, t) {
      const { memberId, on } = e.data;
      changeRecord(t, e.groupId, 'checkin', e.data.checkInId, (c) => ({
        cheers: on ? [...new Set([...c.cheers, memberId])] : c.cheers.filter((m) => m !== memberId),
      }));
    },
  },
  'meeting.proposed': {
    reads: (e, need) => need.records([e.groupId, 'meeting', e.data.id]),
    apply: (e, t) => putRecord(t, e.groupId, 'meeting', e.data.id, e.data),
  },
  'meeting.answered': {
    reads: (e, need) => need.records([e.groupId, 'meeting', e.data.meetingId]),
    apply(e, t, me) {
      const { memberId, answers } = e.data;
      // Our own answers, as the hub holds them now: nothing of ours is waiting any more.
      const local = memberId === me.memberId ? { myAnswers: null } : {};
      changeRecord(t, e.groupId, 'meeting', e.data.meetingId, (m) => ({ answers: { ...m.answers, [memberId]: answers } }), local);
    },
  },
  'meeting.confirmed': {
    reads: (e, need) => need.records([e.groupId, 'meeting', e.data.meetingId]),
    apply: (e, t) => changeRecord(t, e.groupId, 'meeting', e.data.meetingId, () => ({ confirmed: e.data.time, sequence: e.data.sequence })),
  },
  'poll.created': {
    reads: (e, need) => need.records([e.groupId, 'poll', e.data.id]),
    apply: (e, t) => putRecord(t, e.groupId, 'poll', e.data.id, e.data),
  },
  'poll.voted': {
    reads: (e, need) => need.records([e.groupId, 'poll', e.data.pollId]),
    apply(e, t, me) {
      const { tallies, voters, memberId, choices } = e.data;
      const local = memberId !== null && memberId === me.memberId ? { myChoices: choices } : {};
      changeRecord(
        t,
        e.groupId,
        'poll',
        e.data.pollId,
        (p) => ({ tallies, voters, votes: memberId !== null && choices ? { ...p.votes, [memberId]: choices } : p.votes }),
        local,
      );
    },
  },
  'poll.closed': {
    reads: (e, need) => need.records([e.groupId, 'poll', e.data.pollId]),
    apply: (e, t) => changeRecord(t, e.groupId, 'poll', e.data.pollId, () => ({ closedAt: e.data.closedAt })),
  },
  'feedback.requested': {
    reads: (e, need) => need.records([e.groupId, 'feedback', e.data.id]),
    apply: (e, t) => putRecord(t, e.groupId, 'feedback', e.data.id, e.data),
  },
  'feedback.answered': {
    reads: (e, need) => need.records([e.groupId, 'feedback', e.data.feedbackId]),
    apply: (e, t) => changeRecord(t, e.groupId, 'feedback', e.data.feedbackId, () => ({ answers: e.data.answers })),
  },
  'feedback.closed': {
    reads: (e, need) => need.records([e.groupId, 'feedback', e.data.feedbackId]),
    apply: (e, t) => changeRecord(t, e.groupId, 'feedback', e.data.feedbackId, () => ({ closedAt: e.data.closedAt })),
  },
} satisfies EventHandlers<
  | 'intro.posted'
  | 'intro.updated'
  | 'goal.created'
  | 'checkin.created'
  | 'checkin.cheered'
  | 'meeting.proposed'
  | 'meeting.answered'
  | 'meeting.confirmed'
  | 'poll.created'
  | 'poll.voted'
  | 'poll.closed'
  | 'feedback.requested'
  | 'feedback.answered'
  | 'feedback.closed'
>;
