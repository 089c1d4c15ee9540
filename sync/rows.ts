import type { PageContext } from '../sites/types';
import type { FeedbackRequest } from '../protocol/feedback';
import type { CheckIn, Goal } from '../protocol/goals';
import type { Intro } from '../protocol/intros';
import type { Meeting } from '../protocol/meetings';
import type { Poll } from '../protocol/polls';
import type { Delivery, HubStatus, Membership, Role } from './types';

/** Rows of hosted groups as the background keeps them (Dexie schema version 3). */

/** The member's identity on one hub. The token never leaves the background. */
export interface HubRow {
  url: string;
  memberId: string;
  token: string;
  /** Join requests this identity made to listed groups and still waits on (storage/hosted/discovery.ts). */
  asks?: { groupId: string; requestId: string }[];
  /**
   * The communities this identity is in there, as the hub last listed them (storage/hosted/communities.ts):
   * the background keeps a socket to a hub it has communities on, to hear of them live.
   */
  communities?: { id: string; name: string; role: Role }[];
  /** When the hub last said something changed in them: the Communities view follows it and asks again. */
  communityNews?: number;
  /** Per community, the join requests to its groups this device has already told its member of. */
  seenCommunityRequests?: Record<string, string[]>;
}

export type MembershipRow = Membership;

export interface MemberRow {
  groupId: string;
  id: string;
  name: string;
  role: Role;
  intro: string;
  joinedAt: number;
  /** false once they left or were removed (kept so old messages keep their author's name). */
  active: boolean;
  /** Muted until then (issue #17 moderation); absent or null: not muted. */
  mutedUntil?: number | null;
}

export interface ThreadRow {
  id: string;
  groupId: string;
  title: string | null;
  anchor: PageContext | null;
  /** '' when not anchored (IndexedDB cannot index null). */
  anchorUrl: string;
  authorId: string;
  createdAt: number;
  lastMessageAt: number | null;
  messageCount: number;
  /** Messages from others the member has not seen. */
  unread: number;
  /** The member's read position here (the hub keeps it, for all their devices): the last event number seen. */
  readSeq?: number;
}

export interface MessageRow {
  id: string;
  groupId: string;
  threadId: string;
  authorId: string;
  body: string;
  mentions: string[];
  reactions: Record<string, string[]>;
  /** The hub's event number; pending messages sort after every sent one. */
  seq: number;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  deletedBy: string | null;
  delivery: 'sent' | 'pending' | 'failed';
  error: { code: string; message: string; params?: Record<string, string | number> } | null;
  /** Applied from the group's event stream (counts are kept from events only, once each). */
  fromEvent: boolean;
  /** A message imported from an archive: its author's name there (they are nobody on this hub). */
  importedAuthor?: string;
}

export const PENDING_SEQ_BASE = 1e15;

export interface JoinRequestRow {
  id: string;
  groupId: string;
  name: string;
  message: string;
  createdAt: number;
}

export type HubStatusRow = HubStatus;

/**
 * The micro-community records of a group (intros, goals, check-ins, meetings, polls, feedback
 * requests), one table for all: each row holds the hub's object as its events last said
 * (`data`), and what this device did that the hub has not answered yet.
 */
export type RecordData = {
  intro: Intro;
  goal: Goal;
  checkin: CheckIn;
  meeting: Meeting;
  poll: Poll;
  feedback: FeedbackRequest;
};
export type RecordKind = keyof RecordData;
export const RECORD_KINDS = ['intro', 'goal', 'checkin', 'meeting', 'poll', 'feedback'] as const satisfies readonly RecordKind[];

/** What the member did to a record that the hub has not answered yet (or refused). */
export interface RecordLocal {
  /** My vote: what I chose (an anonymous poll's choice is known to this device only). */
  myChoices?: number[] | null;
  /** My answer to a feedback request (answers are not group events). */
  myAnswer?: { rating: number | null; text: string } | null;
  /** My answers to a meeting's times, until the hub's event says them. */
  myAnswers?: ('yes' | 'maybe' | 'no')[] | null;
}

interface RecordRowOf<K extends RecordKind> extends RecordLocal {
  groupId: string;
  kind: K;
  /** The record's id; a member's id for intros. */
  id: string;
  data: RecordData[K];
  /** 'pending' until the hub's event for it arrives; 'failed' once refused (the member may discard it). */
  delivery: Delivery;
  /** The hub's last refusal of a write to this record. */
  error: { code: string; message: string; params?: Record<string, string | number> } | null;
  /** Applied from the group's event stream. */
  fromEvent: boolean;
}
export type RecordRow<K extends RecordKind = RecordKind> = K extends RecordKind ? RecordRowOf<K> : never;
export type RecordKey = [groupId: string, kind: RecordKind, id: string];
export const recordKey = (r: Pick<RecordRow, 'groupId' | 'kind' | 'id'>): RecordKey => [r.groupId, r.kind, r.id];
