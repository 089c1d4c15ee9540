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
