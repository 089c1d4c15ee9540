import type { PageContext } from '../sites/types';

/**
 * What views see of hosted groups (kept in the background's Dexie database, filled by the
 * sync engine from the hub's events). Shared by the extension's sidebar and the widget's
 * panel, which render the same components.
 */
export type Role = 'owner' | 'moderator' | 'member';

export interface MemberItem {
  id: string;
  name: string;
  role: Role;
  intro: string;
  joinedAt: number;
  /** True for the member looking at the list. */
  self: boolean;
  /** Muted until then (the group's events say so; why, only the member is told); absent or null: not muted. */
  mutedUntil?: number | null;
}

export interface ThreadItem {
  id: string;
  groupId: string;
  /** null for the group's general discussion. */
  title: string | null;
  anchor: PageContext | null;
  createdAt: number;
  lastMessageAt: number | null;
  messageCount: number;
  unread: number;
}

export type Delivery = 'sent' | 'pending' | 'failed';

export interface MessageItem {
  id: string;
  threadId: string;
  groupId: string;
  authorId: string;
  authorName: string;
  /** Its author is a name from an imported archive, not a member: the view says so beside the name. */
  imported?: boolean;
  /** Markdown; '' once deleted. */
  body: string;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** emoji -> how many, and whether the viewer is among them. */
  reactions: { emoji: string; count: number; mine: boolean }[];
  mentionsMe: boolean;
  mine: boolean;
  delivery: Delivery;
  /** Why the hub refused it (delivery 'failed'). */
  error: { code: string; message: string; params?: Record<string, string | number> } | null;
}

export interface JoinRequestItem {
  id: string;
  name: string;
  message: string;
  createdAt: number;
}

/** The live connection to one hub, as the member sees it. */
export interface HubStatus {
  hub: string;
  state: 'connecting' | 'online' | 'offline' | 'catching-up';
  /** Events still to fetch while catching up. */
  behind: number;
  /** Writes waiting in the outbox for this hub. */
  pending: number;
  error: { code: string; message: string; params?: Record<string, string | number> } | null;
  since: number;
}

/** A hosted group as its member sees it (on top of types/local.ts Group). */
export interface Membership {
  groupId: string;
  hub: string;
  memberId: string;
  role: Role;
  memberCount: number;
  /** The last event number applied locally. */
  seq: number;
  /** Set when the member left or was removed; the group's content is gone. */
  endedAt: number | null;
  endedReason: 'left' | 'removed' | null;
  /** The group's slow mode as its events last said (0 or absent: off); owners and moderators are exempt. */
  slowModeSeconds?: number;
  /** When the member last looked at the group on this device ("Since you were away", sync/away.ts). */
  lastSeenAt?: number;
}

export interface InviteItem {
  url: string;
  code: string;
  expiresAt: number | null;
  maxUses: number | null;
  uses: number;
}

/** A group's intro, goal, check-in, meeting, poll or feedback request, as this device holds it (sync/rows.ts). */
export type { RecordRow as RecordItem, RecordKind } from './rows';
