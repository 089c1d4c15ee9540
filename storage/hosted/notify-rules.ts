import type { GroupEvent } from '../../protocol/events';
import type { GroupTarget } from '../../types/open';

/**
 * When a browser notification is news: the decisions behind entrypoints/background/notify.ts,
 * pure so they can be tested without a browser.
 *
 * - A mention: a message someone else posted with the member in its `mentions`.
 * - A reply to the member: a message someone else posted in a thread where the member has
 *   written before it, except in the group's general discussion, where everyone writes: there
 *   it is a reply only when it comes directly after one of the member's messages. A message
 *   that is both is a mention.
 * - A join request in a group the member decides on, not seen before; or in any group of a
 *   community the member owns or moderates (its managers decide on all its groups).
 *
 * Only what happened lately is news, one notification each: an event older than FRESH_MS
 * (a member back after a week, a device that was off) is counted into one summary for the
 * group instead, and so is a burst of more than MAX_SHOWN at once. Nothing at all for the
 * group's history replayed on a first sync or from before the member joined, nor while a
 * sidebar the member is looking at shows the group.
 */

export const FRESH_MS = 10 * 60_000;
export const MAX_SHOWN = 3;

/** The member's switches in the options (storage/settings.ts). */
export interface NotifySwitches {
  mentions: boolean;
  replies: boolean;
  requests: boolean;
}

/** A thread as far as the reply rule needs it: its sent messages in order, this batch's among them. */
export interface ThreadFacts {
  general: boolean;
  messages: readonly { id: string; authorId: string; seq: number }[];
}

export interface MessageNotice {
  kind: 'mention' | 'reply';
  groupId: string;
  threadId: string;
  messageId: string;
  authorId: string;
  body: string;
  at: number;
}

export interface MessageDecision {
  show: MessageNotice[];
  /** Counted instead of shown one by one; null: nothing to sum up. */
  summary: { mentions: number; replies: number } | null;
}

export interface MessageInput {
  groupId: string;
  /** The batch's newly applied events, in order. */
  events: readonly GroupEvent[];
  /** A first sync of the group: its history, none of it news. */
  replay: boolean;
  me: { id: string; joinedAt: number };
  now: number;
  switches: NotifySwitches;
  /** A sidebar the member is looking at shows this group. */
  onScreen: boolean;
  threads(threadId: string): ThreadFacts | undefined;
}

function isReply(facts: ThreadFacts | undefined, me: string, messageId: string, seq: number): boolean {
  if (!facts) return false;
  const before = facts.messages.filter((m) => m.seq < seq && m.id !== messageId);
  if (!facts.general) return before.some((m) => m.authorId === me);
  const last = before.length > 0 ? before.reduce((a, b) => (b.seq > a.seq ? b : a)) : undefined;
  return last?.authorId === me;
}

export function decideMessages(input: MessageInput): MessageDecision {
  const none: MessageDecision = { show: [], summary: null };
  if (input.replay || input.onScreen) return none;
  const { me, switches } = input;
  const found: MessageNotice[] = [];
  for (const e of input.events) {
    if (e.kind !== 'message.posted') continue;
    const m = e.data;
    if (m.authorId === me.id || e.at < me.joinedAt) continue;
    const kind = m.mentions.includes(me.id) ? 'mention' : isReply(input.threads(m.threadId), me.id, m.id, m.seq) ? 'reply' : null;
    if (!kind || !(kind === 'mention' ? switches.mentions : switches.replies)) continue;
    found.push({ kind, groupId: input.groupId, threadId: m.threadId, messageId: m.id, authorId: m.authorId, body: m.body, at: e.at });
  }
  const fresh = found.filter((n) => input.now - n.at <= FRESH_MS);
  const show = fresh.length <= MAX_SHOWN ? fresh : [];
  const counted = found.filter((n) => !show.includes(n));
  if (counted.length === 0) return { show, summary: null };
  return {
    show,
    summary: { mentions: counted.filter((n) => n.kind === 'mention').length, replies: counted.filter((n) => n.kind === 'reply').length },
  };
}

export interface RequestLike {
  id: string;
  name: string;
  message: string;
  createdAt: number;
}

export interface RequestDecision {
  show: RequestLike[];
  /** New requests counted instead of shown (old ones, or too many at once). */
  summary: number;
}

/** The group's pending requests before and after the hub was asked again: the new ones are news. */
export function decideRequests(input: {
  before: ReadonlySet<string>;
  after: readonly RequestLike[];
  now: number;
  on: boolean;
  onScreen: boolean;
}): RequestDecision {
  if (!input.on || input.onScreen) return { show: [], summary: 0 };
  const added = input.after.filter((r) => !input.before.has(r.id));
  const fresh = added.filter((r) => input.now - r.createdAt <= FRESH_MS);
  const show = fresh.length <= MAX_SHOWN ? fresh : [];
  return { show, summary: added.length - show.length };
}

/** A notification's id says what it opens (notify.ts): the group, the thread where there is one, Members for a join request. */
export type NoticeTarget = GroupTarget;
const PREFIX = 'nook:';

export const noticeId = {
  message: (n: MessageNotice) => `${PREFIX}m:${n.groupId}:${n.threadId}:${n.messageId}`,
  request: (groupId: string, requestId: string) => `${PREFIX}r:${groupId}:${requestId}`,
  summary: (groupId: string) => `${PREFIX}s:${groupId}`,
  requestSummary: (groupId: string) => `${PREFIX}rs:${groupId}`,
  /** A request to a group of a community the member runs but whose group this device does not hold as its manager. */
  communityRequest: (communityId: string, requestId: string) => `${PREFIX}cr:${communityId}:${requestId}`,
  communitySummary: (communityId: string) => `${PREFIX}cs:${communityId}`,
};

/** What a notification this file named opens; null for anyone else's (a reminder's), and for a community's. */
export function targetOf(id: string): NoticeTarget | null {
  if (!id.startsWith(PREFIX)) return null;
  const [kind, groupId, threadId] = id.slice(PREFIX.length).split(':');
  if (!groupId || kind === 'cr' || kind === 'cs') return null;
  if (kind === 'r' || kind === 'rs') return { groupId, threadId: null, section: 'members' };
  return { groupId, threadId: kind === 'm' && threadId ? threadId : null };
}

/** The community a notification of its join requests opens; null for any other notification. */
export function communityOf(id: string): string | null {
  if (!id.startsWith(PREFIX)) return null;
  const [kind, communityId] = id.slice(PREFIX.length).split(':');
  return (kind === 'cr' || kind === 'cs') && communityId ? communityId : null;
}
