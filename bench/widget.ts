import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startHub } from '../hub/server';
import { Api } from '../hub/testing/api';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium';
import { fmt, gzipKB, kB, median, percentile } from './stats';
import type { BenchEnv, Row, Section } from './types';

const DIST = resolve('dist/widget');
const HYPOTHESIS_BOOT = resolve('node_modules/hypothesis/build/boot.js');
const GISCUS = resolve('node_modules/giscus/dist/giscus.mjs');
const CREATOR = 'https://creator.test';
const RUNS = 10;

const gz = (file: string) => gzipKB(readFileSync(file));

/** The panel's JS at start: its entry and what the entry imports statically (chunks it preloads). */
function panelStartKB(): { kb: number; files: string[] } {
  const html = readFileSync(join(DIST, 'panel/index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]!.replace(/^\/panel\//, '').replace(/^\.\//, ''));
  return { kb: files.reduce((n, f) => n + gz(join(DIST, 'panel', f)), 0), files };
}

async function tagToMessages(env: BenchEnv): Promise<number[]> {
  const hub = await startHub({ port: 0, dataDir: mkdtempSync(join(env.tmp, 'hub-')), log: () => undefined, widgetDir: DIST, rateLimit: false });
  const browser = await chromium.launch({ headless: true, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const api = new Api(hub.url);
    const g = await api.group({ name: 'Knitting circle', ownerName: 'Olive' });
    const threadId = await api.thread(g.groupId, g.token);
    for (let i = 0; i < 30; i++) await api.message(g.groupId, threadId, g.token, `Message ${i}: cast on **60** stitches`);
    const invite = await api.invite(g.groupId, g.token);
    const context = await browser.newContext({ permissions: ['local-network-access'] });
    // In the panel's frame, note when the first message shows (Date.now: one clock for page and frame).
    await context.addInitScript(() => {
      if (location.pathname.startsWith('/panel')) {
        const w = window as unknown as { __shown?: number };
        new MutationObserver(() => {
          if (!w.__shown && document.querySelector('article')) w.__shown = Date.now();
        }).observe(document, { subtree: true, childList: true });
      }
    });
    await context.route(`${CREATOR}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><html><head><title>Lesson</title></head><body><main><h1>Lesson</h1><div id="here"></div></main></body></html>' }),
    );
    const page = await context.newPage();
    const insert = () =>
      page.evaluate(
        ({ src, group }) => {
          (window as unknown as { __t0: number }).__t0 = Date.now();
          const s = document.createElement('script');
          s.src = src;
          s.dataset.group = group;
          s.async = true;
          document.getElementById('here')!.append(s);
        },
        { src: `${hub.url}/widget.js`, group: g.groupId },
      );
    // First visit: join (the session cookie is then set for this creator's site), unmeasured.
    await page.goto(`${CREATOR}/lesson`);
    await insert();
    const f = page.frameLocator('iframe[title="Nook discussion"]');
    await f.getByRole('textbox', { name: 'Invite link or code' }).fill(invite.url);
    await f.getByRole('textbox', { name: 'Your name' }).fill('Vi');
    await f.getByRole('button', { name: 'Join', exact: true }).click();
    await f.getByRole('article').first().waitFor();
    const times: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await page.goto(`${CREATOR}/lesson`);
      await insert();
      await f.getByRole('article').first().waitFor();
      const frame = page.frames().find((fr) => fr.url().startsWith(`${hub.url}/panel`))!;
      const shown = await frame.evaluate(() => (window as unknown as { __shown?: number }).__shown ?? 0);
      const t0 = await page.evaluate(() => (window as unknown as { __t0: number }).__t0);
      if (i > 0) times.push(shown - t0);
      env.log(`  widget run ${i}: ${shown - t0} ms`);
    }
    await context.close();
    return times;
  } finally {
    await browser.close();
    await hub.close();
  }
}

export const widget: Section = {
  id: 'widget',
  title: 'Widget',
  builds: [],
  async run(env) {
    const t0 = Date.now();
    execSync('node scripts/build-widget.mjs', { stdio: 'pipe' });
    const panel = panelStartKB();
    // What the panel loads later, as the build says (the /create page's own chunks are not the panel's).
    const built = JSON.parse(readFileSync(join(DIST, 'sizes.json'), 'utf8')) as { lazy: Record<string, number> };
    const lazy = Object.entries(built.lazy).map(([f, bytes]) => ({ f, kb: bytes / 1000 }));
    const times = await tagToMessages(env);
    const rows: Row[] = [
      {
        what: 'widget loader (widget.js)',
        ours: gz(join(DIST, 'widget.js')),
        unit: 'kB',
        budget: { max: 2 },
        peer: `giscus (npm giscus.mjs) ${kB(gz(GISCUS))}; Hypothesis boot.js ${kB(gz(HYPOTHESIS_BOOT))}`,
      },
      {
        what: 'widget panel JS at start',
        ours: panel.kb,
        unit: 'kB',
        budget: { max: 40 },
        note: `${panel.files.join(', ')}; loaded later when needed: ${lazy.map((l) => `${l.f} ${kB(l.kb)}`).join(', ')}`,
      },
      {
        what: 'tag inserted to the panel showing messages (member), median (p95)',
        ours: median(times),
        unit: 'ms',
        shown: `${fmt(median(times), 0)} ms (p95 ${fmt(percentile(times, 95), 0)} ms)`,
        note: `${RUNS} runs; a group of 30 messages; hub on loopback`,
      },
    ];
    return {
      rows,
      how: `Sizes: gzip -9 of dist/widget after \`node scripts/build-widget.mjs\`; the panel's start is its index.html's scripts and preloads; peers are the npm packages' files gzipped the same way. Time: a creator page served at ${CREATOR} (Playwright route) with a real hub on 127.0.0.1; a member (session cookie set by one unmeasured join) reloads the page ${RUNS} times; each time a script inserts the widget's tag, and the panel frame records when its first message article appears (Date.now in both). ${((Date.now() - t0) / 1000).toFixed(0)} s.`,
    };
  },
};
