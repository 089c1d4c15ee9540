import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { useHubs } from '../hub/testing/hubs';
import { dropDbs } from '../storage/test-helpers';
import { until } from '../tests/support/until';
import { closeAll, SIDES, type Device, type Side } from './testing/sides';
import { markRead } from './writes/discussion';

/** Unread counts follow the read positions the hub keeps per member: reading on one device clears them on the others. */
const hubs = useHubs();
afterEach(async () => {
  closeAll();
  await dropDbs();
});

const unreadOf = async (d: Device, threadId: string) => (await d.threads()).find((t) => t.id === threadId)?.unread;

describe.each(SIDES.map((s) => [s.name, s] as [string, Side]))('read positions: %s', (_name, side) => {
  it('a read on another device of the member clears the count here, live; reading here moves the hub’s position', async () => {
    const t = await hubs.start('sqlite');
    const g = await t.api.group({ name: 'Readers', ownerName: 'Olive' });
    const threadId = await t.api.thread(g.groupId, g.token);
    const invite = await t.api.invite(g.groupId, g.token);
    const d = await side.join(t.url, invite.code, 'Vi');
    await d.sync.start();
    await until(() => d.statuses.at(-1), (s) => s?.state === 'online');
    for (const b of ['one', 'two', 'three']) await t.api.message(g.groupId, threadId, g.token, b);
    await until(() => unreadOf(d, threadId), (n) => n === 3);

    // The member reads the first two on their phone.
    const held = (await d.messages(threadId)).map((m) => m.seq);
    const read = await d.asMember('PUT', `/groups/${g.groupId}/threads/${threadId}/read`, { seq: held[1] });
    expect(read.status).toBe(200);
    await until(() => unreadOf(d, threadId), (n) => n === 1);

    // Then reads the rest here: the hub holds the position, for their other devices.
    await d.store.write((tx) => markRead(tx, { hub: d.hub, groupId: d.groupId, memberId: d.memberId, now: Date.now(), id: () => crypto.randomUUID() }, threadId));
    void d.sync.flush();
    expect(await unreadOf(d, threadId)).toBe(0);
    await until(() => d.outbox(), (o) => o.length === 0);
    const reads = (await (await d.asMember('GET', '/me/reads')).json()) as { reads: { threadId: string; seq: number }[] };
    expect(reads.reads).toEqual([expect.objectContaining({ threadId, seq: held[2] })]);

    // A message after the position counts again.
    await t.api.message(g.groupId, threadId, g.token, 'four');
    await until(() => unreadOf(d, threadId), (n) => n === 1);
  });

  it('a device that catches up from nothing counts only what is past the member’s position', async () => {
    const t = await hubs.start('sqlite');
    const g = await t.api.group({ name: 'Readers', ownerName: 'Olive' });
    const threadId = await t.api.thread(g.groupId, g.token);
    const invite = await t.api.invite(g.groupId, g.token);
    const d = await side.join(t.url, invite.code, 'Vi');
    for (const b of ['one', 'two', 'three', 'four']) await t.api.message(g.groupId, threadId, g.token, b);
    const events = await t.api.events(g.groupId, g.token);
    const second = events.filter((e: { kind: string }) => e.kind === 'message.posted')[1].seq;
    expect((await d.asMember('PUT', `/groups/${g.groupId}/threads/${threadId}/read`, { seq: second })).status).toBe(200);
    await d.sync.start();
    await until(() => d.messages(threadId), (m) => m.length === 4);
    await until(() => unreadOf(d, threadId), (n) => n === 2);
  });
});
