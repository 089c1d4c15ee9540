import { Dexie, type Table } from 'dexie';
import type { Group, Note, SitePrefs } from '../types/local';
import type { OutboxRow } from '../sync/outbox/ops';
import type { HubRow, HubStatusRow, JoinRequestRow, MemberRow, MembershipRow, MessageRow, RecordKey, RecordRow, ThreadRow } from '../sync/rows';
import { queueStoredMessages, rekeyMessageRows, type SearchQueueRow } from './message-index';
import { noteWords, searchTerms } from './tokenize';

/**
 * A note as schema versions 2 and 3 stored it, with its search tokens (the version 2 upgrade
 * writes them). Since version 4 a note is stored as it is (`notes`) and its search terms live
 * in the `search` table.
 */
export interface NoteRow extends Note {
  words: string[];
}

/**
 * A note's entry in the search index, kept in step with the note in the same transaction.
 * `rank` is `-updatedAt`, so the primary key `[rank+id]` runs newest first, and so does each
 * term's run of the multi-entry `terms` index (entries are ordered by term, then primary key).
 */
export interface SearchRow {
  rank: number;
  id: string;
  /** `searchTerms` of the note's title and body. */
  terms: string[];
}

export type SearchKey = [rank: number, id: string];

const rankOf = (updatedAt: number): number => (Number.isFinite(updatedAt) ? -updatedAt : 0);

/** The primary key of a note's search row. */
export const searchKey = (note: Pick<Note, 'id' | 'updatedAt'>): SearchKey => [rankOf(note.updatedAt), note.id];

/** A note's search row. */
export const searchRow = (note: Note): SearchRow => ({
  rank: rankOf(note.updatedAt),
  id: note.id,
  terms: searchTerms(note.title ?? '', note.body ?? ''),
});

/** Notes the version 4 upgrade indexes per step. */
const UPGRADE_BATCH = 500;

/** One setting per row: `{ key: 'displayName', value: 'Ada' }`. */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** The latest schema version. Bump it with a new `version(n)` block below, never by editing an old one. */
export const SCHEMA_VERSION = 7;

/**
 * The extension's database. It lives in the background only (see DESIGN.md, trust boundaries);
 * views reach it through messages.
 */
export class NookDB extends Dexie {
  declare notes: Table<Note, string>;
  declare search: Table<SearchRow, SearchKey>;
  declare groups: Table<Group, string>;
  declare settings: Table<SettingRow, string>;
  declare sites: Table<SitePrefs, string>;
  declare hubs: Table<HubRow, string>;
  declare memberships: Table<MembershipRow, string>;
  declare members: Table<MemberRow, [string, string]>;
  declare threads: Table<ThreadRow, string>;
  declare messages: Table<MessageRow, string>;
  declare records: Table<RecordRow, RecordKey>;
  declare outbox: Table<OutboxRow, number>;
  declare joinRequests: Table<JoinRequestRow, string>;
  declare hubStatus: Table<HubStatusRow, string>;
  declare searchQueue: Table<SearchQueueRow, number>;

  constructor(name = 'nook') {
    super(name);

    // Version 1: notes by page, groups, settings.
    this.version(1).stores({
      notes: 'id, &url, community, updatedAt',
      groups: 'id, updatedAt',
      settings: 'key',
    });

    // Version 2: search tokens on notes, contexts and soft deletion on groups, site preferences.
    this.version(2)
      .stores({
        notes: 'id, &url, community, updatedAt, *words, [community+updatedAt], [site+community]',
        groups: 'id, updatedAt, *contexts, deletedAt',
        settings: 'key',
        sites: 'key',
      })
      .upgrade(async (tx) => {
        await tx
          .table<NoteRow, string>('notes')
          .toCollection()
          .modify((note) => {
            note.words = noteWords(note.title ?? '', note.body ?? '');
          });
        await tx
          .table<Group, string>('groups')
          .toCollection()
          .modify((group) => {
            const g = group as Partial<Group>;
            if (!Array.isArray(g.contexts)) group.contexts = [];
            if (g.deletedAt === undefined) group.deletedAt = null;
            if (typeof g.topic !== 'string') group.topic = '';
            if (g.hub === undefined) group.hub = null;
          });
      });

    // Version 3: hosted groups (storage/sync): the member's identity per hub, memberships,
    // members, threads, messages, the outbox of writes not yet acknowledged, join requests
    // and each hub's connection state. Only new tables: nothing to migrate.
    this.version(3).stores({
      hubs: 'url',
      memberships: 'groupId, hub',
      members: '[groupId+id], groupId',
      threads: 'id, groupId, [groupId+anchorUrl]',
      messages: 'id, groupId, threadId, [threadId+seq]',
      outbox: '++n, hub, groupId',
      joinRequests: 'id, groupId',
      hubStatus: 'hub',
    });

    // Version 4: the search index moves to its own table, newest first per term (see
    // `SearchRow`), with word prefixes as terms; the notes lose `words` and its index.
    this.version(4)
      .stores({
        notes: 'id, &url, community, updatedAt, [community+updatedAt], [site+community]',
        search: '[rank+id], *terms',
      })
      .upgrade(async (tx) => {
        const notes = tx.table<Note & { words?: unknown }, string>('notes');
        const search = tx.table<SearchRow, SearchKey>('search');
        let after: string | null = null;
        for (;;) {
          const batch: (Note & { words?: unknown })[] = await (after === null ? notes.toCollection() : notes.where(':id').above(after))
            .limit(UPGRADE_BATCH)
            .toArray();
          if (batch.length === 0) break;
          await search.bulkPut(batch.map(searchRow));
          await notes.bulkPut(batch.map(({ words: _words, ...note }) => note));
          after = batch[batch.length - 1]!.id;
        }
      });

    // Version 5: a group's intros, goals, check-ins, meetings, polls and feedback requests
    // (sync/rows.ts RecordRow). Earlier versions skipped those events while moving past them,
    // so each followed group is read again from its first event: applying a known event twice
    // changes nothing (sync/events/), and the new kinds land this time.
    this.version(5)
      .stores({ records: '[groupId+kind+id], groupId' })
      .upgrade(async (tx) => {
        await tx
          .table<MembershipRow, string>('memberships')
          .toCollection()
          .modify((m) => {
            if (m.endedAt === null) m.seq = 0;
          });
      });

    // Version 6: the messages of followed groups join the notes in the search index, through
    // a queue of messages to index (storage/message-index.ts); those already stored are queued.
    this.version(6)
      .stores({ searchQueue: '++n' })
      .upgrade((tx) => queueStoredMessages(tx));

    // Version 7: a message's search row carries codes of its group and author in its key
    // (storage/message-index.ts), so the rows are made again.
    this.version(7).upgrade((tx) => rekeyMessageRows(tx));
  }
}

/** A database handle; tests pass a fresh name each. Dexie opens it on first use. */
export const openDb = (name = 'nook'): NookDB => new NookDB(name);

/** The note a view sees: a copy of the stored one, without the search tokens older versions kept on it. */
export function toNote(row: Note & { words?: unknown }): Note {
  const { words: _words, ...note } = row;
  return note;
}
