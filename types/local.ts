import type { ContextKind, SiteId } from '../sites/types';

/** A private note, one per page (canonical URL). Never leaves the device. */
export interface Note {
  id: string;
  url: string;
  site: SiteId;
  community: string;
  kind: ContextKind;
  /** The page's title when the note was last saved. */
  title: string;
  /** Markdown, at most MAX_NOTE_BYTES in UTF-8. */
  body: string;
  createdAt: number;
  updatedAt: number;
}

export const MAX_NOTE_BYTES = 1_000_000;

/**
 * Search results a view asks for at a time: the first page answers fast over 100,000 notes,
 * and "Show more results" asks for the next.
 */
export const SEARCH_PAGE = 20;

export { DEFAULT_MEMBER_LIMIT, MAX_MEMBER_LIMIT } from '../protocol/limits';

/**
 * A group. Ids are made on the client and times are epoch ms, so a hub can later host a
 * local group as is. `hub` null means this device only.
 */
export interface Group {
  id: string;
  name: string;
  topic: string;
  memberLimit: number;
  hub: string | null;
  /** Community keys (`communityKey()`) and page URLs this group belongs to. */
  contexts: string[];
  createdAt: number;
  updatedAt: number;
  /** Set while a deletion can still be undone; such groups are hidden from lists. */
  deletedAt: number | null;
}

/** A group as the Groups list shows it: with the messages its member has not read (0 for a local group). */
export type ListedGroup = Group & { unread: number };

/** Per-site preferences, keyed by site id or, for sites turned on by the member, by origin. */
export interface SitePrefs {
  key: string;
  enabled: boolean;
  open: boolean;
  launcherHidden: boolean;
}

export interface Settings {
  displayName: string;
  /** '' follows the browser. */
  language: string;
  defaultHub: string;
  /** Origins the member turned Nook on for (optional host permission granted). */
  customOrigins: string[];
  /** "Show groups for the pages I visit": offered once in the Groups tab while 'unset'. */
  discovery: 'unset' | 'on' | 'off';
  /** A notification when a goal's check-in is due (entrypoints/background/reminders.ts). */
  remindCheckIns: boolean;
  /** A notification before a confirmed meeting starts. */
  remindMeetings: boolean;
  /** A notification when someone mentions the member (entrypoints/background/notify.ts). */
  notifyMentions: boolean;
  /** A notification when someone replies to the member (storage/hosted/notify-rules.ts says what a reply is). */
  notifyReplies: boolean;
  /** A notification when someone asks to join a group the member decides on. */
  notifyRequests: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  displayName: '',
  language: '',
  defaultHub: '',
  customOrigins: [],
  discovery: 'unset',
  remindCheckIns: true,
  remindMeetings: true,
  notifyMentions: true,
  notifyReplies: true,
  notifyRequests: true,
};

export interface NoteHit {
  kind: 'note';
  note: Note;
  /** A short excerpt of the body around the first match. */
  excerpt: string;
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
}
