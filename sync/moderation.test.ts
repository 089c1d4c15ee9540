import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../protocol/events';
import { GroupStore } from '../widget/panel/store';
import { applyBatch } from './events/apply';
import { toMemberItems, toMembershipView } from './views';

const G = '00000000-0000-4000-8000-000000000001';
const ME = '00000000-0000-4000-8000-0000000000a1';
const BOB = '00000000-0000-4000-8000-0000000000a2';

const ev = (seq: number, kind: string, data: unknown, by: string | null = ME) => ({ groupId: G, seq, at: 1000 + seq, by, kind, data }) as GroupEvent;

/** The moderation events applied by the sync core to the rows both stores share (the panel's memory store here). */
describe('moderation events', () => {
  it('keep who is muted until when on the member row (through a change of name), and the slow mode on the group row', () => {
    const t = new GroupStore();
    t.memberships.put({ groupId: G, hub: 'https://hub.test', memberId: ME, role: 'owner', memberCount: 2, seq: 0, endedAt: null, endedReason: null });
    t.groups.put({ id: G, name: 'Knitting', topic: '', memberLimit: 30, updatedAt: 0 });
    const bob = { id: BOB, name: 'Bob', role: 'member', intro: '', joinedAt: 1 };
    const applied = applyBatch(t, G, [
      ev(1, 'member.joined', bob),
      ev(2, 'member.muted', { memberId: BOB, until: 99_000 }),
      ev(3, 'member.updated', { ...bob, name: 'Bobby' }, BOB),
      ev(4, 'group.slowmode', { seconds: 30 }),
    ]);
    expect(applied).toEqual({ applied: 4, gap: false, ended: null });
    expect(t.members.get([G, BOB])).toMatchObject({ name: 'Bobby', mutedUntil: 99_000 });
    expect(t.groups.get(G)).toMatchObject({ slowModeSeconds: 30, name: 'Knitting' });
    // What the views are given: the mute on the member, the slow mode with the membership.
    expect(toMemberItems(t.members.all(), ME).find((m) => m.id === BOB)?.mutedUntil).toBe(99_000);
    expect(toMembershipView(t.memberships.get(G), t.groups.get(G))).toMatchObject({ role: 'owner', slowModeSeconds: 30 });

    applyBatch(t, G, [ev(5, 'member.unmuted', { memberId: BOB }), ev(6, 'group.slowmode', { seconds: 0 })]);
    expect(t.members.get([G, BOB])?.mutedUntil).toBeNull();
    expect(t.groups.get(G)?.slowModeSeconds).toBe(0);
    expect(toMemberItems(t.members.all(), ME).find((m) => m.id === BOB)?.mutedUntil).toBeNull();
    expect(toMembershipView(t.memberships.get(G), t.groups.get(G))?.slowModeSeconds).toBe(0);
    // Applied again, nothing changes (the numbers are held already).
    expect(applyBatch(t, G, [ev(2, 'member.muted', { memberId: BOB, until: 99_000 })]).applied).toBe(0);
    expect(t.members.get([G, BOB])?.mutedUntil).toBeNull();
  });
});
