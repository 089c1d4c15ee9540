import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { send, onTabCall } from '../../messaging/content-client';
import { readContext, siteKey, SUPPORTED_MATCHES } from '../../sites/index';
import type { PageContext } from '../../sites/types';
import { createLauncher, type Launcher } from './launcher';

declare global {
  interface Window {
    __nook?: true;
  }
}

export default defineContentScript({
  matches: SUPPORTED_MATCHES,
  runAt: 'document_idle',
  // WXT would otherwise post a message into the host page: a task for the page's listeners,
  // and a sign to the page that an extension is there.
  noScriptStartedPostMessage: true,
  async main() {
    // The toolbar button may inject this script into a page that already has it.
    if (window.__nook) return;
    window.__nook = true;

    const key = siteKey(new URL(location.href));
    const read = (): PageContext => readContext(new URL(location.href), document);
    const first = read();
    let last = JSON.stringify(first);
    const prefs = await send('page.hello', { key, lang: navigator.language, context: first });
    let launcher: Launcher | null = null;

    const report = () => {
      const context = read();
      const json = JSON.stringify(context);
      if (json === last) return;
      last = json;
      void send('page.context', { context });
    };

    const ensure = (): Launcher => {
      launcher ??= createLauncher({
        sidebarUrl: browser.runtime.getURL('/sidebar.html'),
        strings: { frameTitle: prefs.frameTitle },
        rtl: prefs.rtl,
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
        if (!prefs.enabled) launcher?.setHidden(true);
        else launcher?.setHidden(prefs.launcherHidden);
      },
    });

    // Single-page sites (Reddit, Skool) change the URL without a reload, and swap the
    // content a moment later: read again on each URL change, then once more shortly after.
    let href = location.href;
    const onUrl = () => {
      if (location.href === href) return;
      href = location.href;
      report();
      setTimeout(report, 300);
      setTimeout(report, 1500);
    };
    const nav = (window as { navigation?: EventTarget }).navigation;
    if (nav) nav.addEventListener('navigatesuccess', onUrl);
    window.addEventListener('popstate', onUrl);
    new MutationObserver(onUrl).observe(document.head ?? document.documentElement, { childList: true, subtree: true, characterData: true });

    if (!prefs.enabled) return;
    const l = ensure();
    if (prefs.open) l.setOpen(true);
  },
});
