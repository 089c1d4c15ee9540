// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveState, Transport } from '../messaging/transport';
import type { MyStanding } from '../protocol/moderation';
import type { MemberItem } from '../sync/types';
import { followStanding } from './standing';

const G = 'g1';
const me = (mutedUntil: number | null): MemberItem => ({ id: 'u-me', name: 'Me', role: 'member', intro: '', joinedAt: 1, self: true, mutedUntil });
const ready = (value: MemberItem[]): LiveState<MemberItem[]> => ({ status: 'ready', value, error: null });
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => localStorage.clear());

function setup(answers: MyStanding[]) {
  const call = vi.fn(async () => answers.shift()!);
  const transport = { call, live: vi.fn() } as unknown as Transport;
  const groupId = signal<string | null>(null);
  const members = signal<LiveState<MemberItem[]>>({ status: 'loading', value: undefined, error: null });
  return { call, groupId, members, standing: followStanding(transport, groupId, members) };
}

const standing = (patch: Partial<MyStanding> = {}): MyStanding => ({ mutedUntil: null, muteReason: '', warnings: [], slowModeSeconds: 0, ...patch });

describe('followStanding', () => {
  it('asks the hub once the group is open and its members known, and again when the events say the mute changed', async () => {
    const { call, groupId, members, standing: s } = setup([standing(), standing({ mutedUntil: 5000, muteReason: 'Spam' })]);
    groupId.value = G;
    expect(call).not.toHaveBeenCalled();
    members.value = ready([me(null)]);
    members.value = ready([me(null)]);
    await tick();
    expect(call).toHaveBeenCalledTimes(1);
    expect(call).toHaveBeenCalledWith('moderation.me', { groupId: G });
    members.value = ready([me(5000)]);
    await tick();
    expect(call).toHaveBeenCalledTimes(2);
    expect(s.standing.value?.muteReason).toBe('Spam');
    s.dispose();
  });

  it('keeps a dismissed warning dismissed on this device, and shows the others', async () => {
    const warnings = [
      { id: 'w2', note: 'Second', at: 2 },
      { id: 'w1', note: 'First', at: 1 },
    ];
    const first = setup([standing({ warnings })]);
    first.groupId.value = G;
    first.members.value = ready([me(null)]);
    await tick();
    expect(first.standing.warnings.value.map((w) => w.id)).toEqual(['w2', 'w1']);
    first.standing.dismissWarning('w2');
    expect(first.standing.warnings.value.map((w) => w.id)).toEqual(['w1']);
    first.standing.dispose();

    const again = setup([standing({ warnings })]);
    again.groupId.value = G;
    again.members.value = ready([me(null)]);
    await tick();
    expect(again.standing.warnings.value.map((w) => w.id)).toEqual(['w1']);
    again.standing.dispose();
  });
});
