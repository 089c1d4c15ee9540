import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import type { LiveState, Transport } from '../messaging/transport';
import type { MyStanding, Warning } from '../protocol/moderation';
import type { MemberItem } from '../sync/types';

/**
 * The member's own standing in a group (issue #17 moderation): why they are muted and the
 * warnings they were given reach only them, from the hub (`moderation.me`), not through the
 * group's events. Asked when the group opens, and again when the events say their mute
 * changed, so a new mute's reason follows it. Warnings the member dismissed stay dismissed on
 * this device.
 */
export function followStanding(
  transport: Transport,
  groupId: ReadonlySignal<string | null>,
  members: ReadonlySignal<LiveState<MemberItem[]>>,
  /** Whether the hub has let this device in (its live connection is up): before, the session may be one it no longer knows. */
  online: ReadonlySignal<boolean> = signal(true),
) {
  const standing = signal<MyStanding | null>(null);
  const dismissed = signal<ReadonlySet<string>>(new Set());
  let asked: string | null = null;
  let current: string | null = null;

  const stop = effect(() => {
    const g = groupId.value;
    const me = members.value.value?.find((m) => m.self);
    if (g !== current) {
      current = g;
      asked = null;
      untracked(() => {
        standing.value = null;
        dismissed.value = g ? readDismissed(g) : new Set();
      });
    }
    // Wait for the member list: asking before and after it loads would ask twice.
    if (!g || !me || !online.value) return;
    const key = `${g} ${me.mutedUntil ?? ''}`;
    if (key === asked) return;
    asked = key;
    void transport.call('moderation.me', { groupId: g }).then(
      (s) => {
        if (current === g) standing.value = s;
      },
      // Offline or refused: what is known stays (the mute itself still shows, from the events).
      () => undefined,
    );
  });

  return {
    standing: standing as ReadonlySignal<MyStanding | null>,
    /** Warnings still to show, newest first. */
    warnings: computed<Warning[]>(() => (standing.value?.warnings ?? []).filter((w) => !dismissed.value.has(w.id))),
    dismissWarning(id: string) {
      const g = groupId.peek();
      if (!g) return;
      dismissed.value = new Set([...dismissed.value, id]);
      writeDismissed(g, dismissed.value);
    },
    dispose: stop,
  };
}

const storageKey = (groupId: string) => `nook.warningsSeen.${groupId}`;

function readDismissed(groupId: string): Set<string> {
  try {
    const ids: unknown = JSON.parse(globalThis.localStorage?.getItem(storageKey(groupId)) ?? '[]');
    return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function writeDismissed(groupId: string, ids: ReadonlySet<string>) {
  try {
    globalThis.localStorage?.setItem(storageKey(groupId), JSON.stringify([...ids]));
  } catch {
    // Storage full or refused (a private window): the warning is dismissed until the view closes.
  }
}
