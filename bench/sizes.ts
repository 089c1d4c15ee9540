import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { nookPart } from '../tests/e2e/nook-parts';
import { extensionId, launchBrowser, THREAD_URL } from './browser';
import { gzipKB, kB } from './stats';
import type { BenchEnv, Row, Section } from './types';
import { CONTENT_FILES } from '../scripts/content-files';
import { WORDMARK } from '../entrypoints/content/wordmark';

const HYPOTHESIS = resolve('node_modules/hypothesis/build');
const CATALOGS = resolve('i18n/catalogs');

const gz = (file: string) => gzipKB(readFileSync(file));
const list = (files: { name: string; kb: number }[]) =>
  [...files].sort((a, b) => b.kb - a.kb).map((f) => `${f.name} ${kB(f.kb)}`).join(', ');

/**
 * The JS files the sidebar page fetches when the member opens it on a page: recorded from
 * Chromium's requests, so it is what users get (static imports, modulepreload, anything
 * loaded at start).
 */
async function sidebarScripts(env: BenchEnv): Promise<string[]> {
  const context = await launchBrowser({ tmp: env.tmp, extensionDir: env.out('extension') });
  try {
    const id = await extensionId(context);
    const page = await context.newPage();
    const fetched = new Set<string>();
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol === 'chrome-extension:' && url.host === id && url.pathname.endsWith('.js')) fetched.add(url.pathname);
    });
    await page.goto(THREAD_URL);
    // The launcher and its frame are in a closed shadow root: found as tests/e2e/nook-parts.ts finds them.
    await nookPart(page, 'BUTTON', 'aria-label', 'Nook').click();
    let frame = page.frames().find((f) => f.url().endsWith('/sidebar.html'));
    while (!frame) {
      await page.waitForTimeout(50);
      frame = page.frames().find((f) => f.url().endsWith('/sidebar.html'));
    }
    await frame.getByRole('heading', { level: 1, name: 'r/Sourdough' }).waitFor();
    await page.waitForTimeout(1000);
    if (fetched.size === 0) throw new Error('no sidebar script fetched');
    return [...fetched];
  } finally {
    await context.close();
  }
}

export const sizes: Section = {
  id: 'sizes',
  title: 'Sizes (gzip -9)',
  builds: ['extension'],
  async run(env: BenchEnv) {
    const out = env.out('extension');
    const peer = (file: string) => ({ name: basename(file), kb: gz(join(HYPOTHESIS, file)) });
    const boot = peer('boot.js');
    const annotator = peer('scripts/annotator.bundle.js');
    const hSidebar = peer('scripts/sidebar.bundle.js');

    // What ever runs in a host page: the manifest's content scripts, and the context reader
    // the background injects when a sidebar opens.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { content_scripts?: { js?: string[] }[] };
    const inPage = [...new Set([...(manifest.content_scripts ?? []).flatMap((c) => c.js ?? []), CONTENT_FILES.context.slice(1)])];
    const content = inPage.map((f) => ({ name: f, kb: gz(join(out, f)) }));
    const contentKB = content.reduce((s, f) => s + f.kb, 0);

    const scripts = (await sidebarScripts(env)).map((p) => ({ name: p.replace(/^\//, ''), kb: gz(join(out, p)) }));
    const sidebarKB = scripts.reduce((s, f) => s + f.kb, 0);

    // Catalogs other than English are chunks of their own, loaded when that language is chosen.
    const chunks = readdirSync(join(out, 'chunks'));
    const languages = readdirSync(CATALOGS)
      .filter((f) => f.endsWith('.json') && f !== 'en.json')
      .map((f) => f.replace(/\.json$/, ''));
    const catalogRows: Row[] = languages.map((lang) => {
      const chunk = chunks.find((c) => new RegExp(`^${lang.replace(/[-.]/g, '\\$&')}-[\\w-]{8}\\.js$`).test(c));
      return {
        what: `language catalog ${lang}, loaded on demand`,
        ours: chunk ? gz(join(out, 'chunks', chunk)) : null,
        unit: 'kB',
        shown: chunk ? undefined : 'chunk not found',
        note: chunk ? `chunks/${chunk}` : '',
      };
    });
    if (languages.length === 0) {
      catalogRows.push({ what: 'language catalogs, loaded on demand', ours: null, unit: 'kB', shown: 'none yet', note: 'only English, which is in the sidebar JS' });
    }

    const rows: Row[] = [
      {
        what: 'content scripts: launcher (every page load) + context reader (injected at first open)',
        ours: contentKB,
        unit: 'kB',
        budget: { max: 6 },
        peer: `Hypothesis boot.js ${kB(boot.kb)} + annotator.bundle.js ${kB(annotator.kb)} = ${kB(boot.kb + annotator.kb)}`,
        // Not script, so not in the budget, but fetched on the same page loads as the launcher.
        note: `${list(content)}; besides, the launcher's wordmark image ${WORDMARK.path.slice(1)} ${kB(statSync(join(out, WORDMARK.path)).size / 1000)} (a PNG, not compressed again)`,
      },
      {
        what: 'sidebar app JS, fetched at open',
        ours: sidebarKB,
        unit: 'kB',
        budget: { max: 60 },
        peer: `Hypothesis sidebar.bundle.js ${kB(hSidebar.kb)}`,
        note: list(scripts),
      },
      ...catalogRows,
    ];
    return {
      rows,
      how:
        'Each file compressed with node:zlib at level 9, sizes in kB (1,000 bytes). The content scripts are the files of the manifest\'s `content_scripts` plus the context reader the background injects when a sidebar first opens: everything Nook runs in a host page. ' +
        "The sidebar's JS is every .js file Chromium requested from the extension while the sidebar opened on the saved Reddit thread (Playwright request listener), " +
        `so it counts what the member downloads and parses, shared chunks included. Peers: the hypothesis npm package's build/ files, gzipped the same way.`,
    };
  },
};
