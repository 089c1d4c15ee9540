import { liveQuery } from 'dexie';
import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { listen, type Watch } from '../../messaging/server';
import { openDb } from '../../storage/db';
import { purgeDeleted } from '../../storage/groups';
import { watchAsks } from '../../storage/hosted/discovery';
import { refreshRequests } from '../../storage/hosted/actions';
import { heard, listRequests } from '../../storage/hosted/communities';
import { SyncEngine } from '../../storage/hosted/engine';
import { contentHandlers, viewHandlers } from './handlers';
import { disableOrigin, enableOrigin, reconcileOrigins } from './origins';
import { startNotify } from './notify';
import { createOpener } from './open';
import { openCommunity, showing } from './showing';
import { startReminders } from './reminders';
import { tabs } from './tabs';

/**
 * The background owns the member's data: views and content scripts reach the database only
 * through the dispatcher. It can be stopped by the browser at any time, so it keeps no
 * state that is not in IndexedDB or storage.session.
 */
export default defineBackground({
  type: 'module',
  main() {
    const db = openDb();
    const watch: Watch = (query, onValue, onError) =>
      liveQuery(query).subscribe({ next: onValue, error: onError });
    // Where a notification's click takes the member (open.ts); it tells sidebars through the dispatcher, made below.
    const opener = createOpener(db, () => dispatcher);
    // Mentions, replies and join requests; the click listener (for reminders' notifications too) is registered in this first turn (a click wakes the background).
    const notify = startNotify(db, {
      notifications: browser.notifications,
      session: browser.storage.session,
      now: () => Date.now(),
      iconUrl: browser.runtime.getURL('wordmark.png'),
      locale: () => navigator.language,
      onScreen: (what) => showing.onScreen(what),
      open: (target) => opener.open(target),
      openCommunity,
    });
    const sync = new SyncEngine(db, {
      fetch: (input, init) => fetch(input, init),
      WebSocket,
      now: () => Date.now(),
      onUnread: (n) => {
        void browser.action.setBadgeText({ text: n > 0 ? (n > 99 ? '99+' : String(n)) : '' });
        void browser.action.setBadgeBackgroundColor({ color: '#3b5bdb' });
      },
      // Someone asked to join a group this member decides on: the list the view follows is fetched
      // again, and a request not seen before is a notification.
      onRequests: (groupId) => notify.requests(groupId, () => refreshRequests(db, sync, groupId)),
      // A community of the member's changed: the Communities view asks again; a request to one of the
      // groups of a community they run is a notification, as for their own groups.
      onCommunity: (hub, communityId, what) => {
        void heard(db, sync, hub, communityId).catch((e: unknown) => console.warn('[nook communities]', e));
        if (what === 'requests' && communityId) notify.communityRequests(hub, communityId, () => listRequests(db, sync, hub, communityId));
      },
      onEvents: (groupId, events, replay) => notify.messages(groupId, events, replay),
    });
    void sync.start().then(() => sync.notifyUnread());
    // A member who asked to join a listed group is let in once an owner approves.
    watchAsks(db, sync);
    // Check-in and meeting reminders: the alarm listener is registered in this first turn, as MV3 requires.
    startReminders(db, {
      alarms: browser.alarms,
      notifications: browser.notifications,
      now: () => Date.now(),
      calendar: () => ({ zone: Intl.DateTimeFormat().resolvedOptions().timeZone, locale: navigator.language }),
      iconUrl: browser.runtime.getURL('wordmark.png'),
    });
    const dispatcher = listen(
      viewHandlers(db, sync),
      contentHandlers(db),
      watch,
      async (tabId) => ({ t: 'context', context: await tabs.context(tabId) }),
      // A sidebar starting in a tab a notification took the member to opens on its group.
      async (tabId) => {
        const target = await opener.waiting(tabId);
        return target ? { t: 'open', target } : null;
      },
    );
    tabs.onContext((tabId, context) => dispatcher.pushContext(tabId, { t: 'context', context }));

    browser.commands.onCommand.addListener((command, tab) => {
      if (command === 'toggle-sidebar' && tab?.id !== undefined) void tabs.toggle(tab.id);
    });
    browser.tabs.onRemoved.addListener((tabId) => {
      void tabs.forget(tabId);
      void showing.forget(tabId);
      void opener.forget(tabId);
    });
    // A popup can close while the browser asks for a site permission: the grant itself
    // turns Nook on for the site, whoever asked.
    browser.permissions.onAdded.addListener(({ origins: granted = [] }) => {
      for (const pattern of granted) void enableOrigin(db, pattern);
    });
    browser.permissions.onRemoved.addListener(({ origins: revoked = [] }) => {
      for (const pattern of revoked) void disableOrigin(db, pattern);
    });
    // The sites the member turned on get their scripts back (origins.ts says why): with the
    // browser and after an update, before their pages load, not on every wake of the background.
    browser.runtime.onStartup.addListener(() => void reconcileOrigins(db));
    browser.runtime.onInstalled.addListener(() => void reconcileOrigins(db));
    // Deleted groups wait out the undo window before they are removed for good.
    void purgeDeleted(db, 60_000);
  },
});
