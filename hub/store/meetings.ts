import { parseDate } from '@internationalized/date';
import ical from 'ical-generator';
import type { z } from 'zod';
import {
  MAX_LISTED,
  UserError,
  bestTime,
  localDateAt,
  scoreTimes,
  type Availability,
  type CandidateTime,
  type Meeting,
  type ProposeMeetingBody,
} from '../../protocol';
import { enter } from './access';
import { zonesOf } from './intros';
import type { Queryable } from './store';
import { write, type StoreContext, type Write } from './write';

interface MeetingRow {
  id: string;
  group_id: string;
  organiser: string;
  title: string;
  times: string;
  confirmed: number | null;
  sequence: number;
  created_at: number;
}

/** The zone where a date ends last (UTC-12): an all-day time is past once its date is over there too. */
const LAST_ZONE = 'Etc/GMT+12';

const toMeeting = (r: MeetingRow, answers: Record<string, Availability[]>): Meeting => ({
  id: r.id,
  groupId: r.group_id,
  organiser: r.organiser,
  title: r.title,
  times: JSON.parse(r.times) as CandidateTime[],
  answers,
  confirmed: r.confirmed === null ? null : Number(r.confirmed),
  sequence: Number(r.sequence),
  createdAt: Number(r.created_at),
});

/** The answers of the group's members, and in a group imported from an archive those of its authors (hub/store/archives.ts). */
async function answersOf(q: Queryable, meetingId: string) {
  const rows = await q.all<{ member_id: string; answers: string }>(
    `SELECT a.member_id, a.answers FROM meeting_answers a JOIN meetings m ON m.id = a.meeting_id
     LEFT JOIN memberships s ON s.group_id = m.group_id AND s.member_id = a.member_id
     LEFT JOIN archive_people p ON p.group_id = m.group_id AND p.person_id = a.member_id
     WHERE a.meeting_id = ? AND (s.status = 'active' OR p.person_id IS NOT NULL) ORDER BY a.member_id`,
    [meetingId],
  );
  return Object.fromEntries(rows.map((r) => [r.member_id, JSON.parse(r.answers) as Availability[]]));
}

/** The meeting, its best time so far and who each time falls at night for, by the members' zones. */
async function view(q: Queryable, r: MeetingRow) {
  const meeting = toMeeting(r, await answersOf(q, r.id));
  const zones = await zonesOf(q, r.group_id);
  return { meeting, best: bestTime(meeting, zones), night: scoreTimes(meeting, zones).map((s) => s.night) };
}

async function meetingIn(q: Queryable, groupId: string, id: string) {
  const row = await q.one<MeetingRow>('SELECT * FROM meetings WHERE id = ? AND group_id = ?', [id, groupId]);
  if (!row) throw new UserError('meeting_not_found', 'No such meeting.');
  return row;
}

const isPast = (t: CandidateTime, now: number) => (t.kind === 'timed' ? t.start <= now : t.date < localDateAt(now, LAST_ZONE));

export function proposeMeeting(s: StoreContext, memberId: string, groupId: string, body: z.output<typeof ProposeMeetingBody>) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const existing = await tx.one<MeetingRow>('SELECT * FROM meetings WHERE id = ?', [body.id]);
    if (existing) {
      if (existing.group_id !== groupId || existing.organiser !== memberId) throw new UserError('id_taken', 'A meeting with this id exists.');
      return view(tx, existing);
    }
    if (body.times.some((t) => isPast(t, now))) throw new UserError('time_past', 'Every candidate time must be still to come.');
    const row: MeetingRow = { id: body.id, group_id: groupId, organiser: memberId, title: body.title, times: JSON.stringify(body.times), confirmed: null, sequence: 0, created_at: now };
    await tx.run('INSERT INTO meetings (id, group_id, organiser, title, times, confirmed, sequence, created_at) VALUES (?, ?, ?, ?, ?, NULL, 0, ?)', [
      row.id,
      groupId,
      memberId,
      row.title,
      row.times,
      now,
    ]);
    await w.emit(groupId, 'meeting.proposed', memberId, toMeeting(row, {}));
    return view(tx, row);
  });
}

/** A member's answer for every candidate time, in order; the same answers again change nothing. */
export function answerMeeting(s: StoreContext, memberId: string, groupId: string, meetingId: string, answers: Availability[]) {
  return write(s, async (w) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const row = await meetingIn(tx, groupId, meetingId);
    const times = JSON.parse(row.times) as CandidateTime[];
    if (answers.length !== times.length) throw new UserError('choice_invalid', `Answer each of the ${times.length} times.`);
    const before = await tx.one<{ answers: string }>('SELECT answers FROM meeting_answers WHERE meeting_id = ? AND member_id = ?', [meetingId, memberId]);
    if (before?.answers === JSON.stringify(answers)) return view(tx, row);
    await tx.run(
      `INSERT INTO meeting_answers (meeting_id, member_id, answers, answered_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (meeting_id, member_id) DO UPDATE SET answers = excluded.answers, answered_at = excluded.answered_at`,
      [meetingId, memberId, JSON.stringify(answers), now],
    );
    await w.emit(groupId, 'meeting.answered', memberId, { meetingId, memberId, answers });
    return view(tx, row);
  });
}

/**
 * The organiser confirms one of the times. Confirming another one later moves the meeting:
 * its calendar file's SEQUENCE goes up, so calendars replace the event they hold.
 */
export function confirmMeeting(s: StoreContext, memberId: string, groupId: string, meetingId: string, time: number) {
  return write(s, async (w: Write) => {
    const { tx, now } = w;
    await enter(tx, groupId, memberId);
    const row = await meetingIn(tx, groupId, meetingId);
    if (row.organiser !== memberId) throw new UserError('forbidden', 'Only the organiser confirms a time.');
    const times = JSON.parse(row.times) as CandidateTime[];
    const chosen = times[time];
    if (!chosen) throw new UserError('choice_invalid', 'No such candidate time.');
    if (row.confirmed !== null && Number(row.confirmed) === time) return view(tx, row);
    if (isPast(chosen, now)) throw new UserError('time_past', 'That time has passed.');
    const sequence = row.confirmed === null ? Number(row.sequence) : Number(row.sequence) + 1;
    await tx.run('UPDATE meetings SET confirmed = ?, sequence = ? WHERE id = ?', [time, sequence, meetingId]);
    await w.emit(groupId, 'meeting.confirmed', memberId, { meetingId, time, sequence });
    return view(tx, { ...row, confirmed: time, sequence });
  });
}

export async function listMeetings(q: Queryable, groupId: string) {
  const rows = await q.all<MeetingRow>('SELECT * FROM meetings WHERE group_id = ? ORDER BY created_at DESC, id LIMIT ?', [groupId, MAX_LISTED]);
  const meetings = [];
  for (const r of rows) meetings.push(await view(q, r));
  return { meetings };
}

const utcDate = (date: string) => {
  const d = parseDate(date);
  return new Date(Date.UTC(d.year, d.month - 1, d.day));
};

/**
 * The confirmed meeting as an RFC 5545 file (ical-generator: CRLF, lines folded at 75 octets).
 * It is given UTC instants only: a timed meeting is written in UTC; an all-day one as
 * VALUE=DATE with the day after its last as the (exclusive) end, made from UTC dates so the
 * host's own zone never shifts a day.
 */
export async function meetingIcs(q: Queryable, groupId: string, meetingId: string, now: number, host: string) {
  const row = await meetingIn(q, groupId, meetingId);
  if (row.confirmed === null) throw new UserError('meeting_unconfirmed', 'This meeting has no confirmed time yet.');
  const t = (JSON.parse(row.times) as CandidateTime[])[Number(row.confirmed)]!;
  const when =
    t.kind === 'timed'
      ? { start: new Date(t.start), end: new Date(t.start + t.minutes * 60_000) }
      : { start: utcDate(t.date), end: utcDate(parseDate(t.date).add({ days: t.days }).toString()), allDay: true };
  const cal = ical({ prodId: { company: 'Nook', product: 'Nook hub', language: 'EN' } });
  cal.createEvent({ id: `${row.id}@${host}`, sequence: Number(row.sequence), stamp: new Date(now), summary: row.title, ...when });
  return cal.toString();
}
