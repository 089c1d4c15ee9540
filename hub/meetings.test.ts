import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol';
import type { Api } from './testing/api';
import { ManualClock } from './testing/clock';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();
// The hubs' clock: 1 January 2030, 00:00 UTC.
const START = Date.UTC(2030, 0, 1);
const NOON = { kind: 'timed', start: Date.parse('2030-01-02T12:00:00Z'), minutes: 90 };
/** 01:00 in Tokyo. */
const TOKYO_NIGHT = { kind: 'timed', start: Date.parse('2030-01-02T16:00:00Z'), minutes: 60 };

async function setUp(api: Api) {
  const g = await api.group();
  const ann = await api.member(g.groupId, g.token, 'Ann');
  const bob = await api.member(g.groupId, g.token, 'Bob');
  await api.put(`/groups/${g.groupId}/intro`, { text: 'Hi', timeZone: 'Asia/Tokyo' }, ann.token);
  await api.put(`/groups/${g.groupId}/intro`, { timeZone: 'America/New_York', skipped: true }, bob.token);
  const propose = (times: unknown[], token = ann.token, title = 'Planning') =>
    api.post(`/groups/${g.groupId}/meetings`, { id: randomUUID(), title, times }, token);
  const answer = (id: string, token: string, answers: string[]) => api.put(`/groups/${g.groupId}/meetings/${id}/answers`, { answers }, token);
  const confirm = (id: string, token: string, time: number) => api.post(`/groups/${g.groupId}/meetings/${id}/confirm`, { time }, token);
  const ics = (id: string, token: string) => fetch(`${api.base}/groups/${g.groupId}/meetings/${id}/ics`, { headers: { authorization: `Bearer ${token}` } });
  return { g, ann, bob, propose, answer, confirm, ics };
}

/** An iCalendar file as its properties, after checking its lines: CRLF only, none over 75 octets. */
function parseIcs(text: string) {
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const physical = text.split('\r\n');
  for (const line of physical) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  const props = new Map<string, string>();
  for (const l of lines) {
    const i = l.indexOf(':');
    props.set(l.slice(0, i), l.slice(i + 1));
  }
  return { props, folded: physical.length > lines.length };
}

describe.each(BACKENDS)('meetings (%s)', (backend) => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    if (hostZone === undefined) delete process.env.TZ;
    else process.env.TZ = hostZone;
  });

  it('collects answers per time; the best time counts yes and if-need-be, then yes, then who it falls at night for', async () => {
    const { api } = await hubs.start(backend, { clock: new ManualClock(START) });
    const { g, ann, bob, propose, answer } = await setUp(api);
    const made = await propose([NOON, TOKYO_NIGHT]);
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const id = made.body.meeting.id as string;
    expect(made.body).toMatchObject({ best: 0, night: [0, 1] });
    await answer(id, ann.token, ['yes', 'yes']);
    expect((await answer(id, bob.token, ['yes', 'yes'])).body).toMatchObject({ best: 0 });
    // Bob cannot make noon after all: more yes now beats the night in Tokyo.
    const changed = await answer(id, bob.token, ['no', 'yes']);
    expect(changed.body).toMatchObject({ best: 1, meeting: { answers: { [ann.memberId]: ['yes', 'yes'], [bob.memberId]: ['no', 'yes'] } } });
    const before = await api.events(g.groupId, g.token);
    expect((await answer(id, bob.token, ['no', 'yes'])).body).toEqual(changed.body);
    const wrong = await answer(id, bob.token, ['yes']);
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'choice_invalid']);
    expect(await api.events(g.groupId, g.token)).toEqual(before);
    const kinds = (before as GroupEvent[]).filter((e) => e.kind.startsWith('meeting.')).map((e) => [e.kind, e.by]);
    expect(kinds).toEqual([
      ['meeting.proposed', ann.memberId],
      ['meeting.answered', ann.memberId],
      ['meeting.answered', bob.memberId],
      ['meeting.answered', bob.memberId],
    ]);
    expect((await api.get(`/groups/${g.groupId}/meetings`, g.token)).body.meetings[0]).toMatchObject({ best: 1, night: [0, 1] });
  });

  it('refuses a candidate time in the past, changing nothing; a removed member cannot answer; only the organiser confirms', async () => {
    const { api } = await hubs.start(backend, { clock: new ManualClock(START) });
    const { g, ann, bob, propose, answer, confirm } = await setUp(api);
    const before = await api.events(g.groupId, g.token);
    for (const times of [[NOON, { kind: 'timed', start: START - 60_000, minutes: 30 }], [{ kind: 'day', date: '2029-12-30' }]]) {
      const r = await propose(times);
      expect([r.status, r.body.error.code]).toEqual([422, 'time_past']);
    }
    expect(await api.events(g.groupId, g.token)).toEqual(before);
    // 31 December is over in most of the world, but not everywhere yet: still a day to propose.
    expect((await propose([{ kind: 'day', date: '2029-12-31' }])).status).toBe(200);

    const id = (await propose([NOON])).body.meeting.id as string;
    const byBob = await confirm(id, bob.token, 0);
    expect([byBob.status, byBob.body.error.code]).toEqual([403, 'forbidden']);
    const noSuch = await confirm(id, ann.token, 3);
    expect([noSuch.status, noSuch.body.error.code]).toEqual([422, 'choice_invalid']);
    await api.del(`/groups/${g.groupId}/members/${bob.memberId}`, g.token);
    const removed = await answer(id, bob.token, ['yes']);
    expect([removed.status, removed.body.error.code]).toEqual([403, 'not_member']);
    const unconfirmed = await api.get(`/groups/${g.groupId}/meetings/${id}/ics`, ann.token);
    expect([unconfirmed.status, unconfirmed.body.error.code]).toEqual([409, 'meeting_unconfirmed']);
  });

  it('gives a confirmed timed meeting as an .ics in UTC; moving it raises SEQUENCE', async () => {
    const clock = new ManualClock(START);
    const { api } = await hubs.start(backend, { clock });
    const { g, ann, bob, propose, confirm, ics } = await setUp(api);
    const title = 'Réunion d’équipe: 日本語とポルトガル語の練習, então vamos planejar o próximo mês juntos';
    const id = (await propose([NOON, TOKYO_NIGHT], ann.token, title)).body.meeting.id as string;
    expect((await confirm(id, ann.token, 0)).body.meeting).toMatchObject({ confirmed: 0, sequence: 0 });
    const first = await ics(id, bob.token);
    expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const one = parseIcs(await first.text());
    expect(one.folded).toBe(true);
    expect(one.props.get('UID')).toMatch(new RegExp(`^${id}@`));
    expect(one.props.get('SEQUENCE')).toBe('0');
    expect(one.props.get('DTSTAMP')).toBe('20300101T000000Z');
    expect(one.props.get('DTSTART')).toBe('20300102T120000Z');
    expect(one.props.get('DTEND')).toBe('20300102T133000Z');
    expect(one.props.get('SUMMARY')).toBe(title.replace(/([,;])/g, '\\$1'));

    // Confirming the same time again changes nothing; another time moves it.
    expect((await confirm(id, ann.token, 0)).body.meeting.sequence).toBe(0);
    clock.advance(3_600_000);
    expect((await confirm(id, ann.token, 1)).body.meeting).toMatchObject({ confirmed: 1, sequence: 1 });
    const two = parseIcs(await (await ics(id, bob.token)).text());
    expect([two.props.get('UID'), two.props.get('SEQUENCE'), two.props.get('DTSTART'), two.props.get('DTSTAMP')]).toEqual([
      one.props.get('UID'),
      '1',
      '20300102T160000Z',
      '20300101T010000Z',
    ]);
    const confirmed = ((await api.events(g.groupId, g.token)) as GroupEvent[]).filter((e) => e.kind === 'meeting.confirmed');
    expect(confirmed.map((e) => e.data)).toEqual([
      { meetingId: id, time: 0, sequence: 0 },
      { meetingId: id, time: 1, sequence: 1 },
    ]);
  });

  it('writes an all-day meeting as VALUE=DATE with an exclusive end, the same day whatever the hub’s own zone (rallly #22, nextcloud/polls #2368)', async () => {
    const { api } = await hubs.start(backend, { clock: new ManualClock(START) });
    const { ann, propose, confirm, ics } = await setUp(api);
    const id = (await propose([{ kind: 'day', date: '2030-01-10', days: 2 }])).body.meeting.id as string;
    await confirm(id, ann.token, 0);
    for (const host of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
      process.env.TZ = host;
      const { props } = parseIcs(await (await ics(id, ann.token)).text());
      expect([props.get('DTSTART;VALUE=DATE'), props.get('DTEND;VALUE=DATE')], host).toEqual(['20300110', '20300112']);
      expect(props.has('DTSTART')).toBe(false);
    }
  });
});
