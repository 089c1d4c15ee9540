import { browser } from 'wxt/browser';
import type { ContentCalls, Req, Res, TabCalls } from './calls';
import type { Envelope } from './envelope';
import { isEnvelope } from './envelope';
import type { Result } from '../protocol/errors';

/**
 * The content script's side. It uses the browser's own promise API (no polyfill): the
 * content script runs on every supported page, so its size is budgeted to the byte.
 */
export async function send<K extends keyof ContentCalls>(name: K, req: Req<ContentCalls, K>): Promise<Res<ContentCalls, K>> {
  const msg: Envelope = { nook: 'content', call: name, req };
  const r = (await browser.runtime.sendMessage(msg)) as Result<Res<ContentCalls, K>> | undefined;
  if (!r?.ok) throw new Error(r ? r.error.message : 'Nook background unavailable');
  return r.value;
}

export function onTabCall(handlers: { [K in keyof TabCalls]: (req: Req<TabCalls, K>) => Res<TabCalls, K> }): void {
  // sendResponse rather than a returned promise: Chrome's native API needs it.
  browser.runtime.onMessage.addListener((msg: unknown, sender: { id?: string }, sendResponse: (r: unknown) => void) => {
    if (!isEnvelope(msg) || msg.nook !== 'tab' || sender.id !== browser.runtime.id) return undefined;
    const h = (handlers as Record<string, ((r: unknown) => unknown) | undefined>)[msg.call];
    if (!h) return undefined;
    sendResponse(h(msg.req) ?? null);
    return undefined;
  });
}
