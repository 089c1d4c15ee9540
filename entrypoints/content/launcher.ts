import { browser } from 'wxt/browser';
import { send, onTabCall } from '../../messaging/content-client';
import { siteKey } from '../../sites/hosts';
import { createLauncher, type Launcher } from './ui';
import { WORDMARK } from './wordmark';

declare global {
  interface Window {
    __nook?: true;
  }
}

/**
 * What runs on every load of a supported page (the manifest's content script): the launcher
 * and the site's preferences, nothing else. The page's context is read by context.ts, which
 * the background injects when a sidebar first opens, so that a page where Nook stays closed
 * pays neither for the site adapters nor for reading. Built by scripts/content-scripts.ts.
 */
async function start(): Promise<void> {
  // The toolbar button may inject this script into a page that already has it.
  if (window.__nook) return;
  window.__nook = true;

  // `location` itself: parsing its address again costs the page a URL and a regex for nothing.
  const key = siteKey(location);
  const prefs = await send('page.hello', { key, lang: navigator.language });
  let launcher: Launcher | null = null;
  let tracked = false;

  const ensure = (): Launcher => {
    launcher ??= createLauncher({
      sidebarUrl: browser.runtime.getURL('/sidebar.html'),
      wordmarkUrl: browser.runtime.getURL(WORDMARK.path),
      strings: { frameTitle: prefs.frameTitle },
      rtl: prefs.rtl,
      // Asked before the sidebar frame exists, so the context is on its way when the frame asks.
      onOpen: () => {
        if (tracked) return;
        tracked = true;
        void send('page.track', undefined);
      },
      onToggle: (open) => void send('page.setOpen', { key, open }),
    });
    launcher.setHidden(prefs.launcherHidden);
    return launcher;
  };

  onTabCall({
    'sidebar.toggle': ({ force, open }) => {
      if (!prefs.enabled && !force) return { open: false };
      const l = ensure();
      l.setOpen(open ?? !l.isOpen(), true);
      void send('page.setOpen', { key, open: l.isOpen() });
      if (!l.isOpen()) l.focusLauncher();
      return { open: l.isOpen() };
    },
    'sidebar.close': () => {
      if (!launcher?.isOpen()) return;
      launcher.setOpen(false);
      launcher.focusLauncher();
      void send('page.setOpen', { key, open: false });
    },
    'page.prefs': (next) => {
      if (next.key !== key) return;
      Object.assign(prefs, next);
      // Turned on while this page was open: the launcher appears now, not at the next load.
      if (prefs.enabled) ensure();
      else if (launcher) {
        launcher.setOpen(false);
        launcher.setHidden(true);
      }
    },
  });

  if (!prefs.enabled) return;
  const l = ensure();
  if (prefs.open) l.setOpen(true);
}

void start();
