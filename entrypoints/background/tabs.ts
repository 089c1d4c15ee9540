import browser from 'webextension-polyfill';
import { CONTENT_FILES } from '../../scripts/content-files';
import type { Req, Res, TabCalls } from '../../messaging/calls';
import type { Envelope } from '../../messaging/envelope';
import type { PageContext } from '../../sites/types';

/**
 * What the background knows about tabs: each tab's page context (in storage.session, so it
 * survives the service worker being stopped) and how to reach a tab's content script.
 */
type Listener = (tabId: number, context: PageContext | null) => void;
const listeners = new Set<Listener>();
const keyOf = (tabId: number) => `ctx:${tabId}`;

async function sendTab<K extends keyof TabCalls>(tabId: number, call: K, req: Req<TabCalls, K>): Promise<Res<TabCalls, K>> {
  const msg: Envelope = { nook: 'tab', call, req };
  return (await browser.tabs.sendMessage(tabId, msg)) as Res<TabCalls, K>;
}

/** Asks the tab's content script to open (or toggle) the sidebar, injecting it first where it is not; answers whether it answered. */
async function reach(tabId: number, req: Req<TabCalls, 'sidebar.toggle'>): Promise<boolean> {
  try {
    await sendTab(tabId, 'sidebar.toggle', req);
    return true;
  } catch {
    await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_FILES.launcher] });
    // The script announces itself asynchronously (once it has the site's preferences); try until it answers.
    for (let i = 0; i < 40; i++) {
      try {
        await sendTab(tabId, 'sidebar.toggle', { force: true, open: true });
        return true;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return false;
  }
}

export const tabs = {
  async context(tabId: number): Promise<PageContext | null> {
    const got = await browser.storage.session.get(keyOf(tabId));
    return (got[keyOf(tabId)] as PageContext | undefined) ?? null;
  },
  async setContext(tabId: number, context: PageContext): Promise<void> {
    await browser.storage.session.set({ [keyOf(tabId)]: context });
    for (const l of listeners) l(tabId, context);
  },
  async forget(tabId: number): Promise<void> {
    await browser.storage.session.remove(keyOf(tabId));
  },
  onContext(l: Listener): void {
    listeners.add(l);
  },
  send: sendTab,
  /** Opens or closes Nook in a tab, injecting the content script first where it is not (activeTab). */
  async toggle(tabId: number, forceOpen = false): Promise<void> {
    await reach(tabId, forceOpen ? { force: true, open: true } : { force: true });
  },
  /** Opens Nook in a tab (a notification took the member there); false when its script never answered, refused where Nook may not run. */
  show: (tabId: number): Promise<boolean> => reach(tabId, { force: true, open: true }),
  /** Tells every tab's content script that a site's preferences changed. */
  async broadcastPrefs(prefs: Req<TabCalls, 'page.prefs'>): Promise<void> {
    for (const t of await browser.tabs.query({})) {
      if (t.id !== undefined) sendTab(t.id, 'page.prefs', prefs).catch(() => undefined);
    }
  },
};
