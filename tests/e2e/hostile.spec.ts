import type { BrowserContext } from '@playwright/test';
import { expect, extraPages, launcher, openSidebar, test } from './fixtures';

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
  await expect(page.locator('iframe[title="Nook sidebar"]')).toBeVisible();
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
