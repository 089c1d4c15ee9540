import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Headless Chromium has no toolbar, but DevTools can press an extension's toolbar button on a
 * tab (`Extensions.triggerAction`, allowed with this flag over Playwright's pipe): the browser
 * then does what a click does, the activeTab grant included, and opens the popup. Playwright
 * does not list that popup among the context's pages; a second DevTools connection (on the
 * port the second flag opens) does.
 */
export const TOOLBAR_ARGS = ['--enable-unsafe-extension-debugging', '--remote-debugging-port=0'];

export interface Toolbar {
  /** Presses the toolbar button on `page`'s tab; returns the popup it opened. */
  click(page: Page): Promise<Page>;
  close(): Promise<void>;
}

/** `context` must come from `launch(profile, { toolbar: true })`, `profile` its directory. */
export async function toolbar(context: BrowserContext, profile: string, extensionId: string): Promise<Toolbar> {
  const browser = context.browser();
  if (!browser) throw new Error('toolbar: the context has no browser to talk DevTools to');
  const cdp = await browser.newBrowserCDPSession();
  // Chromium writes the port it chose to the profile directory.
  const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
  let viewer: Browser | null = null;
  const popups = () => viewer!.contexts().flatMap((c) => c.pages()).filter((p) => p.url() === `chrome-extension://${extensionId}/popup.html`);
  return {
    async click(page) {
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const tab = targetInfos.find((t) => t.type === 'tab' && t.url === page.url());
      if (!tab) throw new Error(`toolbar: no tab at ${page.url()}`);
      await page.bringToFront();
      await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
      for (let i = 0; i < 100; i++) {
        // A fresh connection sees the targets as they are now.
        await viewer?.close();
        viewer = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
        const [popup] = popups();
        if (popup) {
          await popup.waitForLoadState('domcontentloaded');
          return popup;
        }
        await page.waitForTimeout(100);
      }
      throw new Error('toolbar: the popup did not open');
    },
    async close() {
      await viewer?.close();
      await cdp.detach();
    },
  };
}
