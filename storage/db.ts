import { Dexie, type Table } from 'dexie';
import type { Group, Note, SitePrefs } from './types';
import type { HubRow, HubStatusRow, JoinRequestRow, MemberRow, MembershipRow, MessageRow, OutboxRow, ThreadRow } from './sync/rows';
import { noteWords } from './tokenize';

/** A note as stored: the note plus its search tokens (never sent to views). */
export interface NoteRow extends Note {
  words: string[];
}

/** One setting per row: `{ key: 'displayName', value: 'Ada' }`. */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** The latest schema version. Bump it with a new `version(n)` block below, never by editing an old one. */
export const SCHEMA_VERSION = 3;

/**
 * The extension's database. It lives in the background only (see DESIGN.md, trust boundaries);
 * views reach it through messages.
 */
export class NookDB extends Dexie {
  declare notes: Table<NoteRow, string>;
  declare groups: Table<Group, string>;
  declare settings: Table<SettingRow, string>;
  declare sites: Table<SitePrefs, string>;
  declare hubs: Table<HubRow, string>;
  declare memberships: Table<MembershipRow, string>;
  declare members: Table<MemberRow, [string, string]>;
  declare threads: Table<ThreadRow, string>;
  declare messages: Table<MessageRow, string>;
  declare outbox: Table<OutboxRow, number>;
  declare joinRequests: Table<JoinRequestRow, string>;
  declare hubStatus: Table<HubStatusRow, string>;

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
  }
}

/** A database handle; tests pass a fresh name each. Dexie opens it on first use. */
export const openDb = (name = 'nook'): NookDB => new NookDB(name);

/** The note a view sees: the row without its search tokens. */
export function toNote(row: NoteRow): Note {
  const { words: _words, ...note } = row;
  return note;
}
