import browser from 'webextension-polyfill';
import { UserError, type NookError, type Result } from '../protocol/errors';
import type { ContentCalls, LiveDown, LiveUp, Req, Res, ViewCalls } from './calls';
import { isEnvelope, LIVE_PORT } from './envelope';

/**
 * The one dispatcher in the background. Views may make only ViewCalls, and only from the
 * extension's own pages; content scripts only ContentCalls. Handlers throw UserError for
 * refusals a person should read; anything else is a bug and is logged loudly.
 */

export interface Caller {
  /** The tab the caller sits in (the sidebar iframe, or a content script); null for popup/options. */
  tabId: number | null;
  url: string | undefined;
}

export type Handlers<M> = { [K in keyof M]: (req: Req<M, K>, caller: Caller) => Promise<Res<M, K>> | Res<M, K> };

/** Runs a query function whenever the data it read changes (Dexie's liveQuery in the background). */
export type Watch = <T>(
  query: () => Promise<T>,
  onValue: (v: T) => void,
  onError: (e: unknown) => void,
) => { unsubscribe(): void };

export function toNookError(e: unknown, call: string): NookError {
  if (e instanceof UserError) return e.toJSON();
  console.error(`[nook] ${call} failed`, e);
  return { code: 'unexpected', message: e instanceof Error ? e.message : String(e) };
}

async function run<M>(handlers: Handlers<M>, call: string, req: unknown, caller: Caller): Promise<Result<unknown>> {
  const h = (handlers as Record<string, ((r: unknown, c: Caller) => unknown) | undefined>)[call];
  if (!h) return { ok: false, error: { code: 'unknown_call', message: `Unknown call ${call}` } };
  try {
    return { ok: true, value: await h(req, caller) };
  } catch (e) {
    return { ok: false, error: toNookError(e, call) };
  }
}

export interface Dispatcher {
  /** Sends the current page context to every sidebar open in that tab. */
  pushContext(tabId: number, context: LiveDown & { t: 'context' }): void;
  /** Tells every view in that tab to open a group; answers how many were told (0: none is there yet). */
  pushOpen(tabId: number, message: LiveDown & { t: 'open' }): number;
}

export function listen(
  views: Handlers<ViewCalls>,
  content: Handlers<ContentCalls>,
  watch: Watch,
  contextOf: (tabId: number) => Promise<LiveDown & { t: 'context' }>,
  /** A group a view of that tab is to open once it connects (the background took the member there before its sidebar started). */
  openingOf: (tabId: number) => Promise<(LiveDown & { t: 'open' }) | null> = async () => null,
): Dispatcher {
  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  const fromExtensionPage = (url: string | undefined) => !!url && new URL(url).origin === extensionOrigin;

  browser.runtime.onMessage.addListener((msg: unknown, sender: browser.Runtime.MessageSender) => {
    if (!isEnvelope(msg) || sender.id !== browser.runtime.id) return undefined;
    const caller: Caller = { tabId: sender.tab?.id ?? null, url: sender.url };
    if (msg.nook === 'view') {
      if (!fromExtensionPage(sender.url)) return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Not an extension page' } });
      return run(views, msg.call, msg.req, caller);
    }
    if (msg.nook === 'content') {
      if (!sender.tab || fromExtensionPage(sender.url)) return undefined;
      return run(content, msg.call, msg.req, caller);
    }
    return undefined;
  });

  const ports = new Map<number, Set<browser.Runtime.Port>>();

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== LIVE_PORT || !fromExtensionPage(port.sender?.url)) return;
    const caller: Caller = { tabId: port.sender?.tab?.id ?? null, url: port.sender?.url };
    const active = new Map<number, { unsubscribe(): void }>();
    const post = (m: LiveDown) => {
      try {
        port.postMessage(m);
      } catch {
        /* the view went away between the change and the push */
      }
    };
    if (caller.tabId !== null) {
      const set = ports.get(caller.tabId) ?? new Set();
      set.add(port);
      ports.set(caller.tabId, set);
      void contextOf(caller.tabId).then(post);
      void openingOf(caller.tabId).then((m) => m && post(m));
    }
    port.onMessage.addListener((raw: unknown) => {
      const m = raw as LiveUp;
      if (m.t === 'unsub') {
        active.get(m.sub)?.unsubscribe();
        active.delete(m.sub);
        return;
      }
      if (m.t !== 'sub' || typeof m.sub !== 'number') return;
      const h = (views as Record<string, ((r: unknown, c: Caller) => unknown) | undefined>)[m.call];
      if (!h) {
        post({ t: 'error', sub: m.sub, error: { code: 'unknown_call', message: `Unknown call ${String(m.call)}` } });
        return;
      }
      active.get(m.sub)?.unsubscribe();
      active.set(
        m.sub,
        watch(
          async () => h(m.req, caller),
          (value) => post({ t: 'value', sub: m.sub, value }),
          (e) => post({ t: 'error', sub: m.sub, error: toNookError(e, m.call) }),
        ),
      );
    });
    port.onDisconnect.addListener(() => {
      for (const s of active.values()) s.unsubscribe();
      active.clear();
      if (caller.tabId !== null) ports.get(caller.tabId)?.delete(port);
    });
  });

  const push = (tabId: number, message: LiveDown): number => {
    let told = 0;
    for (const p of ports.get(tabId) ?? []) {
      try {
        p.postMessage(message);
        told++;
      } catch {
        /* closed */
      }
    }
    return told;
  };
  return {
    pushContext: (tabId, message) => void push(tabId, message),
    pushOpen: push,
  };
}
