import { send } from '../../messaging/content-client';
import { readContext } from '../../sites/index';
import type { PageContext } from '../../sites/types';

declare global {
  interface Window {
    __nookContext?: true;
  }
}

/**
 * Reads the page's context with the site adapters and reports it, then again on each change
 * while the page lives. The background injects it (page.track) when a sidebar first opens
 * on the page, beside the launcher in the same isolated world.
 */
function start(): void {
  let last = '';
  const report = () => {
    const context: PageContext = readContext(new URL(location.href), document);
    const json = JSON.stringify(context);
    if (json === last) return;
    last = json;
    void send('page.context', { context });
  };
  report();

  // Single-page sites (Reddit, Skool) change the URL without a reload, and swap the content
  // a moment later: read again on each URL change, then once more shortly after.
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
}

// Injected once per page; a second injection (a sidebar opened again) has nothing to add.
if (!window.__nookContext) {
  window.__nookContext = true;
  start();
}
