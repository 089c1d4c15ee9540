import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import type { Req, Res, ViewCalls } from '../messaging/calls';
import type { Live, LiveState, Transport } from '../messaging/transport';

/** Returned by a request function while there is nothing to ask yet. */
export const SKIP: unique symbol = Symbol('skip');

const IDLE: LiveState<never> = { status: 'loading', value: undefined, error: null };

/**
 * A live query whose request depends on other signals (the page context, a search box):
 * it re-subscribes when the request changes and stops when `dispose` is called. Returning
 * SKIP from `request` means "nothing to ask yet".
 */
export function follow<K extends keyof ViewCalls>(
  transport: Transport,
  name: K,
  request: () => Req<ViewCalls, K> | typeof SKIP,
): { state: ReadonlySignal<LiveState<Res<ViewCalls, K>>>; dispose(): void } {
  const current = signal<Live<Res<ViewCalls, K>> | null>(null);
  let lastKey: string | undefined;
  const stop = effect(() => {
    const req = request();
    const key = req === SKIP ? undefined : JSON.stringify([req]);
    if (key === lastKey) return;
    lastKey = key;
    untracked(() => {
      current.value?.dispose();
      current.value = req === SKIP ? null : transport.live(name, req);
    });
  });
  return {
    state: computed(() => current.value?.state.value ?? (IDLE as LiveState<Res<ViewCalls, K>>)),
    dispose() {
      stop();
      current.value?.dispose();
      current.value = null;
    },
  };
}
