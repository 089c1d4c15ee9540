import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol';
import type { Api } from './testing/api';
import { ManualClock } from './testing/clock';
import { everythingKept } from './testing/database';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

async function setUp(api: Api) {
  const g = await api.group();
  const ann = await api.member(g.groupId, g.token, 'Ann');
  const bob = await api.member(g.groupId, g.token, 'Bob');
  const ask = async (body: Record<string, unknown> = {}, token = g.token) =>
    api.post(`/groups/${g.groupId}/feedback`, { id: randomUUID(), question: 'How was the session?', ...body }, token);
  const answer = (id: string, token: string, body: Record<string, unknown>) => api.put(`/groups/${g.groupId}/feedback/${id}/answer`, body, token);
  return { g, ann, bob, ask, answer };
}

describe.each(BACKENDS)('feedback (%s)', (backend) => {
  it('is asked by owners and moderators only; members answer once, changeable until it closes; the asker sees the summary', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const { g, ann, bob, ask, answer } = await setUp(api);
    const byMember = await ask({}, ann.token);
    expect([byMember.status, byMember.body.error.code]).toEqual([403, 'forbidden']);
    const asked = await ask({ closesAt: clock.now() + 60_000 });
    const id = asked.body.request.id as string;
    expect((await answer(id, ann.token, { rating: 2, text: 'Too fast' })).body.mine).toMatchObject({ rating: 2, text: 'Too fast' });
    expect((await answer(id, ann.token, { rating: 4, text: 'Good, a bit fast' })).body.request.answers).toBe(1);
    expect((await answer(id, bob.token, { rating: 5 })).body.request.answers).toBe(2);
    const before = await api.events(g.groupId, g.token);
    // The same answer again changes nothing; a rating out of range, or nothing at all, is refused.
    expect((await answer(id, bob.token, { rating: 5 })).status).toBe(200);
    expect((await answer(id, bob.token, { rating: 6 })).status).toBe(400);
    expect((await answer(id, bob.token, {})).body.error.code).toBe('choice_invalid');
    expect(await api.events(g.groupId, g.token)).toEqual(before);

    const summary = (await api.get(`/groups/${g.groupId}/feedback/${id}/summary`, g.token)).body;
    expect(summary).toMatchObject({ average: 4.5, distribution: [0, 0, 0, 1, 1] });
    // Answered at the same instant here, so sorted by name to compare.
    const answers = (summary.answers as { name: string; text: string }[]).map((a) => [a.name, a.text]).sort();
    expect(answers).toEqual([
      ['Ann', 'Good, a bit fast'],
      ['Bob', ''],
    ]);
    const nosy = await api.get(`/groups/${g.groupId}/feedback/${id}/summary`, ann.token);
    expect([nosy.status, nosy.body.error.code]).toEqual([403, 'forbidden']);
    const nosyCsv = await api.get(`/groups/${g.groupId}/feedback/${id}/csv`, ann.token);
    expect([nosyCsv.status, nosyCsv.body.error.code]).toEqual([403, 'forbidden']);

    // The group learns how many answered, never what.
    const events = ((await api.events(g.groupId, ann.token)) as GroupEvent[]).filter((e) => e.kind.startsWith('feedback.'));
    expect(events.map((e) => [e.kind, e.data])).toEqual([
      ['feedback.requested', asked.body.request],
      ['feedback.answered', { feedbackId: id, answers: 1 }],
      ['feedback.answered', { feedbackId: id, answers: 1 }],
      ['feedback.answered', { feedbackId: id, answers: 2 }],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/fast/);

    clock.advance(60_000);
    const late = await answer(id, ann.token, { rating: 1 });
    expect([late.status, late.body.error.code]).toEqual([409, 'feedback_closed']);
    expect((await api.get(`/groups/${g.groupId}/feedback/${id}/summary`, g.token)).body.average).toBe(4.5);
  });

  it('exports CSV with a BOM, accents intact and every formula-like cell escaped', async () => {
    const { api } = await hubs.start(backend);
    const { g, ann, bob, ask, answer } = await setUp(api);
    const id = (await ask({ rating: false })).body.request.id as string;
    await api.patch(`/groups/${g.groupId}/me`, { name: '@Zoë' }, bob.token);
    await answer(id, ann.token, { text: '=cmd|\' /C calc\'!A0' });
    await answer(id, bob.token, { text: 'Très bien, ação 日本 +1 -1' });
    const res = await fetch(`${api.base}/groups/${g.groupId}/feedback/${id}/csv`, { headers: { authorization: `Bearer ${g.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="feedback-.*\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('name,rating,answer,answered_at');
    expect(lines.find((l) => l.startsWith('Ann,'))).toMatch(/^Ann,,'=cmd\|' \/C calc'!A0,\d{4}-/);
    expect(lines.find((l) => l.startsWith("'@"))).toMatch(/^'@Zoë,,"Très bien, ação 日本 \+1 -1",\d{4}-/);
    // No cell starts with a character a spreadsheet would run.
    for (const line of lines.slice(1, 3)) for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('keeps no answer text of a member who leaves, in any table or event; their rating still counts', async () => {
    const t = await hubs.start(backend);
    const { g, ann, ask, answer } = await setUp(t.api);
    const id = (await ask()).body.request.id as string;
    await answer(id, ann.token, { rating: 3, text: 'the snacks were stale' });
    expect(await everythingKept(t)).toMatch(/snacks were stale/);
    expect((await t.api.del(`/groups/${g.groupId}/members/${ann.memberId}`, ann.token)).status).toBe(200);
    expect(await everythingKept(t)).not.toMatch(/snacks were stale/);
    expect((await t.api.get(`/groups/${g.groupId}/feedback/${id}/summary`, g.token)).body.average).toBe(3);
  });
});
