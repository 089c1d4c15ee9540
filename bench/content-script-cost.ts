import type { BrowserContext, Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { nookPart } from '../tests/e2e/nook-parts';
import { extensionId, launchBrowser, savedPage, type Serve, THREAD_FILE, THREAD_URL } from './browser';
import { fmt, median, percentile } from './stats';
import { attributedTasks, isDevtoolsTask, mainThreadOf, sampledMs, tasksOf, totalMs, traced, type TraceEvent } from './trace';
import type { BenchEnv, Row, Section } from './types';

/** Rounds: each configuration gets its own browser once per round, alone on the machine. */
const ROUNDS = 3;
/** Loads measured per configuration and round (after one unmeasured warm-up load). */
const LOADS = 5;
/** Loads traced with CPU samples, per configuration and round. */
const SAMPLED_LOADS = 1;
/** The budget: Nook's content script at most 1/15 of Hypothesis's embed (in percent). */
const SHARE_BUDGET = 6.7;
/** Time after the load event still counted: the content script waits for the background, then draws. */
const SETTLE_MS = 700;

const HYPOTHESIS_DIR = resolve('node_modules/hypothesis/build');
const HYPOTHESIS_VERSION = (JSON.parse(readFileSync(resolve('node_modules/hypothesis/package.json'), 'utf8')) as { version: string }).version;
/** boot.js's default asset root: the Hypothesis CDN, served here from the npm package. */
const HYPOTHESIS_ROOT = `https://cdn.hypothes.is/hypothesis/${HYPOTHESIS_VERSION}/`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The thread page with Hypothesis's embed tag (as a site adds it), and Hypothesis's CDN and app served locally. */
const serveHypothesis: Serve = (url) => {
  if (url.href.startsWith(THREAD_URL)) {
    const tag = `<script async src="${HYPOTHESIS_ROOT}build/boot.js"></script>`;
    return { body: savedPage(THREAD_FILE).replace(/<\/body>/i, `${tag}</body>`), contentType: 'text/html; charset=utf-8' };
  }
  if (url.href.startsWith(`${HYPOTHESIS_ROOT}build/`)) {
    const file = join(HYPOTHESIS_DIR, url.pathname.slice(new URL(HYPOTHESIS_ROOT).pathname.length + 'build/'.length));
    if (!file.startsWith(HYPOTHESIS_DIR)) return undefined;
    return { body: readFileSync(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' };
  }
  // The sidebar, notebook and profile apps live on hypothes.is: a blank page each (their work runs in their own frames).
  if (url.hostname === 'hypothes.is') return { body: '<!doctype html><title>Hypothesis</title>', contentType: 'text/html' };
  return undefined;
};

interface Load {
  /** Main-thread time of the tasks that belong to the script under test. */
  own: number;
  /** Every main-thread task of the page (Playwright's own protocol tasks left out). */
  all: number;
  /** The main thread's CPU time in the script's own tasks (trace `tdur`): `own` less the time the thread was not running. */
  cpu: number;
}

interface Config {
  label: string;
  /** How its browser starts; the profile is kept from round to round, as a member's is. */
  launch: { extensionDir?: string; serve?: Serve; profile: string };
  /** Address prefix of the script under test (null: the page alone), once its browser runs. */
  prefixOf: (c: BrowserContext) => Promise<string | null>;
  /** The page shows the script's work, or the numbers measure a script that gave up. */
  ready?: (p: Page) => Promise<unknown>;
  /** Count the tasks that deliver extension messages to the page as the script's. */
  extensionMessages: boolean;
  loads: Load[];
  /** Per sampled load, ms of the script's code sampled inside other tasks. */
  elsewhere: number[];
}

/**
 * The floor any extension pays: a one-line content script that messages its background
 * (isolated world, `chrome.*` bindings, one round trip), for scale beside Nook's.
 */
function floorExtension(tmp: string): string {
  const dir = join(tmp, 'floor-extension');
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: 'floor',
    version: '1.0.0',
    background: { service_worker: 'background.js' },
    content_scripts: [{ matches: ['https://www.reddit.com/*'], js: ['content.js'], run_at: 'document_idle' }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'background.js'), 'chrome.runtime.onMessage.addListener((m, s, reply) => { reply({ ok: true }); });\n');
  writeFileSync(join(dir, 'content.js'), "chrome.runtime.sendMessage({ hello: location.hostname });\n");
  return dir;
}

/**
 * One load. Timed loads are traced without V8's CPU sampler, whose interrupts lengthen the
 * very script tasks being timed (by about 15%, measured); sampled loads (a few, after the
 * timed ones) only look for the script's code running inside tasks that are not its own.
 */
async function measureLoad(config: Config, context: BrowserContext, prefix: string | null, first: boolean, sampled = false): Promise<void> {
  const { label } = config;
  let events: TraceEvent[] = [];
  let thread: ReturnType<typeof mainThreadOf> = null;
  // Now and then (a sampled Hypothesis load, in a browser just started) a trace comes back
  // without the page's renderer: that load is lost, not slow, so it is made again.
  for (let attempt = 1; !thread; attempt++) {
    const page = await context.newPage();
    events = await traced(
      context,
      page,
      async () => {
        await page.goto(THREAD_URL, { waitUntil: 'load' });
        await page.waitForTimeout(SETTLE_MS);
      },
      { samples: sampled },
    );
    await page.close();
    thread = mainThreadOf(events, THREAD_URL);
    if (!thread && attempt === 3) throw new Error(`${label}: no main thread found in the trace, ${attempt} times`);
  }
  const tasks = tasksOf(events, thread).filter((t) => !isDevtoolsTask(t));
  if (!prefix) {
    if (!first && !sampled) config.loads.push({ own: 0, all: totalMs(tasks), cpu: 0 });
    return;
  }
  const mine = attributedTasks(tasks, prefix, config.extensionMessages);
  if (mine.length === 0) throw new Error(`${label}: no task of ${prefix} in the trace (did it run?)`);
  if (sampled) {
    config.elsewhere.push(sampledMs(events, thread, prefix, tasks.filter((t) => !mine.includes(t))));
    return;
  }
  const cpu = mine.reduce((sum, t) => sum + (Number((t.events[0] as { tdur?: number }).tdur) || 0), 0) / 1000;
  // The first load warms the browser (and wakes the background): not counted.
  if (!first) config.loads.push({ own: totalMs(mine), all: totalMs(tasks), cpu });
}

const stat = (xs: number[]) => `${fmt(median(xs))} ms (p95 ${fmt(percentile(xs, 95))} ms)`;
const pageMedian = (c: Config) => median(c.loads.map((l) => l.all));

export const contentScriptCost: Section = {
  id: 'content-script-cost',
  title: 'Content script cost on a page load',
  builds: ['extension'],
  async run(env: BenchEnv) {
    const config = (label: string, opts: { extensionDir?: string; serve?: Serve }, prefixOf: Config['prefixOf'], extensionMessages: boolean, ready?: Config['ready']): Config => ({
      label,
      launch: { ...opts, profile: mkdtempSync(join(env.tmp, 'profile-')) },
      prefixOf,
      ready,
      extensionMessages,
      loads: [],
      elsewhere: [],
    });
    const extensionPrefix = async (c: BrowserContext) => `chrome-extension://${await extensionId(c)}/`;
    const base = config('no extension', {}, async () => null, false);
    const nook = config('Nook', { extensionDir: env.out('extension') }, extensionPrefix, true, (p) =>
      nookPart(p, 'BUTTON', 'aria-label', 'Nook').waitFor({ timeout: 5000 }),
    );
    const floor = config('floor', { extensionDir: floorExtension(env.tmp) }, extensionPrefix, true);
    const hypothesis = config('Hypothesis', { serve: serveHypothesis }, async () => HYPOTHESIS_ROOT, false, (p) =>
      p.locator('hypothesis-sidebar').waitFor({ state: 'attached', timeout: 5000 }),
    );
    const configs = [base, nook, floor, hypothesis];

    // One browser at a time: on two cores, the idle browsers of the other configurations took
    // the CPU from the one being measured (Nook's wall time was 5.6-8.2 ms with all four alive,
    // 4.0-4.3 ms alone, while its CPU time stayed near 3 ms). Configurations still take turns,
    // round by round, so that a busy moment of the machine hits them alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of configs) {
        const context = await launchBrowser({ tmp: env.tmp, ...c.launch });
        try {
          const prefix = await c.prefixOf(context);
          // The first load warms the browser (and wakes the background): not counted.
          await measureLoad(c, context, prefix, true);
          for (let i = 0; i < LOADS; i++) await measureLoad(c, context, prefix, false);
          for (let i = 0; i < SAMPLED_LOADS; i++) await measureLoad(c, context, prefix, false, true);
          if (c.ready) {
            const page = await context.newPage();
            await page.goto(THREAD_URL);
            await c.ready(page);
            await page.close();
          }
        } finally {
          await context.close();
        }
      }
    }
    // Code sampled inside other tasks counts as the script's too.
    for (const c of configs) {
      const extra = c.elsewhere.length > 0 ? median(c.elsewhere) : 0;
      for (const l of c.loads) l.own += extra;
    }
    for (const c of configs) {
      env.log(`  ${c.label}: script ${c === base ? '-' : stat(c.loads.map((l) => l.own))}, page median ${fmt(pageMedian(c))} ms`);
    }

    const own = (c: Config) => c.loads.map((l) => l.own);
    const cpu = (c: Config) => c.loads.map((l) => l.cpu);
    const added = (c: Config) => pageMedian(c) - pageMedian(base);
    // The budget is a share of Hypothesis's embed, measured in the same run: the same loads took
    // a fifth longer on another 2-core machine, for every configuration (DESIGN.md, Budgets).
    const share = (100 * median(own(nook))) / median(own(hypothesis));
    const rows: Row[] = [
      {
        what: "content script main-thread time per page load, median, as a share of Hypothesis's embed in the same run",
        ours: share,
        unit: '%',
        shown: `${fmt(share)}% (${fmt(median(own(nook)))} ms against ${fmt(median(own(hypothesis)))} ms, 1/${fmt(100 / share)})`,
        budget: { max: SHARE_BUDGET },
        peer: `Hypothesis embed (boot + annotator): ${stat(own(hypothesis))}`,
        note: `1/15 of Hypothesis's embed: 5 ms where it was first measured (an Intel Xeon × 2, Hypothesis 74–81 ms)`,
      },
      {
        what: 'content script main-thread time per page load, median (p95)',
        ours: median(own(nook)),
        unit: 'ms',
        shown: stat(own(nook)),
        peer: `floor, a one-line content script messaging its background: ${stat(own(floor))}`,
        note:
          'tasks that run the script or deliver its messages (wall time), plus the median time of its code sampled in other tasks; ' +
          `CPU time of the main thread in those tasks, median: Nook ${fmt(median(cpu(nook)))} ms, floor ${fmt(median(cpu(floor)))} ms, Hypothesis ${fmt(median(cpu(hypothesis)))} ms`,
      },
      {
        what: 'whole page main-thread time added: median with − median without',
        ours: added(nook),
        unit: 'ms',
        peer: `Hypothesis: ${fmt(added(hypothesis))} ms; floor: ${fmt(added(floor))} ms`,
        note: `for information: the page alone takes ${fmt(pageMedian(base))} ms and varies by more than the budget from load to load`,
      },
    ];
    return {
      rows,
      how:
        `The saved Reddit thread (tests/fixtures/${THREAD_FILE}) loaded in a fresh tab, ${ROUNDS * LOADS} times per configuration: ${ROUNDS} rounds in which each configuration in turn starts its browser (its profile kept from round to round), alone on the machine, makes one unmeasured load, then ${LOADS} measured ones. ` +
        `Configurations: no extension; Nook's built extension; the floor extension; Hypothesis ${HYPOTHESIS_VERSION} through its embed tag (\`<script async src=…/boot.js>\`, its CDN served from the npm package, its sidebar app a blank page). ` +
        `Each load is traced with CDP \`Tracing\` (DevTools timeline categories) from navigation to ${SETTLE_MS} ms after the load event; then ${SAMPLED_LOADS} more load per round is traced with V8 CPU samples too (the sampler's interrupts lengthen the tasks it samples, so timed loads go without it). ` +
        "A script's time is the wall time of the renderer main thread's top-level tasks that evaluate or call it (by its address) or deliver an extension message, plus the median time of its code sampled on the stack inside other tasks; " +
        "Playwright's own DevTools tasks are left out. The verdict is on the medians' ratio.",
    };
  },
};
