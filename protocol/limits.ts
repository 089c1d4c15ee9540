/** Sizes and counts the hub enforces; clients use the same numbers to refuse early. */
export const DEFAULT_MEMBER_LIMIT = 30;
export const MAX_MEMBER_LIMIT = 100;
export const MIN_MEMBER_LIMIT = 2;

export const MAX_NAME = 80;
export const MAX_TOPIC = 500;
export const MAX_INTRO = 1_000;
export const MAX_REQUEST_MESSAGE = 1_000;
export const MAX_TITLE = 200;
export const MAX_MESSAGE = 20_000;
export const MAX_URL = 2_048;
export const MAX_CONTEXT_FIELD = 300;
export const MAX_EMOJI = 32;

/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

export const EVENTS_PAGE = 500;
export const EVENTS_PAGE_MAX = 1_000;

export const INVITE_DEFAULT_TTL_S = 7 * 24 * 3600;
export const INVITE_MAX_TTL_S = 365 * 24 * 3600;
export const INVITE_MAX_USES = 1_000;
export const LINK_CODE_TTL_MS = 10 * 60_000;

/** One live connection may follow at most this many groups. */
export const MAX_LIVE_GROUPS = 500;

/** Micro-community features (issue #16). */
export const MAX_INTRO_TEXT = 1_000;
export const MAX_INTERESTS = 12;
export const MAX_INTEREST = 40;
/** A newcomer is marked "new" this long after joining. */
export const NEW_MEMBER_MS = 7 * 24 * 3600_000;
export const MAX_GOALS_PER_MEMBER = 20;
export const MAX_CHECKIN_NOTE = 500;
export const MAX_CANDIDATE_TIMES = 20;
export const MAX_MEETING_MINUTES = 24 * 60;
export const MAX_MEETING_DAYS = 14;
export const MAX_POLL_OPTIONS = 20;
export const MAX_POLL_OPTION = 200;
export const MAX_QUESTION = 500;
export const MAX_FEEDBACK_ANSWER = 2_000;
/** Lists of polls, meetings, goals and feedback requests answer at most this many, latest first. */
export const MAX_LISTED = 200;

/** Moderation (issue #17): a report's note, a warning, a mute's reason. */
export const MAX_MODERATION_NOTE = 500;
/** A mute lasts at most 30 days; slow mode waits at most 6 hours between a member's messages. */
export const MAX_MUTE_MINUTES = 30 * 24 * 60;
export const MAX_SLOW_MODE_SECONDS = 6 * 3600;

/** Communities (issue #17): what a community says about itself, a cohort's default size, a roster file. */
export const MAX_ABOUT = 1_000;
export const COHORT_DEFAULT_SIZE = 25;
/** A roster import is at most this many rows and bytes (UTF-8): a course or an audience, not a mailing list. */
export const ROSTER_MAX_ROWS = 5_000;
export const ROSTER_MAX_BYTES = 1024 * 1024;
