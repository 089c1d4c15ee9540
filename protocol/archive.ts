import { z } from 'zod';
import { LocalDate, TimeZone } from './calendar';
import { PageContext } from './context';
import { Emoji } from './discussion';
import { Rating } from './feedback';
import { Id, Name, Time, line, text } from './fields';
import { Cadence } from './goals';
import { Role } from './groups';
import {
  MAX_CANDIDATE_TIMES,
  MAX_CHECKIN_NOTE,
  MAX_FEEDBACK_ANSWER,
  MAX_INTEREST,
  MAX_INTERESTS,
  MAX_INTRO,
  MAX_INTRO_TEXT,
  MAX_MEMBER_LIMIT,
  MAX_MESSAGE,
  MAX_POLL_OPTION,
  MAX_POLL_OPTIONS,
  MAX_QUESTION,
  MAX_TITLE,
  MAX_TOPIC,
  MIN_MEMBER_LIMIT,
} from './limits';
import { Availability, CandidateTime } from './meetings';

/**
 * A group's archive: what its owner exports (GET /groups/:groupId/archive) and what imports
 * into a new group on any hub (POST /archives). Version 1. A later version gets a new
 * literal here and a reader for the old one; a hub refuses a version it does not know.
 *
 * Everything in it references people by `id`, an id of the hub that made it, meaningful only
 * inside the archive: an import makes new ids for every row, so nothing in an archive can
 * name (or collide with) a row of the hub that reads it. People are names: an import makes
 * the importer the owner and nobody else a member.
 *
 * Deleted and removed messages are not in it, nor the text a departed member took with them
 * (their intro, check-in notes and feedback answers' text), nor any link between a member and
 * their choice in an anonymous poll: only its tallies.
 */
export const ARCHIVE_FORMAT = 'nook-archive';
export const ARCHIVE_VERSION = 1;

/** An import's body is refused above this many bytes (the hub's general limit is far lower). */
export const MAX_ARCHIVE_BYTES = 4 * 1024 * 1024;
export const MAX_ARCHIVE_PEOPLE = 2_000;
export const MAX_ARCHIVE_THREADS = 2_000;
export const MAX_ARCHIVE_MESSAGES = 10_000;
/** Goals, meetings, polls and feedback requests, each. */
export const MAX_ARCHIVE_ITEMS = 1_000;
export const MAX_ARCHIVE_CHECKINS = 10_000;
const MAX_EMOJI_KINDS = 100;

const People = z.array(Id).max(MAX_ARCHIVE_PEOPLE);

/** A member of the group when it was exported, with their introduction if they gave one. */
export const ArchiveMembership = z.strictObject({
  role: Role,
  intro: text(MAX_INTRO),
  joinedAt: Time,
  introduction: z
    .strictObject({
      text: text(MAX_INTRO_TEXT),
      interests: z.array(line(MAX_INTEREST, 1)).max(MAX_INTERESTS),
      timeZone: TimeZone,
    })
    .nullable(),
});

/** Someone the archive names: a member (`member` set), or a former member or imported author. */
export const ArchivePerson = z.strictObject({ id: Id, name: Name, member: ArchiveMembership.nullable() });
export type ArchivePerson = z.infer<typeof ArchivePerson>;

export const ArchiveMessage = z.strictObject({
  id: Id,
  authorId: Id,
  body: text(MAX_MESSAGE, 1).refine((s) => s.trim().length > 0, 'empty message'),
  createdAt: Time,
  editedAt: Time.nullable(),
  /** emoji -> who reacted with it. */
  reactions: z.record(Emoji, People).refine((r) => Object.keys(r).length <= MAX_EMOJI_KINDS, `at most ${MAX_EMOJI_KINDS} kinds of reaction`),
});
export type ArchiveMessage = z.infer<typeof ArchiveMessage>;

export const ArchiveThread = z.strictObject({
  id: Id,
  title: line(MAX_TITLE).nullable(),
  anchor: PageContext.nullable(),
  authorId: Id,
  createdAt: Time,
  messages: z.array(ArchiveMessage).max(MAX_ARCHIVE_MESSAGES),
});
export type ArchiveThread = z.infer<typeof ArchiveThread>;

export const ArchiveCheckIn = z.strictObject({
  id: Id,
  at: Time,
  timeZone: TimeZone,
  localDate: LocalDate,
  note: text(MAX_CHECKIN_NOTE),
  cheers: People,
});

export const ArchiveGoal = z.strictObject({
  id: Id,
  memberId: Id,
  title: line(MAX_TITLE, 1),
  cadence: Cadence,
  endDate: LocalDate.nullable(),
  createdAt: Time,
  checkIns: z.array(ArchiveCheckIn).max(MAX_ARCHIVE_CHECKINS),
});
export type ArchiveGoal = z.infer<typeof ArchiveGoal>;

export const ArchiveMeeting = z.strictObject({
  id: Id,
  organiser: Id,
  title: line(MAX_TITLE, 1),
  times: z.array(CandidateTime).min(1).max(MAX_CANDIDATE_TIMES),
  /** One answer per candidate time, in order, from each member who answered. */
  answers: z.array(z.strictObject({ memberId: Id, answers: z.array(Availability).max(MAX_CANDIDATE_TIMES) })).max(MAX_ARCHIVE_PEOPLE),
  confirmed: z.number().int().nonnegative().nullable(),
  sequence: z.number().int().nonnegative().max(1_000_000),
  createdAt: Time,
});
export type ArchiveMeeting = z.infer<typeof ArchiveMeeting>;

const Count = z.number().int().nonnegative().max(1_000_000);

export const ArchivePoll = z.strictObject({
  id: Id,
  createdBy: Id,
  question: line(MAX_QUESTION, 1),
  options: z.array(line(MAX_POLL_OPTION, 1)).min(2).max(MAX_POLL_OPTIONS),
  multiple: z.boolean(),
  anonymous: z.boolean(),
  closesAt: Time.nullable(),
  closedAt: Time.nullable(),
  createdAt: Time,
  tallies: z.array(Count).max(MAX_POLL_OPTIONS),
  voters: Count,
  /** Who chose what; always empty for an anonymous poll, whose tallies are all there is. */
  votes: z.array(z.strictObject({ memberId: Id, choices: z.array(z.number().int().nonnegative()).min(1).max(MAX_POLL_OPTIONS) })).max(MAX_ARCHIVE_PEOPLE),
});
export type ArchivePoll = z.infer<typeof ArchivePoll>;

export const ArchiveFeedback = z.strictObject({
  id: Id,
  askedBy: Id,
  question: line(MAX_QUESTION, 1),
  rating: z.boolean(),
  text: z.boolean(),
  closesAt: Time.nullable(),
  closedAt: Time.nullable(),
  createdAt: Time,
  answers: z
    .array(z.strictObject({ memberId: Id, rating: Rating.nullable(), text: text(MAX_FEEDBACK_ANSWER), answeredAt: Time }))
    .max(MAX_ARCHIVE_PEOPLE),
});
export type ArchiveFeedback = z.infer<typeof ArchiveFeedback>;

/** Checks an archive's parts against each other: what its shape alone cannot say. */
function consistent(a: ArchiveShape, ctx: z.RefinementCtx) {
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const ids = new Set<string>();
  const unique = (id: string, path: (string | number)[]) => {
    if (ids.has(id)) problem(path, `the id ${id} appears twice`);
    ids.add(id);
  };
  const people = new Set(a.people.map((p) => p.id));
  const known = (id: string, path: (string | number)[]) => {
    if (!people.has(id)) problem(path, `names nobody in people`);
  };
  const each = (list: readonly string[], path: (string | number)[]) => {
    if (new Set(list).size !== list.length) problem(path, 'names someone twice');
    list.forEach((id, i) => known(id, [...path, i]));
  };
  a.people.forEach((p, i) => unique(p.id, ['people', i, 'id']));
  const anchors = new Set<string>();
  let messages = 0;
  a.threads.forEach((t, i) => {
    unique(t.id, ['threads', i, 'id']);
    known(t.authorId, ['threads', i, 'authorId']);
    if (t.anchor) {
      if (anchors.has(t.anchor.url)) problem(['threads', i, 'anchor', 'url'], 'two threads are anchored to the same page');
      anchors.add(t.anchor.url);
    }
    t.messages.forEach((m, j) => {
      unique(m.id, ['threads', i, 'messages', j, 'id']);
      known(m.authorId, ['threads', i, 'messages', j, 'authorId']);
      for (const [emoji, who] of Object.entries(m.reactions)) each(who, ['threads', i, 'messages', j, 'reactions', emoji]);
    });
    messages += t.messages.length;
  });
  if (messages > MAX_ARCHIVE_MESSAGES) problem(['threads'], `at most ${MAX_ARCHIVE_MESSAGES} messages in all`);
  let checkIns = 0;
  a.goals.forEach((g, i) => {
    unique(g.id, ['goals', i, 'id']);
    known(g.memberId, ['goals', i, 'memberId']);
    const dates = new Set<string>();
    g.checkIns.forEach((c, j) => {
      unique(c.id, ['goals', i, 'checkIns', j, 'id']);
      if (dates.has(c.localDate)) problem(['goals', i, 'checkIns', j, 'localDate'], 'two check-ins on one date');
      dates.add(c.localDate);
      each(c.cheers, ['goals', i, 'checkIns', j, 'cheers']);
    });
    checkIns += g.checkIns.length;
  });
  if (checkIns > MAX_ARCHIVE_CHECKINS) problem(['goals'], `at most ${MAX_ARCHIVE_CHECKINS} check-ins in all`);
  a.meetings.forEach((m, i) => {
    unique(m.id, ['meetings', i, 'id']);
    known(m.organiser, ['meetings', i, 'organiser']);
    if (m.confirmed !== null && m.confirmed >= m.times.length) problem(['meetings', i, 'confirmed'], 'no such candidate time');
    each(
      m.answers.map((x) => x.memberId),
      ['meetings', i, 'answers'],
    );
    m.answers.forEach((x, j) => {
      if (x.answers.length !== m.times.length) problem(['meetings', i, 'answers', j, 'answers'], 'one answer per candidate time');
    });
  });
  a.polls.forEach((p, i) => {
    unique(p.id, ['polls', i, 'id']);
    known(p.createdBy, ['polls', i, 'createdBy']);
    const at = (k: string | number) => ['polls', i, k];
    if (new Set(p.options).size !== p.options.length) problem(at('options'), 'options must differ');
    if (p.tallies.length !== p.options.length) problem(at('tallies'), 'one tally per option');
    if (p.anonymous) {
      if (p.votes.length > 0) problem(at('votes'), 'an anonymous poll keeps no votes, only tallies');
      if (p.tallies.some((t) => t > p.voters)) problem(at('tallies'), 'more votes for an option than voters');
      if (!p.multiple && p.tallies.reduce((s, t) => s + t, 0) !== p.voters) problem(at('tallies'), 'one vote per voter');
      return;
    }
    each(
      p.votes.map((v) => v.memberId),
      at('votes'),
    );
    const tallies = p.options.map(() => 0);
    p.votes.forEach((v, j) => {
      const fine = new Set(v.choices).size === v.choices.length && v.choices.every((c) => c < p.options.length) && (p.multiple || v.choices.length === 1);
      if (!fine) problem(['polls', i, 'votes', j, 'choices'], 'not a vote this poll takes');
      else for (const c of v.choices) tallies[c]!++;
    });
    if (p.voters !== p.votes.length || JSON.stringify(tallies) !== JSON.stringify(p.tallies)) problem(at('tallies'), 'the tallies are not the votes');
  });
  a.feedback.forEach((f, i) => {
    unique(f.id, ['feedback', i, 'id']);
    known(f.askedBy, ['feedback', i, 'askedBy']);
    if (!f.rating && !f.text) problem(['feedback', i], 'asks for a rating, text, or both');
    each(
      f.answers.map((x) => x.memberId),
      ['feedback', i, 'answers'],
    );
    f.answers.forEach((x, j) => {
      const fine = (x.rating === null || f.rating) && (x.text.trim() === '' || f.text) && (x.rating !== null || x.text.trim() !== '');
      if (!fine) problem(['feedback', i, 'answers', j], 'not an answer this request takes');
    });
  });
}

const ArchiveShape = z.strictObject({
  // First, so that a file of another kind or version is told so before anything else.
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  exportedAt: Time,
  group: z.strictObject({
    name: Name,
    topic: line(MAX_TOPIC),
    memberLimit: z.number().int().min(MIN_MEMBER_LIMIT).max(MAX_MEMBER_LIMIT),
    allowRequests: z.boolean(),
    createdAt: Time,
  }),
  people: z.array(ArchivePerson).max(MAX_ARCHIVE_PEOPLE),
  threads: z.array(ArchiveThread).max(MAX_ARCHIVE_THREADS),
  goals: z.array(ArchiveGoal).max(MAX_ARCHIVE_ITEMS),
  meetings: z.array(ArchiveMeeting).max(MAX_ARCHIVE_ITEMS),
  polls: z.array(ArchivePoll).max(MAX_ARCHIVE_ITEMS),
  feedback: z.array(ArchiveFeedback).max(MAX_ARCHIVE_ITEMS),
});
type ArchiveShape = z.infer<typeof ArchiveShape>;

export const Archive = ArchiveShape.superRefine(consistent);
export type Archive = z.infer<typeof Archive>;

export const ImportArchiveBody = z.strictObject({
  /**
   * The import's key, made by the client once per import and sent again with every retry: the
   * same member sending the same key is the same import (one group, the same answer). Another
   * member's key is not theirs: it makes them their own group. The group's id is the hub's.
   */
  key: Id,
  /** The importer's name in the new group, where they are the owner. */
  ownerName: Name,
  archive: Archive,
});

/** Whether a file's text is an archive of a version this code reads, before anything else in it is looked at. */
export function archiveVersionOf(value: unknown): 'not_archive' | 'newer' | 'ok' {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== ARCHIVE_FORMAT) return 'not_archive';
  const version = (value as { version?: unknown }).version;
  if (version === ARCHIVE_VERSION) return 'ok';
  return typeof version === 'number' && version > ARCHIVE_VERSION ? 'newer' : 'not_archive';
}
