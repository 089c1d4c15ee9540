import browser from 'webextension-polyfill';
import type { Dispatcher } from '../../messaging/server';
import type { NookDB } from '../../storage/db';
import { targetOfQuery, targetQuery, type GroupTarget } from '../../types/open';
import { tabs } from './tabs';

/**
 * Where a click on one of Nook's notifications takes the member (notify.ts registers the click):
 *
 * - to the page the group is about, when there is one: the page its thread is anchored to (a
 *   message's), else a page the group was put on ("Show on this page"). A tab already showing
 *   it is brought to the front, else one is opened; Nook's sidebar opens there on the group (its
 *   thread, or its section and the item there: a meeting);
 * - otherwise, or where Nook may not run (a page of a site the member did not turn on), to Nook's
 *   own page showing the group: a tab already showing that group is brought to the front, else
 *   one is opened.
 *
 * A sidebar already in the tab is told at once (messaging LiveDown 'open'); one that has yet to
 * start finds the target waiting for its tab (storage.session, for a minute) when it connects.
 */

const WAITING = 'opening:';
const WAIT_MS = 60_000;
/** How long a page opened for the member may take to load before the sidebar is opened anyway. */
const LOAD_MS = 15_000;

type Tab = browser.Tabs.Tab & { id: number };

/** The page a target is about: its thread's anchor, else the first page among the group's places; null when there is none. */
export async function pageOf(db: NookDB, target: GroupTarget): Promise<string | null> {
  if (target.threadId) {
    const anchored = (await db.threads.get(target.threadId))?.anchor?.url;
    if (anchored) return anchored;
  }
  const group = await db.groups.get(target.groupId);
  // A group's places are community keys ("reddit:r/sourdough") and page addresses.
  return group?.contexts.find((key) => /^https?:\/\//.test(key)) ?? null;
}

/** The same address, as far as a tab shows it: the fragment never counts; a page without a query is matched without one. */
function samePage(tabUrl: string | undefined, page: string): boolean {
  if (!tabUrl) return false;
  try {
    const a = new URL(tabUrl);
    const b = new URL(page);
    const path = (u: URL) => u.pathname.replace(/\/+$/, '');
    return a.origin === b.origin && path(a) === path(b) && (b.search === '' || a.search === b.search);
  } catch {
    return false;
  }
}

/** Of several tabs, the one in front of the member: active in the last focused window, else active anywhere, else the last used. */
async function frontmost(candidates: Tab[]): Promise<Tab | null> {
  if (candidates.length === 0) return null;
  const focused = await browser.windows.getLastFocused().catch(() => null);
  return (
    candidates.find((t) => t.active && t.windowId === focused?.id) ??
    candidates.find((t) => t.active) ??
    [...candidates].sort((x, y) => (y.lastAccessed ?? 0) - (x.lastAccessed ?? 0))[0]!
  );
}

/** A tab at the page now (its address is known: Nook may run on the page's site, checked before). */
async function tabShowingPage(page: string): Promise<Tab | null> {
  const all = (await browser.tabs.query({})).filter((t): t is Tab => t.id !== undefined);
  return frontmost(all.filter((t) => samePage(t.url, page)));
}

async function bringToFront(tab: Tab): Promise<void> {
  await browser.tabs.update(tab.id, { active: true });
  if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
}

function loaded(tabId: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(listener);
      resolve();
    };
    const listener = (id: number, info: browser.Tabs.OnUpdatedChangeInfoType) => {
      if (id === tabId && info.status === 'complete') done();
    };
    const timer = setTimeout(done, LOAD_MS);
    browser.tabs.onUpdated.addListener(listener);
    void browser.tabs.get(tabId).then((t) => t.status === 'complete' && done(), done);
  });
}

export function createOpener(db: NookDB, dispatcher: () => Dispatcher) {
  /** Tells the tab's views to open the target, or leaves it for the sidebar about to start there. */
  async function tell(tabId: number, target: GroupTarget): Promise<void> {
    await browser.storage.session.set({ [WAITING + tabId]: { target, at: Date.now() } });
    if (dispatcher().pushOpen(tabId, { t: 'open', target }) > 0) await browser.storage.session.remove(WAITING + tabId);
  }

  /** The page's tab, in front, with the sidebar open on the target; false where Nook may not run on that page. */
  async function inPage(page: string, target: GroupTarget): Promise<boolean> {
    const origin = new URL(page).origin;
    if (!(await browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => false))) return false;
    const existing = await tabShowingPage(page);
    const tab = existing ?? ((await browser.tabs.create({ url: page, active: true })) as Tab);
    await bringToFront(tab);
    if (!existing) await loaded(tab.id);
    await tell(tab.id, target);
    if (await tabs.show(tab.id).catch(() => false)) return true;
    await browser.storage.session.remove(WAITING + tab.id);
    return false;
  }

  /** Nook's own page on the target: the tab already showing the group, told, or a new one. */
  async function ownPage(target: GroupTarget): Promise<void> {
    const base = browser.runtime.getURL('/sidebar.html');
    const url = `${base}?${targetQuery(target)}`;
    const all = (await browser.tabs.query({})).filter((t): t is Tab => t.id !== undefined && !!t.url?.startsWith(base));
    const tab = await frontmost(all.filter((t) => targetOfQuery(new URL(t.url!).search)?.groupId === target.groupId));
    if (tab && dispatcher().pushOpen(tab.id, { t: 'open', target }) > 0) return bringToFront(tab);
    if (tab) {
      await browser.tabs.update(tab.id, { url });
      return bringToFront(tab);
    }
    const made = await browser.tabs.create({ url, active: true });
    if (made.windowId !== undefined) await browser.windows.update(made.windowId, { focused: true });
  }

  return {
    async open(target: GroupTarget): Promise<void> {
      const page = await pageOf(db, target);
      if (page && (await inPage(page, target))) return;
      await ownPage(target);
    },
    /** What a sidebar starting in the tab is to open first (and only once); null when nothing waits, or it waited too long. */
    async waiting(tabId: number): Promise<GroupTarget | null> {
      const key = WAITING + tabId;
      const got = (await browser.storage.session.get(key))[key] as { target: GroupTarget; at: number } | undefined;
      if (!got) return null;
      await browser.storage.session.remove(key);
      return Date.now() - got.at <= WAIT_MS ? got.target : null;
    },
    forget: (tabId: number) => browser.storage.session.remove(WAITING + tabId),
  };
}
