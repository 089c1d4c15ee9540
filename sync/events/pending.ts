/**
 * Event kinds the hub already serves that the clients do not apply yet: the hub half of
 * issue #16 came first. handlerOf answers undefined for them, as for a newer hub's kinds, so
 * they are skipped. The client half registers each one and removes it from here.
 */
export const PENDING_CLIENT_KINDS = [
  'intro.posted',
  'intro.updated',
  'goal.created',
  'checkin.created',
  'checkin.cheered',
  'meeting.proposed',
  'meeting.answered',
  'meeting.confirmed',
  'poll.created',
  'poll.voted',
  'poll.closed',
  'feedback.requested',
  'feedback.answered',
  'feedback.closed',
] as const;
export type PendingClientKind = (typeof PENDING_CLIENT_KINDS)[number];
