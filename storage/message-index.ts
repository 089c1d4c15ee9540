import type { GroupEvent } from '../protocol/events';
import { readsOf } from '../sync/events/apply';
import type { Transaction } from 'dexie';
import type { MembershipRow, MessageRow, ThreadRow } from '../sync/rows';
import type { MessageHit, SearchFilterChoices } from '../types/search';
import type { NookDB, SearchKey, SearchRow } from './db';
import { excerpt } from './excerpt';
import { type QueryTerm, searchTerms } from './tokenize';

/**
 * Messages of the member's hosted groups in the notes' search index (the `search` table),
 * so one cost-based search (storage/search.ts) answers for both. A message's row:
 *
 * - id `MESSAGE_ID`, then a code of its group and one of its author (`filterCode`), then the
 *   message id (a note's row has the note id); rank `-createdAt` (a message keeps its time,
 *   group and author when edited, so its key does not move). A term's keys are read anyway
 *   (they are its postings), so the codes answer a group or author filter for every
 *   candidate without another read;
 * - terms: the body's search terms, and one filter term each for its group, its author and,
 *   in a thread anchored to a page, that page. A filter term starts with U+0000, which no
 *   word's term does (words are letters, digits and marks), so no query word reaches it,
 *   and a filter is one more exact term of the query: the search plans it like a word.
 *
 * Only what the hub sent is indexed: a message waiting to be sent is not yet, and one deleted
 * or removed is no longer.
 */
export const MESSAGE_ID = '\u0000m:';

const FILTER = '\u0000';
export const groupTerm = (groupId: string): string => `${FILTER}g:${groupId}`;
export const authorTerm = (memberId: string): string => `${FILTER}a:${memberId}`;
export const pageTerm = (url: string): string => `${FILTER}p:${url}`;

/** Characters of one filter code in a message's search id. */
const CODE_LENGTH = 2;
/** Where the group's and the author's codes sit in a message's search id. */
export const GROUP_CODE_AT = MESSAGE_ID.length;
export const AUTHOR_CODE_AT = GROUP_CODE_AT + CODE_LENGTH;
const ID_AT = AUTHOR_CODE_AT + CODE_LENGTH;

/**
 * A group's or an author's id in two characters: 30 bits of its FNV-1a hash, 15 bits a
 * character from U+4000 (below the surrogates, so the key stays a well-formed string). Two ids
 * share a code about once in a billion: the hits are read from the messages themselves, which
 * drop a message whose group or author is not the filter's (`messageHits`).
 */
export function filterCode(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return String.fromCharCode(0x4000 + ((h >>> 15) & 0x7fff), 0x4000 + (h & 0x7fff));
}

export const isMessageId = (searchId: string): boolean => searchId.startsWith(MESSAGE_ID);
export const messageIdOf = (searchId: string): string => searchId.slice(ID_AT);

const rankOf = (createdAt: number): number => (Number.isFinite(createdAt) ? -createdAt : 0);

export const messageKey = (m: Pick<MessageRow, 'id' | 'createdAt' | 'groupId' | 'authorId'>): SearchKey => [
  rankOf(m.createdAt),
  MESSAGE_ID + filterCode(m.groupId) + filterCode(m.authorId) + m.id,
];

/** Whether a message belongs in the index: sent (from the hub's events) and not deleted. */
const indexable = (m: MessageRow): boolean => m.fromEvent && m.deletedAt === null && m.body.trim() !== '';

export function messageSearchRow(m: MessageRow, thread: Pick<ThreadRow, 'anchorUrl'> | undefined): SearchRow {
  const terms = searchTerms('', m.body);
  terms.push(groupTerm(m.groupId), authorTerm(m.authorId));
  if (thread?.anchorUrl) terms.push(pageTerm(thread.anchorUrl));
  const [rank, id] = messageKey(m);
  return { rank, id, terms };
}

/**
 * Puts the messages' rows in step with them (inside a transaction on `messages`, `threads`
 * and `search`): indexed when sent, again when edited, out when deleted.
 */
export async function indexMessages(db: NookDB, messages: MessageRow[]): Promise<void> {
  if (messages.length === 0) return;
  const threadIds = [...new Set(messages.map((m) => m.threadId))];
  const threads = new Map((await db.threads.bulkGet(threadIds)).filter((t): t is ThreadRow => !!t).map((t) => [t.id, t]));
  const keep = messages.filter(indexable);
  const drop = messages.filter((m) => !indexable(m));
  await Promise.all([
    drop.length ? db.search.bulkDelete(drop.map(messageKey)) : undefined,
    keep.length ? db.search.bulkPut(keep.map((m) => messageSearchRow(m, threads.get(m.threadId)))) : undefined,
  ]);
}

/** Messages whose search rows are to be brought in step with them: one row per large batch of events (see `followApplied`). */
export interface SearchQueueRow {
  n?: number;
  ids: string[];
}

/** Messages indexed per transaction when the queue is drained. */
const DRAIN_BATCH = 500;
/** The queue is drained once events stop arriving this long (a catch-up comes in back-to-back batches)... */
const DRAIN_QUIET_MS = 400;
/**
 * ...and at the latest this long after the first message was queued; while the batches keep
 * coming, such a drain indexes a transaction's worth or two and leaves the rest for the pause
 * (or the next deadline), rather than take turns with the catch-up to its end.
 */
const DRAIN_LATEST_MS = 5000;

/** A batch naming at most this many messages is indexed in its own transaction (a live message, as a rule). */
const INLINE_MAX = 20;

/**
 * After a batch of a group's events is written (storage/sync-store.ts, same transaction):
 * every message an event named is indexed again, and so are the messages of a thread the
 * batch created (they may have come first, without their page). A live message is indexed
 * at once; a larger batch (a page of a catch-up) is queued, and the queue is drained after a
 * pause in the events: indexing costs about twice what writing the messages does, and a new
 * member catching up on a group should see its messages first. Searches are live queries,
 * which may not write, so they do not drain the queue; they see its messages once drained.
 */
export async function followApplied(db: NookDB, groupId: string, events: GroupEvent[]): Promise<void> {
  const ids = new Set(readsOf(groupId, events).messages);
  const created = events.flatMap((e) => (e.groupId === groupId && e.kind === 'thread.created' ? [e.data.id] : []));
  if (created.length) for (const key of await db.messages.where('threadId').anyOf(created).primaryKeys()) ids.add(key);
  if (ids.size === 0) return;
  if (ids.size > INLINE_MAX) {
    await db.searchQueue.add({ ids: [...ids] });
    scheduleDrain(db);
    return;
  }
  const rows = (await db.messages.bulkGet([...ids])).filter((m): m is MessageRow => m !== undefined && m.groupId === groupId);
  await indexMessages(db, rows);
}

/**
 * Per database: the drain's timer, when the oldest batch not yet drained was queued (null:
 * none since the last drain began), and a count of the batches queued, by which a drain sees
 * that events arrived while it ran.
 */
interface DrainState {
  timer: ReturnType<typeof setTimeout> | undefined;
  since: number | null;
  queued: number;
}
const drains = new WeakMap<NookDB, DrainState>();
const draining = new WeakMap<NookDB, Promise<void>>();

function drainState(db: NookDB): DrainState {
  let s = drains.get(db);
  if (!s) drains.set(db, (s = { timer: undefined, since: null, queued: 0 }));
  return s;
}

/** A batch was queued: the drain waits for a pause in the batches, or at the latest DRAIN_LATEST_MS from the oldest. */
function scheduleDrain(db: NookDB): void {
  const s = drainState(db);
  s.queued++;
  s.since ??= Date.now();
  arm(db, s);
}

function arm(db: NookDB, s: DrainState): void {
  clearTimeout(s.timer);
  const now = Date.now();
  const wait = Math.max(0, Math.min(DRAIN_QUIET_MS, (s.since ?? now) + DRAIN_LATEST_MS - now));
  // A timer's callback runs outside any transaction or live query, so it may write.
  s.timer = setTimeout(() => {
    s.timer = undefined;
    // A drain under way stops for the batch that set this timer, and sets it again when it does.
    if (!draining.has(db)) void drainSearchQueue(db).catch(() => undefined);
  }, wait);
}

/**
 * Indexes the queued messages, a batch per transaction, until the queue is empty, or until a
 * transaction's worth is done while events arrived (a catch-up still coming in: the timer
 * drains the rest after the pause). One drain runs at a time: a caller during a drain waits
 * for it (and for what was queued meanwhile).
 */
export function drainSearchQueue(db: NookDB): Promise<void> {
  const s = drainState(db);
  clearTimeout(s.timer);
  s.timer = undefined;
  s.since = null;
  const running = draining.get(db);
  if (running) return running.then(() => drainSearchQueue(db));
  const run = (async () => {
    for (;;) {
      const batches = s.queued;
      const done = await db.transaction('rw', [db.searchQueue, db.messages, db.threads, db.search], async () => {
        // Queued batches up to about DRAIN_BATCH messages (a batch of events is at most a page).
        const queued: SearchQueueRow[] = [];
        let count = 0;
        await db.searchQueue.toCollection().until(() => count >= DRAIN_BATCH).each((row) => {
          queued.push(row);
          count += row.ids.length;
        });
        if (queued.length === 0) return true;
        const ids = [...new Set(queued.flatMap((q) => q.ids))];
        // A message no longer stored left the index with its group (`unindexGroup`).
        const rows = (await db.messages.bulkGet(ids)).filter((m): m is MessageRow => m !== undefined);
        await indexMessages(db, rows);
        await db.searchQueue.bulkDelete(queued.map((q) => q.n!));
        return count < DRAIN_BATCH;
      });
      if (done) return;
      // A catch-up's batches go first. Each would otherwise wait for a transaction of indexing
      // (which costs about twice what applying does): a catch-up that went on past the
      // deadline then went at the speed of the index, 2-4 pages a second instead of 40-50
      // (50,000 messages on a busy machine, bench hub-catchup; storage/sync-store.test.ts).
      if (s.queued !== batches) return;
    }
  })().finally(() => {
    draining.delete(db);
    // Batches queued while it ran, whose timer went off meanwhile and left them to it.
    if (s.since !== null && s.timer === undefined) arm(db, s);
  });
  draining.set(db, run);
  return run;
}

/**
 * Called by a search (a read, maybe in a live query) that found messages waiting in the
 * queue: when no drain is due (the background started again since they were queued), one is
 * scheduled. Synchronous on purpose: a live query tracks what it reads only while its own
 * promises are awaited, and awaiting anything else loses it.
 */
export function drainSoon(db: NookDB, queued: boolean): void {
  const s = drainState(db);
  if (!queued || s.timer !== undefined || draining.has(db)) return;
  s.since ??= Date.now();
  arm(db, s);
}

/** Every message of a group leaves the index (its membership ended); inside a transaction on `search`. */
export async function unindexGroup(db: NookDB, groupId: string): Promise<void> {
  const keys = (await db.search.where('terms').equals(groupTerm(groupId)).primaryKeys()) as SearchKey[];
  if (keys.length) await db.search.bulkDelete(keys);
}

/**
 * The hits for message ids, in their order (inside a transaction on `messages`, `threads`,
 * `groups` and `members`). A message deleted since it was indexed, of a group the member has
 * left, or not of the group or author filtered on (its codes matched another's), is not a hit.
 */
export async function messageHits(
  db: NookDB,
  ids: string[],
  terms: QueryTerm[],
  filters: { group?: string; author?: string } = {},
): Promise<MessageHit[]> {
  if (ids.length === 0) return [];
  const messages = (await db.messages.bulkGet(ids)).filter(
    (m): m is MessageRow =>
      !!m && indexable(m) && (!filters.group || m.groupId === filters.group) && (!filters.author || m.authorId === filters.author),
  );
  const [threads, groups, members] = await Promise.all([
    db.threads.bulkGet([...new Set(messages.map((m) => m.threadId))]),
    db.groups.bulkGet([...new Set(messages.map((m) => m.groupId))]),
    db.members.bulkGet(messages.map((m) => [m.groupId, m.authorId] as [string, string])),
  ]);
  const threadOf = new Map(threads.filter((t): t is ThreadRow => !!t).map((t) => [t.id, t]));
  const groupOf = new Map(groups.filter((g) => !!g).map((g) => [g!.id, g!]));
  const hits: MessageHit[] = [];
  messages.forEach((m, i) => {
    const group = groupOf.get(m.groupId);
    if (!group || group.deletedAt !== null) return;
    const thread = threadOf.get(m.threadId);
    hits.push({
      kind: 'message',
      id: m.id,
      groupId: m.groupId,
      groupName: group.name,
      threadId: m.threadId,
      threadTitle: thread?.title ?? null,
      page: thread?.anchor ? { url: thread.anchor.url, title: thread.anchor.title || thread.anchor.url } : null,
      authorId: m.authorId,
      authorName: members[i]?.name ?? '',
      createdAt: m.createdAt,
      editedAt: m.editedAt,
      excerpt: excerpt(m.body, terms),
    });
  });
  return hits;
}

/** Pages listed in the page filter at most (those with the newest discussion first). */
const PAGE_CHOICES = 100;

/** What the search filters offer: the member's hosted groups, their members, pages with threads. */
export async function searchFilterChoices(db: NookDB): Promise<SearchFilterChoices> {
  return db.transaction('r', [db.memberships, db.groups, db.members, db.threads], async () => {
    const active = (await db.memberships.toArray()).filter((m) => m.endedAt === null).map((m) => m.groupId);
    const [groups, members, threads] = await Promise.all([
      db.groups.bulkGet(active),
      db.members.where('groupId').anyOf(active).toArray(),
      db.threads.where('groupId').anyOf(active).toArray(),
    ]);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
    const authors = new Map<string, { id: string; name: string }>();
    for (const m of members) if (!authors.has(m.id) || m.active) authors.set(m.id, { id: m.id, name: m.name });
    const pages = new Map<string, { url: string; title: string; at: number }>();
    for (const t of threads) {
      if (!t.anchor) continue;
      const at = t.lastMessageAt ?? t.createdAt;
      const seen = pages.get(t.anchor.url);
      if (!seen || seen.at < at) pages.set(t.anchor.url, { url: t.anchor.url, title: t.anchor.title || t.anchor.url, at });
    }
    return {
      groups: groups.filter((g) => !!g && g.deletedAt === null).map((g) => ({ id: g!.id, name: g!.name })).sort(byName),
      authors: [...authors.values()].sort(byName),
      pages: [...pages.values()].sort((a, b) => b.at - a.at).slice(0, PAGE_CHOICES).map(({ url, title }) => ({ url, title })),
    };
  });
}

/**
 * The version 7 upgrade: message rows move to keys with their filter codes. The old rows (each
 * has its group's term; its id was `MESSAGE_ID` and the message id) leave the index, and their
 * messages are queued to be indexed again (those not indexed yet are in the queue already).
 */
export async function rekeyMessageRows(tx: Transaction): Promise<void> {
  const search = tx.table<SearchRow, SearchKey>('search');
  const keys = (await search.where('terms').startsWith(groupTerm('')).primaryKeys()) as SearchKey[];
  if (keys.length === 0) return;
  await search.bulkDelete(keys);
  const ids = [...new Set(keys.map((key) => key[1].slice(MESSAGE_ID.length)))];
  const queue = tx.table<SearchQueueRow, number>('searchQueue');
  for (let i = 0; i < ids.length; i += DRAIN_BATCH) await queue.add({ ids: ids.slice(i, i + DRAIN_BATCH) });
}

/**
 * Queues every stored message of a group still followed (the version 6 upgrade: messages
 * synced before the index held them); the first search schedules the drain.
 * Takes the upgrade transaction's tables.
 */
export async function queueStoredMessages(tx: Transaction): Promise<void> {
  const active = (await tx.table<MembershipRow, string>('memberships').toArray()).filter((m) => m.endedAt === null).map((m) => m.groupId);
  const ids = (await tx.table<MessageRow, string>('messages').where('groupId').anyOf(active).primaryKeys()) as string[];
  const queue = tx.table<SearchQueueRow, number>('searchQueue');
  for (let i = 0; i < ids.length; i += DRAIN_BATCH) await queue.add({ ids: ids.slice(i, i + DRAIN_BATCH) });
}
