import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol';
import { ManualClock } from './testing/clock';
import { everythingKept } from './testing/database';
import { BACKENDS, useHubs } from './testing/hubs';
import { LiveClient } from './testing/live-client';

const hubs = useHubs();
const DAY = 24 * 3600_000;

describe.each(BACKENDS)('intros and the directory (%s)', (backend) => {
  it('welcomes a member by their first intro; a change is an update; the directory lists role, intro and zone, new for a week', async () => {
    const clock = new ManualClock();
    const { api } = await hubs.start(backend, { clock });
    const g = await api.group();
    const ann = await api.member(g.groupId, g.token, 'Ann');
    const at = `/groups/${g.groupId}/intro`;
    const first = { text: 'I knit socks.', interests: ['socks', 'wool'], timeZone: 'America/Sao_Paulo' };
    const set = await api.put(at, first, ann.token);
    expect(set.status).toBe(200);
    expect(set.body.intro).toMatchObject({ memberId: ann.memberId, ...first, skipped: false });
    // The same intro again is the same write: no second event.
    expect((await api.put(at, first, ann.token)).body.intro).toEqual(set.body.intro);
    expect((await api.put(at, { ...first, text: 'I knit socks and hats.' }, ann.token)).status).toBe(200);

    const events = (await api.events(g.groupId, g.token)) as GroupEvent[];
    const intros = events.filter((e) => e.kind.startsWith('intro.'));
    expect(intros.map((e) => [e.kind, e.by])).toEqual([
      ['intro.posted', ann.memberId],
      ['intro.updated', ann.memberId],
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // Both events serve the intro as it is now: the first text is gone from what the hub serves.
    for (const e of intros) expect(e.data).toMatchObject({ text: 'I knit socks and hats.', interests: ['socks', 'wool'] });

    // Both joined at the same instant here, so the order is by id: sorted by name to compare.
    const byName = (list: { name: string }[]) => [...list].sort((a, b) => b.name.localeCompare(a.name));
    const dir = byName((await api.get(`/groups/${g.groupId}/directory`, ann.token)).body.members) as { name: string; role: string; isNew: boolean; intro: unknown }[];
    expect(dir.map((m: { name: string; role: string; isNew: boolean }) => [m.name, m.role, m.isNew])).toEqual([
      ['Olive', 'owner', true],
      ['Ann', 'member', true],
    ]);
    expect(dir[0]!.intro).toBeNull();
    expect(dir[1]!.intro).toMatchObject({ text: 'I knit socks and hats.', timeZone: 'America/Sao_Paulo' });
    clock.advance(8 * DAY);
    const later = (await api.get(`/groups/${g.groupId}/directory`, ann.token)).body.members as { isNew: boolean }[];
    expect(later.map((m: { isNew: boolean }) => m.isNew)).toEqual([false, false]);
  });

  it('reaches the members live as a welcome with its text, and replays with the text as it is now', async () => {
    const { api, url } = await hubs.start(backend);
    const g = await api.group();
    const ann = await api.member(g.groupId, g.token, 'Ann');
    const head = (await api.events(g.groupId, g.token)).length;
    const live = await LiveClient.connect(url, g.token, { [g.groupId]: head });
    await live.waitFor((m) => m.t === 'synced');
    await api.put(`/groups/${g.groupId}/intro`, { text: 'New here!', interests: ['tea'], timeZone: 'Africa/Nairobi' }, ann.token);
    await live.waitForSeq(g.groupId, head + 1);
    expect(live.events(g.groupId)).toEqual([
      expect.objectContaining({ kind: 'intro.posted', by: ann.memberId, data: expect.objectContaining({ memberId: ann.memberId, text: 'New here!', interests: ['tea'] }) }),
    ]);
    live.close();
    await api.put(`/groups/${g.groupId}/intro`, { text: 'Edited', timeZone: 'Africa/Nairobi' }, ann.token);
    const replay = await LiveClient.connect(url, g.token, { [g.groupId]: head });
    await replay.waitForSeq(g.groupId, head + 2);
    expect(replay.events(g.groupId).map((e) => [e.kind, (e.data as { text: string }).text])).toEqual([
      ['intro.posted', 'Edited'],
      ['intro.updated', 'Edited'],
    ]);
    replay.close();
  });

  it('may be skipped, keeping the zone; a skip is no welcome, a later intro is', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const at = `/groups/${g.groupId}/intro`;
    expect((await api.put(at, { timeZone: 'Asia/Tokyo', skipped: true }, g.token)).body.intro).toMatchObject({ skipped: true, text: '' });
    expect((await api.put(at, { timeZone: 'Asia/Tokyo', text: 'Hello' }, g.token)).status).toBe(200);
    const kinds = ((await api.events(g.groupId, g.token)) as GroupEvent[]).map((e) => e.kind).filter((k) => k.startsWith('intro.'));
    expect(kinds).toEqual(['intro.updated', 'intro.posted']);
  });

  it('refuses a zone that is not IANA, a skip with text, and a non-member, changing nothing', async () => {
    const { api } = await hubs.start(backend);
    const g = await api.group();
    const other = await api.group({ name: 'Other' });
    const at = `/groups/${g.groupId}/intro`;
    const before = await api.events(g.groupId, g.token);
    for (const [body, token, status, code] of [
      [{ text: 'Hi', timeZone: 'Mars/Olympus_Mons' }, g.token, 400, 'bad_request'],
      [{ text: 'Hi', timeZone: 'GMT+25' }, g.token, 400, 'bad_request'],
      [{ text: 'Hi', timeZone: 'UTC', skipped: true }, g.token, 400, 'bad_request'],
      [{ text: 'Hi', timeZone: 'UTC' }, other.token, 403, 'not_member'],
    ] as const) {
      const r = await api.put(at, body, token);
      expect([r.status, r.body.error.code, typeof r.body.error.message]).toEqual([status, code, 'string']);
    }
    expect(await api.events(g.groupId, g.token)).toEqual(before);
    expect((await api.get(`/groups/${g.groupId}/directory`, g.token)).body.members[0].intro).toBeNull();
  });

  it('goes with a member who is removed: no table and no event keeps its text', async () => {
    const t = await hubs.start(backend);
    const { api } = t;
    const g = await api.group();
    const ann = await api.member(g.groupId, g.token, 'Ann');
    await api.put(`/groups/${g.groupId}/intro`, { text: 'My secret hobby is lockpicking', interests: ['lockpicking'], timeZone: 'Europe/Berlin' }, ann.token);
    expect(await everythingKept(t)).toMatch(/lockpicking/);
    expect((await api.del(`/groups/${g.groupId}/members/${ann.memberId}`, g.token)).status).toBe(200);
    expect(JSON.stringify(await api.events(g.groupId, g.token))).not.toMatch(/lockpicking/);
    expect(await everythingKept(t)).not.toMatch(/lockpicking/);
    expect((await api.get(`/groups/${g.groupId}/directory`, g.token)).body.members.map((m: { name: string }) => m.name)).toEqual(['Olive']);
  });
});
