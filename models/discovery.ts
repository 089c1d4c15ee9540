import { effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { asNookError, type Transport } from '../messaging/transport';
import type { NookError } from '../protocol/errors';
import type { PageContext } from '../sites/types';
import type { FoundGroup } from '../types/discovery';
import type { Settings } from '../types/local';

export interface Found {
  loading: boolean;
  groups: FoundGroup[];
  error: NookError | null;
}

/**
 * Groups listed for the page the member is on (issue #19). Nothing is looked up while the
 * member has not turned discovery on; then once per page (a single-page navigation is a
 * new page), through the background, which alone talks to hubs.
 */
export function createDiscoveryModel(transport: Transport, context: ReadonlySignal<PageContext | null | undefined>) {
  /** null until the setting is read. */
  const setting = signal<Settings['discovery'] | null>(null);
  const found = signal<Found>({ loading: false, groups: [], error: null });
  let asked = 0;
  void transport.call('settings.get', undefined).then(
    (s) => (setting.value = s.discovery),
    () => (setting.value = 'off'),
  );

  const stop = effect(() => {
    const ctx = context.value;
    const on = setting.value === 'on';
    void ctx?.url;
    untracked(() => void look(on ? (ctx ?? null) : null));
  });

  async function look(ctx: PageContext | null) {
    const mine = ++asked;
    if (!ctx) {
      found.value = { loading: false, groups: [], error: null };
      return;
    }
    found.value = { ...found.value, loading: true };
    try {
      const groups = await transport.call('discovery.lookup', { context: ctx });
      if (mine === asked) found.value = { loading: false, groups, error: null };
    } catch (e) {
      if (mine === asked) found.value = { loading: false, groups: [], error: asNookError(e) };
    }
  }

  return {
    setting: setting as ReadonlySignal<Settings['discovery'] | null>,
    found: found as ReadonlySignal<Found>,
    async choose(on: boolean): Promise<NookError | null> {
      try {
        setting.value = (await transport.call('settings.set', { discovery: on ? 'on' : 'off' })).discovery;
        return null;
      } catch (e) {
        return asNookError(e);
      }
    },
    /** A join request; the group then shows "Waiting for approval" (or a denial that still stands). */
    async ask(group: FoundGroup, name: string, note: string): Promise<NookError | null> {
      try {
        const standing = await transport.call('discovery.ask', { hub: group.hub, groupId: group.groupId, name, message: note });
        if (standing === 'none') return { code: 'request_denied', message: 'This group did not take your request.' };
        found.value = {
          ...found.value,
          groups: found.value.groups.map((g) => (g.hub === group.hub && g.groupId === group.groupId ? { ...g, standing } : g)),
        };
        return null;
      } catch (e) {
        return asNookError(e);
      }
    },
    async report(group: FoundGroup, reason: string): Promise<NookError | null> {
      try {
        await transport.call('discovery.report', { hub: group.hub, groupId: group.groupId, hash: group.hash, reason });
        return null;
      } catch (e) {
        return asNookError(e);
      }
    },
    dispose: stop,
  };
}
export type DiscoveryModel = ReturnType<typeof createDiscoveryModel>;
