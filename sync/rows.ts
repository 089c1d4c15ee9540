import type { PageContext } from '../sites/types';
import type { HubStatus, Membership, Role } from './types';

/** Rows of hosted groups as the background keeps them (Dexie schema version 3). */

/** The member's identity on one hub. The token never leaves the background. */
export interface HubRow {
  url: string;
  memberId: string;
  token: string;
  /** Join requests this identity made to listed groups and still waits on (storage/hosted/discovery.ts). */
  asks?: { groupId: string; requestId: string }[];
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
  error: { code: string; message: string } | null;
  /** Applied from the group's event stream (counts are kept from events only, once each). */
  fromEvent: boolean;
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
