import type { BrowserContext } from '@playwright/test';
import { expect, extraPages, launcher, openSidebar, sidebarElement, test } from './fixtures';

/** Pages that misbehave still get a working launcher, and Nook's styles stay out of them. */
const HOSTILE = 'https://www.reddit.com/r/HostileCss/';
extraPages.set(
  HOSTILE,
  `<!doctype html><html><head><title>r/HostileCss</title>
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'">
  <style>
    * { display: none !important; visibility: hidden !important; opacity: 0 !important; font-size: 1px !important; }
    html, body, p#keep { display: block !important; visibility: visible !important; opacity: 1 !important; }
    div, iframe, button, nook-root { display: none !important; transform: scale(0) !important; }
    iframe { width: 0 !important; height: 0 !important; }
  </style></head>
  <body><shreddit-subreddit-header prefixed-name="r/HostileCss" name="HostileCss"></shreddit-subreddit-header>
  <p id="keep">Page text</p>
  <script>
    // Replace <body> after load, as some single-page apps do.
    setTimeout(() => { const b = document.createElement('body'); b.innerHTML = '<p id="keep">New body</p>'; document.body.replaceWith(b); }, 300);
  </script></body></html>`,
);

test('hostile CSS, a strict CSP and a replaced <body> do not break the launcher or the sidebar', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(HOSTILE);
  await page.waitForFunction(() => document.body.textContent?.includes('New body'));
  const button = launcher(page);
  await expect(button).toBeVisible();
  const frame = await openSidebar(page);
  await expect(sidebarElement(page)).toBeVisible();
  await expect(frame.getByRole('heading', { level: 1, name: 'r/HostileCss' })).toBeVisible();
  // Nook's styles did not leak into the page.
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('#keep')!).fontSize)).toBe('1px');
});

test('Nook adds no style to the page it sits on', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.reddit.com/r/Breadit/');
  await expect(launcher(page)).toBeVisible();
  const sheets = await page.evaluate(() => ({
    documentSheets: document.styleSheets.length,
    adopted: document.adoptedStyleSheets.length,
    bodyStyle: document.body.getAttribute('style'),
  }));
  expect(sheets.adopted).toBe(0);
  expect(sheets.bodyStyle).toBeNull();
});

/** Near-white pixels in the middle of a PNG screenshot (where the launcher draws its wordmark). */
async function whiteMiddlePixels(context: BrowserContext, png: Buffer): Promise<number> {
  const blank = await context.newPage();
  try {
    return await blank.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      const { width: w, height: h } = bitmap;
      // The middle only: the rounded corners show the page behind the button.
      const data = g.getImageData(Math.floor(w * 0.25), Math.floor(h * 0.2), Math.ceil(w * 0.5), Math.ceil(h * 0.6)).data;
      let white = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 200 && data[i + 1]! > 200 && data[i + 2]! > 200) white++;
      return white;
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

test('the launcher shows its "Nook" wordmark on a page whose CSP allows only its own images', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(HOSTILE);
  const button = launcher(page);
  await expect(button).toBeVisible();
  // The page's `default-src 'self'` blocks data: images, even in Nook's shadow root: the
  // wordmark would leave a blank blue tab. Give the image a moment to load, then look.
  await expect.poll(async () => whiteMiddlePixels(context, await button.screenshot()), { timeout: 5000 }).toBeGreaterThan(40);
});

/** What a page's script sees of Nook, after trying every way it has to press the launcher. */
const pressFromThePage = () =>
  (() => {
    const host = document.querySelector('nook-root');
    const root = host?.shadowRoot ?? null;
    root?.querySelector('button')?.click();
    host?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    (host as HTMLElement | null)?.click();
    const hit = document.elementFromPoint(innerWidth - 10, innerHeight / 2);
    (hit as HTMLElement | null)?.click();
    return { host: host !== null, shadowRoot: root === null ? null : 'open', hit: hit?.localName ?? null, iframes: document.querySelectorAll('iframe').length };
  })();

test('a page script cannot reach the launcher: no shadow root to open, and its clicks open nothing and save nothing', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.reddit.com/r/Breadit/');
  await expect(launcher(page)).toBeVisible();
  // The click handler runs at once, so what a scripted click did shows on the launcher now.
  expect(await page.evaluate(pressFromThePage)).toEqual({ host: true, shadowRoot: null, hit: 'nook-root', iframes: 0 });
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(sidebarElement(page)).toHaveCount(0);

  // Nothing was saved for the site: the next load of it starts closed (the remembered state
  // is applied as the launcher is drawn), and the member's own click still opens it.
  await page.reload();
  await expect(launcher(page)).toBeVisible();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(sidebarElement(page)).toHaveCount(0);
  await launcher(page).click();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(sidebarElement(page)).toBeVisible();
});

test('a page cannot find or restyle the open sidebar frame (to hide it for a click-jack)', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.reddit.com/r/Breadit/');
  await openSidebar(page);
  await expect(sidebarElement(page)).toBeVisible();
  const reached = await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent =
      'nook-root, nook-root *, iframe, iframe[title="Nook sidebar"] { opacity: 0 !important; visibility: hidden !important; clip-path: inset(50%) !important; } nook-root::part(f) { opacity: 0 !important; }';
    document.head.append(style);
    const root = document.querySelector('nook-root')?.shadowRoot;
    const frames = [...document.querySelectorAll('iframe'), ...(root?.querySelectorAll('iframe') ?? [])];
    for (const f of frames) f.style.setProperty('opacity', '0', 'important');
    document.querySelector('nook-root')?.setAttribute('style', 'opacity:0 !important');
    return { frames: frames.length, shadowRoot: document.querySelector('nook-root')?.shadowRoot ?? null, title: document.querySelector('[title="Nook sidebar"]') };
  });
  expect(reached).toEqual({ frames: 0, shadowRoot: null, title: null });
  await expect(sidebarElement(page)).toBeVisible();
  expect(await sidebarElement(page).style('opacity')).toBe('1');
  expect(await sidebarElement(page).style('visibility')).toBe('visible');
  expect(await sidebarElement(page).style('clip-path')).toBe('none');
  // The host element is the page's to touch; its style is put back at once.
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('nook-root')!).opacity)).toBe('1');
});

test('a page cannot probe Nook’s files at the extension’s fixed address, and Nook’s own frame still loads', async ({ context, extensionId }) => {
  const page = await context.newPage();
  await page.goto('https://www.reddit.com/r/Breadit/');
  // Web-accessible files under use_dynamic_url: a page asking the fixed id is refused, as if
  // Nook were not installed.
  const probe = (file: string) =>
    page.evaluate(
      (src) =>
        new Promise<string>((resolve) => {
          const img = new Image();
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('refused');
          img.src = src;
        }),
      `chrome-extension://${extensionId}/${file}`,
    );
  expect(await probe('wordmark.png')).toBe('refused');
  // Nor can it frame the sidebar itself, to dress it up and trick a click into it.
  await page.evaluate(
    (src) =>
      new Promise<void>((resolve) => {
        const f = document.createElement('iframe');
        f.onload = () => resolve();
        f.src = src;
        document.body.append(f);
      }),
    `chrome-extension://${extensionId}/sidebar.html`,
  );
  const sidebars = () => page.frames().filter((f) => f.url().startsWith('chrome-extension://') && f.url().includes('/sidebar.html'));
  expect(sidebars()).toHaveLength(0);
  const frame = await openSidebar(page);
  expect(sidebars()).toHaveLength(1);
  await expect(frame.getByRole('heading', { level: 1, name: 'r/Breadit' })).toBeVisible();
  await expect.poll(async () => whiteMiddlePixels(context, await launcher(page).screenshot())).toBeGreaterThan(40);
});
