import { signal, type Signal } from '@preact/signals';
import { browser, type Browser } from 'wxt/browser';
import type { NookError, Result } from '../protocol/errors';
import type { LiveDown, LiveUp, Req, Res, ViewCalls } from './calls';
import { LIVE_PORT, type Envelope } from './envelope';
import { CallError, type Live, type LiveState, type Transport } from './transport';
import type { PageContext } from '../sites/types';
import type { GroupTarget } from '../types/open';

/**
 * The extension views' side of the message layer. It uses the browser's own promise API
 * (Chrome MV3 and Firefox both have it); the polyfill stays in the background, which needs
 * it for promise-returning listeners, and out of the size-budgeted views.
 *
 * The browser may stop the background at
 * any time; calls retry while it starts again, and live subscriptions reconnect and
 * re-subscribe, so a view never has to know.
 */

const RETRIES = 5;
const isGone = (e: unknown): boolean =>
  /Receiving end does not exist|Could not establish connection|message port closed|Extension context invalidated/i.test(
    String((e as Error)?.message ?? e),
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function call<K extends keyof ViewCalls>(name: K, req: Req<ViewCalls, K>): Promise<Res<ViewCalls, K>> {
  const msg: Envelope = { nook: 'view', call: name, req };
  for (let attempt = 0; ; attempt++) {
    try {
      const result = (await browser.runtime.sendMessage(msg)) as Result<Res<ViewCalls, K>> | undefined;
      if (!result) throw new Error('Receiving end does not exist');
      if (result.ok) return result.value;
      throw new CallError(result.error);
    } catch (e) {
      if (e instanceof CallError || attempt >= RETRIES || !isGone(e)) {
        throw e instanceof CallError ? e : new CallError({ code: 'background_unavailable', message: String((e as Error)?.message ?? e) });
      }
      await sleep(50 * 2 ** attempt);
    }
  }
}

interface Sub {
  up: Extract<LiveUp, { t: 'sub' }>;
  state: Signal<LiveState<unknown>>;
}

const subs = new Map<number, Sub>();
let nextSub = 1;
let port: Browser.runtime.Port | null = null;
/** The page context of the tab this view sits in (sidebar only); pushed by the background. */
export const tabContext = signal<PageContext | null | undefined>(undefined);
/** The last group the background asked this view to open (a notification was clicked), numbered so the same target asked again opens again. */
export const openRequest = signal<{ target: GroupTarget; n: number } | null>(null);

function connect(): Browser.runtime.Port {
  if (port) return port;
  const p = browser.runtime.connect({ name: LIVE_PORT });
  port = p;
  p.onMessage.addListener((raw: unknown) => {
    const m = raw as LiveDown;
    if (m.t === 'context') {
      tabContext.value = m.context;
      return;
    }
    if (m.t === 'open') {
      openRequest.value = { target: m.target, n: (openRequest.peek()?.n ?? 0) + 1 };
      return;
    }
    const sub = subs.get(m.sub);
    if (!sub) return;
    if (m.t === 'value') sub.state.value = { status: 'ready', value: m.value, error: null };
    else sub.state.value = { status: 'error', value: sub.state.value.value, error: m.error };
  });
  p.onDisconnect.addListener(() => {
    port = null;
    // The background was stopped (or reloaded): come back and ask again for everything.
    if (subs.size > 0 || tabContext.value !== undefined) setTimeout(resubscribe, 100);
  });
  return p;
}

function resubscribe(): void {
  try {
    const p = connect();
    for (const s of subs.values()) p.postMessage(s.up);
  } catch {
    setTimeout(resubscribe, 500);
  }
}

export function live<K extends keyof ViewCalls>(name: K, req: Req<ViewCalls, K>): Live<Res<ViewCalls, K>> {
  const id = nextSub++;
  const state = signal<LiveState<unknown>>({ status: 'loading', value: undefined, error: null });
  const up: LiveUp = { t: 'sub', sub: id, call: name, req };
  subs.set(id, { up, state });
  try {
    connect().postMessage(up);
  } catch (e) {
    state.value = { status: 'error', value: undefined, error: { code: 'background_unavailable', message: String(e) } };
  }
  return {
    state: state as unknown as Live<Res<ViewCalls, K>>['state'],
    dispose() {
      subs.delete(id);
      try {
        port?.postMessage({ t: 'unsub', sub: id } satisfies LiveUp);
      } catch {
        /* port already gone: nothing to unsubscribe from */
      }
    },
  };
}

/** Start receiving this tab's page context (the sidebar calls this once). */
export function watchTabContext(): void {
  if (tabContext.value === undefined) tabContext.value = null;
  connect();
}

export const extensionTransport: Transport = { call, live };

export type { NookError };
