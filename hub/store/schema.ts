import { scrubMessageText, type CodeStep } from './scrub';

/**
 * Tables, in SQL both SQLite and Postgres accept. Times are epoch ms (BIGINT), JSON is TEXT,
 * booleans are 0/1. To change them, append a migration: its position is the schema version.
 * A step the two cannot share is given once for each, or in code (hub/store/scrub.ts).
 */
export type MigrationStep = string | { readonly sqlite: string; readonly postgres: string } | CodeStep;

export const migrations: readonly (readonly MigrationStep[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS members (
      id TEXT PRIMARY KEY,
      created_at BIGINT NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS tokens (
      hash TEXT PRIMARY KEY,
      member_id TEXT NOT NULL REFERENCES members(id),
      created_at BIGINT NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS link_codes (
      hash TEXT PRIMARY KEY,
      member_id TEXT NOT NULL REFERENCES members(id),
      expires_at BIGINT NOT NULL,
      used_at BIGINT
    )`,
    `CREATE TABLE IF NOT EXISTS groups (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      topic TEXT NOT NULL,
      member_limit INTEGER NOT NULL,
      allow_requests INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      seq BIGINT NOT NULL DEFAULT 0
    )`,
    `CREATE TABLE IF NOT EXISTS memberships (
      group_id TEXT NOT NULL REFERENCES groups(id),
      member_id TEXT NOT NULL REFERENCES members(id),
      name TEXT NOT NULL,
      intro TEXT NOT NULL,
      role TEXT NOT NULL,
      status TEXT NOT NULL,
      joined_at BIGINT NOT NULL,
      left_at BIGINT,
      PRIMARY KEY (group_id, member_id)
    )`,
    `CREATE INDEX IF NOT EXISTS memberships_member ON memberships (member_id)`,
    `CREATE TABLE IF NOT EXISTS invites (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      group_id TEXT NOT NULL REFERENCES groups(id),
      created_by TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT,
      max_uses INTEGER,
      uses INTEGER NOT NULL DEFAULT 0,
      revoked_at BIGINT
    )`,
    `CREATE INDEX IF NOT EXISTS invites_group ON invites (group_id)`,
    `CREATE TABLE IF NOT EXISTS join_requests (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      member_id TEXT NOT NULL REFERENCES members(id),
      name TEXT NOT NULL,
      message TEXT NOT NULL,
      intro TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      decided_at BIGINT,
      decided_by TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS join_requests_group ON join_requests (group_id, status)`,
    `CREATE INDEX IF NOT EXISTS join_requests_member ON join_requests (member_id, status)`,
    `CREATE TABLE IF NOT EXISTS threads (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      title TEXT,
      anchor TEXT,
      anchor_url TEXT,
      author_id TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      last_message_at BIGINT,
      message_count INTEGER NOT NULL DEFAULT 0
    )`,
    `CREATE UNIQUE INDEX IF NOT EXISTS threads_anchor ON threads (group_id, anchor_url) WHERE anchor_url IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS threads_group ON threads (group_id, last_message_at)`,
    `CREATE TABLE IF NOT EXISTS messages (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      thread_id TEXT NOT NULL REFERENCES threads(id),
      author_id TEXT NOT NULL,
      body TEXT NOT NULL,
      mentions TEXT NOT NULL,
      seq BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      edited_at BIGINT,
      deleted_at BIGINT,
      deleted_by TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS messages_thread ON messages (thread_id, seq)`,
    `CREATE TABLE IF NOT EXISTS reactions (
      message_id TEXT NOT NULL REFERENCES messages(id),
      member_id TEXT NOT NULL,
      emoji TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (message_id, emoji, member_id)
    )`,
    `CREATE TABLE IF NOT EXISTS events (
      group_id TEXT NOT NULL REFERENCES groups(id),
      seq BIGINT NOT NULL,
      kind TEXT NOT NULL,
      actor TEXT,
      at BIGINT NOT NULL,
      data TEXT NOT NULL,
      PRIMARY KEY (group_id, seq)
    )`,
  ],
  // Devices: what kind each token is, where a widget session was made, and when it was last
  // used (null until its first use after this migration, so upgrading expires nobody).
  [
    `ALTER TABLE tokens ADD COLUMN kind TEXT`,
    `ALTER TABLE tokens ADD COLUMN site TEXT`,
    `ALTER TABLE tokens ADD COLUMN last_used_at BIGINT`,
    `CREATE INDEX IF NOT EXISTS tokens_member ON tokens (member_id)`,
  ],
  // Which invite each membership came through, so removing the member can revoke it.
  [`ALTER TABLE memberships ADD COLUMN invite_id TEXT`],
  // Message events keep no text: the body (and the mentions read from it) live only in
  // `messages` (hub/store/events.ts). This drops what earlier versions kept, edited or deleted
  // since, from every posted and edited event (in code: hub/store/scrub.ts says why).
  [scrubMessageText],
];
