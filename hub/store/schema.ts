import { addColumn } from './columns';
import { settleUnknownUse } from './identity';
import { scrubMessageText, scrubPeopleText, type CodeStep } from './scrub';

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
  // used (null until its first use after this migration, or the one that settles it below).
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
  // Micro-community features (issue #16): intros, goals and check-ins, meetings, polls,
  // feedback. Free text (intros, check-in notes, feedback answers) lives only here; events
  // reference it (hub/store/events.ts). An anonymous poll's voters are kept (with the client id
  // of their vote, so a resend is the same vote) without a time and, in SQLite, in key order
  // rather than the order they voted (WITHOUT ROWID), so neither ties a voter to the tallies of
  // the event their vote made.
  [
    `CREATE TABLE IF NOT EXISTS intros (
      group_id TEXT NOT NULL REFERENCES groups(id),
      member_id TEXT NOT NULL,
      text TEXT NOT NULL,
      interests TEXT NOT NULL,
      time_zone TEXT NOT NULL,
      skipped INTEGER NOT NULL,
      posted_at BIGINT,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (group_id, member_id)
    )`,
    `CREATE TABLE IF NOT EXISTS goals (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      member_id TEXT NOT NULL,
      title TEXT NOT NULL,
      cadence TEXT NOT NULL,
      end_date TEXT,
      created_at BIGINT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS goals_group ON goals (group_id, member_id)`,
    `CREATE TABLE IF NOT EXISTS checkins (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      goal_id TEXT NOT NULL REFERENCES goals(id),
      member_id TEXT NOT NULL,
      at BIGINT NOT NULL,
      time_zone TEXT NOT NULL,
      local_date TEXT NOT NULL,
      note TEXT NOT NULL,
      UNIQUE (goal_id, local_date)
    )`,
    `CREATE INDEX IF NOT EXISTS checkins_group ON checkins (group_id, local_date)`,
    `CREATE TABLE IF NOT EXISTS cheers (
      checkin_id TEXT NOT NULL REFERENCES checkins(id),
      member_id TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (checkin_id, member_id)
    )`,
    `CREATE TABLE IF NOT EXISTS meetings (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      organiser TEXT NOT NULL,
      title TEXT NOT NULL,
      times TEXT NOT NULL,
      confirmed INTEGER,
      sequence INTEGER NOT NULL,
      created_at BIGINT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS meetings_group ON meetings (group_id, created_at)`,
    `CREATE TABLE IF NOT EXISTS meeting_answers (
      meeting_id TEXT NOT NULL REFERENCES meetings(id),
      member_id TEXT NOT NULL,
      answers TEXT NOT NULL,
      answered_at BIGINT NOT NULL,
      PRIMARY KEY (meeting_id, member_id)
    )`,
    `CREATE TABLE IF NOT EXISTS polls (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      created_by TEXT NOT NULL,
      question TEXT NOT NULL,
      options TEXT NOT NULL,
      multiple INTEGER NOT NULL,
      anonymous INTEGER NOT NULL,
      closes_at BIGINT,
      closed_at BIGINT,
      created_at BIGINT NOT NULL,
      tallies TEXT NOT NULL,
      voters INTEGER NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS polls_group ON polls (group_id, created_at)`,
    {
      sqlite: `CREATE TABLE IF NOT EXISTS poll_voters (poll_id TEXT NOT NULL, member_id TEXT NOT NULL, vote_id TEXT NOT NULL, PRIMARY KEY (poll_id, member_id)) WITHOUT ROWID`,
      postgres: `CREATE TABLE IF NOT EXISTS poll_voters (poll_id TEXT NOT NULL, member_id TEXT NOT NULL, vote_id TEXT NOT NULL, PRIMARY KEY (poll_id, member_id))`,
    },
    `CREATE TABLE IF NOT EXISTS poll_votes (
      poll_id TEXT NOT NULL REFERENCES polls(id),
      member_id TEXT NOT NULL,
      choices TEXT NOT NULL,
      voted_at BIGINT NOT NULL,
      PRIMARY KEY (poll_id, member_id)
    )`,
    `CREATE TABLE IF NOT EXISTS feedback_requests (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      asked_by TEXT NOT NULL,
      question TEXT NOT NULL,
      rating INTEGER NOT NULL,
      text INTEGER NOT NULL,
      closes_at BIGINT,
      closed_at BIGINT,
      created_at BIGINT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS feedback_group ON feedback_requests (group_id, created_at)`,
    `CREATE TABLE IF NOT EXISTS feedback_answers (
      request_id TEXT NOT NULL REFERENCES feedback_requests(id),
      member_id TEXT NOT NULL,
      rating INTEGER,
      text TEXT NOT NULL,
      answered_at BIGINT NOT NULL,
      PRIMARY KEY (request_id, member_id)
    )`,
  ],
  // Tokens with no last use yet (from before it was kept) count as used at this upgrade, so
  // they expire NOOK_TOKEN_TTL_DAYS later rather than never (hub/store/identity.ts).
  [settleUnknownUse],
  // Listed groups (hub/store/listings.ts): one listing per group, by the full hash of its
  // context key, found by the hash's first 16 bits; and what was reported to the operator.
  [
    `CREATE TABLE IF NOT EXISTS listings (
      group_id TEXT PRIMARY KEY REFERENCES groups(id),
      scope TEXT NOT NULL,
      hash TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS listings_bucket ON listings (bucket)`,
    `CREATE TABLE IF NOT EXISTS listing_reports (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      hash TEXT NOT NULL,
      reason TEXT NOT NULL,
      reporter TEXT,
      created_at BIGINT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS listing_reports_at ON listing_reports (created_at)`,
  ],
  // Member and group events keep no name, intro or topic: they live only in `memberships` and
  // `groups` (hub/store/events.ts). This drops the earlier ones these events kept.
  [scrubPeopleText],
  // Moderation (issue #17): a group's slow mode, a member's mute (its reason is read only by the
  // member and the moderators), reports (one open report per member per message), warnings, and
  // the moderation log. A report keeps the message's id, never a copy of its text, so a removed
  // message's text leaves the hub with the deletion. The messages index finds a member's last post
  // for the slow mode.
  [
    addColumn('groups', 'slow_mode', 'INTEGER NOT NULL DEFAULT 0'),
    addColumn('memberships', 'muted_until', 'BIGINT'),
    addColumn('memberships', 'mute_reason', "TEXT NOT NULL DEFAULT ''"),
    `CREATE TABLE IF NOT EXISTS reports (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      message_id TEXT NOT NULL REFERENCES messages(id),
      reporter_id TEXT NOT NULL,
      author_id TEXT NOT NULL,
      reason TEXT NOT NULL,
      note TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      decided_at BIGINT,
      decided_by TEXT
    )`,
    `CREATE UNIQUE INDEX IF NOT EXISTS reports_open ON reports (message_id, reporter_id) WHERE status = 'open'`,
    `CREATE INDEX IF NOT EXISTS reports_group ON reports (group_id, status, created_at)`,
    `CREATE TABLE IF NOT EXISTS warnings (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      member_id TEXT NOT NULL,
      note TEXT NOT NULL,
      given_by TEXT NOT NULL,
      at BIGINT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS warnings_member ON warnings (group_id, member_id, at)`,
    `CREATE TABLE IF NOT EXISTS moderation_log (
      id TEXT PRIMARY KEY,
      group_id TEXT NOT NULL REFERENCES groups(id),
      action TEXT NOT NULL,
      actor_id TEXT NOT NULL,
      at BIGINT NOT NULL,
      member_id TEXT,
      message_id TEXT,
      report_id TEXT,
      note TEXT NOT NULL,
      until BIGINT,
      seconds INTEGER
    )`,
    `CREATE INDEX IF NOT EXISTS moderation_log_group ON moderation_log (group_id, at)`,
    `CREATE INDEX IF NOT EXISTS messages_author ON messages (group_id, author_id, created_at)`,
  ],
  // Archives (hub/store/archives.ts): a group imported from one names its authors, who are not
  // members here, by a new id of this hub each; their names live in `archive_people`, and an
  // imported message also keeps its author's name beside it for the views.
  [
    addColumn('messages', 'author_name', 'TEXT'),
    `CREATE TABLE IF NOT EXISTS archive_people (
      group_id TEXT NOT NULL REFERENCES groups(id),
      person_id TEXT NOT NULL,
      name TEXT NOT NULL,
      PRIMARY KEY (group_id, person_id)
    )`,
  ],
  // Communities (hub/store/communities.ts): a group may belong to one; its members say their
  // interests and time zone when they join (cohorts are made from them); a roster holds people
  // imported from CSV who have no identity here yet; a cohort proposal keeps who it placed,
  // the owner's assignment, and, once applied, what applying made (so applying again makes nothing).
  [
    addColumn('groups', 'community_id', 'TEXT'),
    `CREATE INDEX IF NOT EXISTS groups_community ON groups (community_id)`,
    `CREATE TABLE IF NOT EXISTS communities (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      about TEXT NOT NULL,
      owner TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS community_members (
      community_id TEXT NOT NULL REFERENCES communities(id),
      member_id TEXT NOT NULL REFERENCES members(id),
      name TEXT NOT NULL,
      interests TEXT NOT NULL,
      time_zone TEXT NOT NULL,
      role TEXT NOT NULL,
      joined_at BIGINT NOT NULL,
      PRIMARY KEY (community_id, member_id)
    )`,
    `CREATE INDEX IF NOT EXISTS community_members_member ON community_members (member_id)`,
    `CREATE TABLE IF NOT EXISTS community_roster (
      id TEXT PRIMARY KEY,
      community_id TEXT NOT NULL REFERENCES communities(id),
      name TEXT NOT NULL,
      interests TEXT NOT NULL,
      time_zone TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      line INTEGER NOT NULL,
      member_id TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS community_roster_community ON community_roster (community_id, created_at, line)`,
    `CREATE TABLE IF NOT EXISTS community_invites (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      community_id TEXT NOT NULL REFERENCES communities(id),
      created_by TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT,
      max_uses INTEGER,
      uses INTEGER NOT NULL DEFAULT 0,
      revoked_at BIGINT,
      roster_id TEXT,
      group_id TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS community_invites_community ON community_invites (community_id)`,
    `CREATE TABLE IF NOT EXISTS cohort_proposals (
      id TEXT PRIMARY KEY,
      community_id TEXT NOT NULL REFERENCES communities(id),
      created_by TEXT NOT NULL,
      size INTEGER NOT NULL,
      seed BIGINT NOT NULL,
      method TEXT NOT NULL,
      participants TEXT NOT NULL,
      cohorts TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      applied_at BIGINT,
      applied TEXT
    )`,
  ],
  // Read positions (hub/store/reads.ts): per member and thread, the last event number seen;
  // private to the member, so unread counts agree on all their devices.
  [
    `CREATE TABLE IF NOT EXISTS read_positions (
      member_id TEXT NOT NULL REFERENCES members(id),
      group_id TEXT NOT NULL REFERENCES groups(id),
      thread_id TEXT NOT NULL,
      seq BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (member_id, thread_id)
    )`,
    `CREATE INDEX IF NOT EXISTS read_positions_group ON read_positions (member_id, group_id)`,
  ],
  // Archive imports (hub/store/archives.ts importArchive): the key a member's client sent with
  // an import, per member, with the group it made and a digest of the archive, so the same
  // import sent again answers that group and makes nothing. Claimed before the group is made,
  // in the same transaction: the group's row is checked at commit.
  [
    `CREATE TABLE IF NOT EXISTS archive_imports (
      member_id TEXT NOT NULL REFERENCES members(id),
      import_key TEXT NOT NULL,
      group_id TEXT NOT NULL REFERENCES groups(id) DEFERRABLE INITIALLY DEFERRED,
      digest TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (member_id, import_key)
    )`,
  ],
];
