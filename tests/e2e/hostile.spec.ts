import type { BrowserContext } from '@playwright/test';
import { expect, extraPages, launcher, openSidebar, sidebarElement, sidebarFrame, test } from './fixtures';

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

/**
 * Pixels of a PNG screenshot that are near white in its middle (where the launcher draws its
 * wordmark; the rounded corners show the page behind the button), or plain red anywhere.
 */
async function countPixels(context: BrowserContext, png: Buffer, kind: 'white-middle' | 'red'): Promise<number> {
  const blank = await context.newPage();
  try {
    return await blank.evaluate(
      async ([b64, kind]) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const g = canvas.getContext('2d')!;
        g.drawImage(bitmap, 0, 0);
        const { width: w, height: h } = bitmap;
        const middle = kind === 'white-middle';
        const data = middle ? g.getImageData(Math.floor(w * 0.25), Math.floor(h * 0.2), Math.ceil(w * 0.5), Math.ceil(h * 0.6)).data : g.getImageData(0, 0, w, h).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, gr, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
          if (middle ? r > 200 && gr > 200 && b > 200 : r > 200 && gr < 80 && b < 80) n++;
        }
        return n;
      },
      [png.toString('base64'), kind] as const,
    );
  } finally {
    await blank.close();
  }
}
const whiteMiddlePixels = (context: BrowserContext, png: Buffer) => countPixels(context, png, 'white-middle');

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

/**
 * Containers a page may move Nook's host into, inside <body>: each leaves the host's own style
 * as Nook set it, yet would fade, hide, shrink or clip everything Nook draws while the page
 * around stays as it was (its decoy showing where the member's click lands on Nook).
 */
const CONTAINERS = ['opacity:.001', 'filter:opacity(0)', 'transform:scale(0)', 'clip-path:inset(50%)', 'visibility:hidden', 'display:none'];

/** A red button of the page's own, where the open sidebar covers it; its clicks are counted. */
const addDecoy = () => {
  const decoy = document.createElement('button');
  decoy.id = 'decoy';
  decoy.textContent = 'Claim your prize';
  decoy.setAttribute('style', 'all:initial;position:fixed;top:120px;right:140px;width:120px;height:60px;background:#f00;z-index:2147483646');
  (window as { decoyClicks?: number }).decoyClicks = 0;
  decoy.addEventListener('click', () => ((window as { decoyClicks?: number }).decoyClicks! += 1));
  document.body.append(decoy);
  const r = decoy.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
};

test('a page that moves Nook into a faded, shrunk or clipped container gets it put back under <html>, shown, and taking the clicks', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.reddit.com/r/Breadit/');
  await openSidebar(page);
  await expect(sidebarElement(page)).toBeVisible();
  const decoy = await page.evaluate(addDecoy);
  const redUnderNook = async () => countPixels(context, await page.screenshot({ clip: decoy }), 'red');
  // The open sidebar covers the decoy: none of its red shows.
  expect(await redUnderNook()).toBe(0);

  for (const style of CONTAINERS) {
    await page.evaluate((style) => {
      const box = document.createElement('div');
      box.setAttribute('style', style);
      document.body.append(box);
      box.append(document.querySelector('nook-root')!);
    }, style);
    expect(await page.evaluate(() => document.querySelector('nook-root')?.parentNode === document.documentElement), style).toBe(true);
    await expect(sidebarElement(page)).toBeVisible();
    await expect.poll(redUnderNook, { message: style }).toBe(0);
    // The member aims at what shows there: the click lands on Nook, not on the page's button.
    await page.mouse.click(decoy.x + decoy.width / 2, decoy.y + decoy.height / 2);
    expect(await page.evaluate(() => (window as { decoyClicks?: number }).decoyClicks), style).toBe(0);
  }
  // Still Nook's own sidebar, working, after the page's moves.
  const frame = await sidebarFrame(page);
  await expect(frame.getByRole('heading', { level: 1, name: 'r/Breadit' })).toBeVisible();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
});

test('a page that keeps moving Nook away gets no loop: the sidebar closes and will not open while Nook is not where it belongs', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.reddit.com/r/Breadit/');
  await openSidebar(page);
  await expect(sidebarElement(page)).toBeVisible();
  // Each time Nook puts its host back, the page moves it into the faded box again.
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.setAttribute('style', 'opacity:.001');
    document.body.append(box);
    const host = document.querySelector('nook-root')!;
    const away = () => {
      if (host.parentNode !== box) box.append(host);
    };
    new MutationObserver(away).observe(document.documentElement, { childList: true });
    away();
  });
  // The page still answers (no endless tug of war), and the faded sidebar is closed.
  expect(await page.evaluate(() => document.querySelector('nook-root')?.parentElement?.getAttribute('style'))).toBe('opacity:.001');
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(sidebarElement(page)).toBeHidden();

  // The member clicks where the (invisible) launcher is: it does not open there.
  await launcher(page).click();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(sidebarElement(page)).toBeHidden();
});

for (const [address, heading] of [
  ['https://www.reddit.com/r/Breadit/', 'r/Breadit'],
  // Nothing of the page's own is shown there: Nook's wordmark is the largest thing painted.
  [HOSTILE, 'r/HostileCss'],
] as const) {
  test(`the page’s performance timeline does not give it the address of Nook’s files, with which it could frame the sidebar (${heading})`, async ({ context }) => {
    const page = await context.newPage();
    // The page watches from its first script, as one that hunts for the address would: every
    // kind of entry that names a URL (resources, the frame's load, the largest image painted).
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as { seen?: string[] }).seen = seen;
      for (const type of ['resource', 'navigation', 'largest-contentful-paint', 'element'])
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) seen.push(e.name, (e as { url?: string }).url ?? '');
        }).observe({ type, buffered: true });
    });
    await page.goto(address);
    await expect.poll(async () => whiteMiddlePixels(context, await launcher(page).screenshot())).toBeGreaterThan(40);
    const frame = await openSidebar(page);
    await expect(frame.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    // The page's watch works: a fetch of its own shows in it.
    await page.evaluate(() => fetch(location.pathname + '?mine').then((r) => r.text()));
    await expect.poll(() => page.evaluate(() => (window as { seen?: string[] }).seen?.some((n) => n.endsWith('?mine')))).toBe(true);
    const names = await page.evaluate(() => [
      ...performance.getEntries().flatMap((e) => [e.name, (e as { url?: string }).url ?? '']),
      ...((window as { seen?: string[] }).seen ?? []),
    ]);
    expect(names.filter((n) => n.includes('-extension:'))).toEqual([]);
  });
}
