import browser from 'webextension-polyfill';
import { translator } from '../../i18n/index';
import type { ContentCalls, ViewCalls } from '../../messaging/calls';
import type { Handlers } from '../../messaging/server';
import { UserError } from '../../protocol/errors';
import { siteKey } from '../../sites/index';
import type { NookDB } from '../../storage/db';
import { estimate } from '../../storage/estimate';
import * as groups from '../../storage/groups';
import * as notes from '../../storage/notes';
import { searchNotes } from '../../storage/search';
import * as settings from '../../storage/settings';
import { exportNotes, importNotes } from '../../storage/transfer';
import { origins } from './origins';
import { tabs } from './tabs';

const UNDO_WINDOW_MS = 60_000;

export function viewHandlers(db: NookDB): Handlers<ViewCalls> {
  return {
    'context.current': (_req, caller) => (caller.tabId === null ? null : tabs.context(caller.tabId)),
    'notes.get': ({ url }) => notes.getNote(db, url),
    'notes.save': ({ context, body }) => notes.saveNote(db, context, body),
    'notes.delete': ({ id }) => notes.deleteNote(db, id),
    'notes.restore': ({ note }) => notes.restoreNote(db, note),
    'notes.list': (req) => notes.listNotes(db, req),
    'notes.communities': () => notes.communities(db),
    'notes.search': ({ query, limit }) => searchNotes(db, query, limit),
    'notes.export': ({ format }) => exportNotes(db, format),
    'notes.import': ({ text }) => importNotes(db, text),
    'groups.list': ({ context }) => groups.listGroups(db, context ?? null),
    'groups.get': ({ id }) => groups.getGroup(db, id),
    'groups.create': (req) => groups.createGroup(db, req),
    'groups.update': ({ id, ...patch }) => groups.updateGroup(db, id, patch),
    'groups.delete': async ({ id }) => {
      const g = await groups.deleteGroup(db, id);
      setTimeout(() => void groups.purgeDeleted(db, UNDO_WINDOW_MS), UNDO_WINDOW_MS + 1000);
      return g;
    },
    'groups.undoDelete': ({ id }) => groups.undoDelete(db, id),
    'groups.link': ({ id, context, scope }) => groups.linkGroup(db, id, context, scope),
    'groups.unlink': ({ id, key }) => groups.unlinkGroup(db, id, key),
    'settings.get': () => settings.getSettings(db),
    'settings.set': (patch) => settings.setSettings(db, patch),
    'sites.list': () => settings.listSitePrefs(db),
    'sites.set': async ({ key, ...patch }) => {
      const prefs = await settings.setSitePrefs(db, key, patch);
      await tabs.broadcastPrefs(prefs);
      return prefs;
    },
    'storage.estimate': () => estimate(db),
    'sidebar.hideLauncher': async ({ hidden }, caller) => {
      const ctx = caller.tabId === null ? null : await tabs.context(caller.tabId);
      if (!ctx) return;
      const prefs = await settings.setSitePrefs(db, siteKey(new URL(ctx.url)), { launcherHidden: hidden });
      await tabs.broadcastPrefs(prefs);
    },
    'sidebar.close': async (_req, caller) => {
      if (caller.tabId !== null) await tabs.send(caller.tabId, 'sidebar.close', undefined);
    },
    'tab.open': ({ tabId }) => tabs.toggle(tabId, true),
    'origins.enable': async ({ origin }) => {
      if (!(await browser.permissions.contains({ origins: [`${origin}/*`] }))) {
        throw new UserError('permission_denied', `Nook was not allowed on ${origin}`, { origin });
      }
      await origins.register(origin);
      const s = await settings.getSettings(db);
      return settings.setSettings(db, { customOrigins: [...new Set([...s.customOrigins, origin])] });
    },
    'origins.disable': async ({ origin }) => {
      await origins.unregister(origin);
      await browser.permissions.remove({ origins: [`${origin}/*`] }).catch(() => false);
      const s = await settings.getSettings(db);
      return settings.setSettings(db, { customOrigins: s.customOrigins.filter((o) => o !== origin) });
    },
  };
}

export function contentHandlers(db: NookDB): Handlers<ContentCalls> {
  return {
    'page.context': async ({ context }, caller) => {
      if (caller.tabId !== null) await tabs.setContext(caller.tabId, context);
    },
    'page.prefs': async ({ key, lang }) => {
      const [prefs, s] = await Promise.all([settings.getSitePrefs(db, key), settings.getSettings(db)]);
      const { t, rtl } = await translator(s.language || lang);
      return { ...prefs, frameTitle: t('launcher.frameTitle'), rtl };
    },
    'page.setOpen': async ({ key, open }) => {
      await settings.setSitePrefs(db, key, { open });
    },
    'page.hideLauncher': async ({ key }) => {
      const prefs = await settings.setSitePrefs(db, key, { launcherHidden: true });
      await tabs.broadcastPrefs(prefs);
    },
  };
}
