import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, launch, launcher, openSidebar, sidebarElement, test } from './fixtures';

// Playwright's `locale` sets navigator.language in every page (this headless Chromium
// ignores --lang, and the service worker's browser.i18n.getUILanguage() stays English):
// the sidebar reads navigator.language, and the background gets the page's from the
// content script, so the launcher's strings and side follow it too.
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

/** Warnings from the catalog (a missing key, a broken translation) in the page and its frames. */
function i18nWarnings(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.text().includes('[nook i18n]')) seen.push(m.text());
  });
  return seen;
}

test('a browser set to German shows the sidebar in German', async ({ profile }) => {
  const context = await launch(profile, { locale: 'de-DE' });
  try {
    const page = await context.newPage();
    const warnings = i18nWarnings(page);
    await page.goto(THREAD);
    expect(await page.evaluate(() => navigator.language)).toBe('de-DE');
    const frame = await openSidebar(page);

    // The iframe's title comes from the background, in the page's language.
    await expect(sidebarElement(page, 'Nook-Seitenleiste')).toBeVisible();
    await expect(frame.locator('html')).toHaveAttribute('lang', 'de');
    await expect(frame.locator('html')).toHaveAttribute('dir', 'ltr');

    await expect(frame.getByRole('heading', { name: 'r/Sourdough' })).toBeVisible();
    await expect(frame.getByRole('tablist', { name: 'Nook-Bereiche' })).toBeVisible();
    await expect(frame.getByRole('tab', { name: 'Gruppen' })).toHaveAttribute('aria-selected', 'true');
    await expect(frame.getByRole('button', { name: 'Neue Gruppe' })).toBeVisible();
    await expect(frame.getByRole('button', { name: 'Nook schließen' })).toBeVisible();
    await expect(frame.getByRole('button', { name: 'Nook-Schaltfläche auf dieser Website ausblenden' })).toBeVisible();
    await expect(frame.getByText('Noch keine Gruppen. Starte eine mit „Neue Gruppe“.')).toBeVisible();

    await frame.getByRole('tab', { name: 'Notizen' }).click();
    const note = frame.getByRole('textbox', { name: 'Notiz zu dieser Seite' });
    await expect(note).toHaveAttribute('placeholder', 'Nur für dich. Markdown funktioniert: **fett**, Listen, Links.');
    await expect(frame.getByRole('heading', { name: 'Alle Notizen' })).toBeVisible();
    await expect(frame.getByRole('searchbox', { name: 'Notizen und Nachrichten durchsuchen' })).toBeVisible();
    await note.fill('Mehr Wasser, längere Gare');
    await expect(frame.getByText('Gespeichert', { exact: true })).toBeVisible();
    // The note's time, in German, through Intl.
    await expect(frame.getByText(/^Aktualisiert (gerade|jetzt|vor \d+ Sekunden?)$/)).toBeVisible();

    // No English left on screen, and the catalog reported nothing missing.
    const text = await frame.locator('body').innerText();
    for (const english of ['Groups', 'Notes', 'New group', 'Saved', 'Search notes']) expect(text).not.toContain(english);
    expect(warnings).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a browser set to Arabic lays Nook out right to left, on the left edge', async ({ profile }) => {
  const context = await launch(profile, { locale: 'ar' });
  try {
    const page = await context.newPage();
    await page.goto(THREAD);
    const viewport = page.viewportSize()!;

    // The launcher waits at the left edge, and keeps its brand name.
    const button = launcher(page);
    await button.waitFor();
    const closed = (await button.boundingBox())!;
    expect(closed.x).toBeLessThanOrEqual(1);
    expect(closed.x + closed.width).toBeLessThan(viewport.width / 2);

    const frame = await openSidebar(page);
    const iframe = sidebarElement(page, 'الشريط الجانبي لـ Nook');
    await expect(iframe).toBeVisible();
    const box = (await iframe.boundingBox())!;
    expect(box.x).toBeLessThanOrEqual(1);
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThanOrEqual(viewport.height - 1);
    // The open launcher sits just beside the sidebar, on its page side.
    const open = (await button.boundingBox())!;
    expect(open.x).toBeGreaterThanOrEqual(box.x + box.width - 1);

    await expect(frame.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(frame.locator('html')).toHaveAttribute('lang', 'ar');
    const groupsTab = frame.getByRole('tab', { name: 'المجموعات' });
    const notesTab = frame.getByRole('tab', { name: 'الملاحظات' });
    await expect(groupsTab).toBeVisible();
    await expect(frame.getByRole('button', { name: 'مجموعة جديدة' })).toBeVisible();

    // Mirrored: the first tab is on the right, the heading on the right and the close
    // button on the left of the header.
    const g = (await groupsTab.boundingBox())!;
    const n = (await notesTab.boundingBox())!;
    expect(g.x).toBeGreaterThan(n.x);
    const heading = (await frame.getByRole('heading', { name: 'r/Sourdough' }).boundingBox())!;
    const close = (await frame.getByRole('button', { name: 'إغلاق Nook' }).boundingBox())!;
    expect(close.x).toBeLessThan(heading.x);
    // Arrow keys follow the reading direction: Left moves to the next tab.
    await groupsTab.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(notesTab).toHaveAttribute('aria-selected', 'true');

    const note = frame.getByRole('textbox', { name: 'ملاحظة لهذه الصفحة' });
    await expect(note).toBeVisible();
    // The placeholder reads right to left; typed Latin text is kept as typed.
    await expect(note).toHaveAttribute('placeholder', /^خاصة بك وحدك/);
    await note.fill('75% hydration');
    await expect(note).toHaveValue('75% hydration');
    await expect(frame.getByText('تم الحفظ', { exact: true })).toBeVisible();
  } finally {
    await context.close();
  }
});
