import browser from 'webextension-polyfill';

/** What a sidebar told the background it shows (the 'sidebar.showing' call), per tab. */
export interface Showing {
  groupId: string | null;
  /** The community open in the sidebar's Communities tab (its join requests are listed there). */
  communityId: string | null;
  /** The sidebar is open and its document visible (a closed sidebar's frame stays, hidden). */
  visible: boolean;
}

/** What a notification is about: a group, or a community (for a request to one of its groups). */
export type OnScreen = { groupId: string } | { communityId: string };

const SHOWING = 'showing:';

/**
 * Which group each tab's sidebar shows, as the sidebars tell it (in storage.session, like the
 * tabs' contexts, so a stopped background still knows when it wakes for a batch).
 */
export const showing = {
  async set(tabId: number, s: Showing): Promise<void> {
    if (s.groupId === null && s.communityId === null) await browser.storage.session.remove(SHOWING + tabId);
    else await browser.storage.session.set({ [SHOWING + tabId]: s });
  },
  forget: (tabId: number) => browser.storage.session.remove(SHOWING + tabId),
  /** A visible sidebar shows the group (or community) in a tab the member has in front of them: its tab active, its window focused. */
  async onScreen(what: OnScreen): Promise<boolean> {
    const all = await browser.storage.session.get(null);
    for (const [key, value] of Object.entries(all)) {
      const s = value as Showing;
      if (!key.startsWith(SHOWING) || !s.visible) continue;
      if ('groupId' in what ? s.groupId !== what.groupId : s.communityId !== what.communityId) continue;
      const tab = await browser.tabs.get(Number(key.slice(SHOWING.length))).catch(() => null);
      if (!tab) {
        await browser.storage.session.remove(key);
        continue;
      }
      if (tab.active && (await browser.windows.get(tab.windowId!)).focused) return true;
    }
    return false;
  },
};

/** A notification of a community's join requests opens that community in Nook's own page. */
export async function openCommunity(communityId: string): Promise<void> {
  const tab = await browser.tabs.create({ url: browser.runtime.getURL(`/sidebar.html?${new URLSearchParams({ community: communityId })}`), active: true });
  if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
}
