import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import type { Req, Res, ViewCalls } from '../messaging/calls';
import type { Live, LiveState, Transport } from '../messaging/transport';

/** Returned by a request function while there is nothing to ask yet. */
export const SKIP: unique symbol = Symbol('skip');

const IDLE: LiveState<never> = { status: 'loading', value: undefined, error: null };

/**
 * A live query whose request depends on other signals (the page context, a search box):
 * it re-subscribes when the request changes and stops when `dispose` is called. Returning
 * SKIP from `request` means "nothing to ask yet". With `keep`, the previous answer stays
 * shown (status 'loading') until the new one comes: a search box or "Show more" does not
 * blank the list on each change.
 */
export function follow<K extends keyof ViewCalls>(
  transport: Transport,
  name: K,
  request: () => Req<ViewCalls, K> | typeof SKIP,
  opts: { keep?: boolean } = {},
): { state: ReadonlySignal<LiveState<Res<ViewCalls, K>>>; dispose(): void } {
  const current = signal<Live<Res<ViewCalls, K>> | null>(null);
  const previous = signal<Res<ViewCalls, K> | undefined>(undefined);
  let lastKey: string | undefined;
  const stop = effect(() => {
    const req = request();
    const key = req === SKIP ? undefined : JSON.stringify([req]);
    if (key === lastKey) return;
    lastKey = key;
    untracked(() => {
      if (opts.keep) previous.value = req === SKIP ? undefined : (current.value?.state.value.value ?? previous.value);
      current.value?.dispose();
      current.value = req === SKIP ? null : transport.live(name, req);
    });
  });
  return {
    state: computed(() => {
      const state = current.value?.state.value ?? (IDLE as LiveState<Res<ViewCalls, K>>);
      return state.status === 'loading' && state.value === undefined && previous.value !== undefined ? { ...state, value: previous.value } : state;
    }),
    dispose() {
      stop();
      current.value?.dispose();
      current.value = null;
    },
  };
}
