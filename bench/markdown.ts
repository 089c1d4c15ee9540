import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADVERSARIAL, ordinaryMarkdown, prng } from '../components/markdown/samples';
import { MAX_MESSAGE } from '../protocol/limits';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium';
import type { Timing } from './markdown-page';
import { fmt, median } from './stats';
import type { BenchEnv, Row, Section } from './types';

const WARM = 3;
const RUNS = 15;
const BUDGET_MS = 20;

/** The page's script: Markdown.tsx and Preact, minified as in the builds. Built here, so the section needs no build. */
async function pageScript(): Promise<string> {
  const out = await build({
    entryPoints: [resolve('bench/markdown-page.tsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

export const markdown: Section = {
  id: 'markdown',
  title: 'Markdown: a 20 KB message, parsed and rendered',
  builds: [],
  async run(env: BenchEnv) {
    const samples = [
      ...ADVERSARIAL.map((s) => ({ name: s.name, source: s.make(MAX_MESSAGE), adversarial: true })),
      { name: 'an ordinary long message (seeded chat text: paragraphs, lists, quotes, code, links)', source: ordinaryMarkdown(prng(1), MAX_MESSAGE).slice(0, MAX_MESSAGE), adversarial: false },
    ];
    const browser = await chromium.launch({ headless: true, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const measured: { name: string; adversarial: boolean; render: number; renderMax: number; layout: number }[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 420, height: 800 } });
      // The sidebar's stylesheet and width: layout costs what it costs there.
      const css = readFileSync(resolve('components/theme.css'), 'utf8');
      await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><main style="width:380px"></main></body></html>`);
      await page.addScriptTag({ content: await pageScript() });
      for (const s of samples) {
        const times = await page.evaluate(({ source, warm, runs }) => (globalThis as unknown as { nookMarkdown: (s: string, w: number, r: number) => Timing[] }).nookMarkdown(source, warm, runs), { source: s.source, warm: WARM, runs: RUNS });
        const render = times.map((t) => t.render);
        const row = { name: s.name, adversarial: s.adversarial, render: median(render), renderMax: Math.max(...render), layout: median(times.map((t) => t.layout)) };
        env.log(`  parse + render ${fmt(row.render)} ms (max ${fmt(row.renderMax)}), then layout ${fmt(row.layout)} ms: ${s.name}`);
        measured.push(row);
      }
    } finally {
      await browser.close();
    }
    const adversarial = measured.filter((m) => m.adversarial);
    const worst = adversarial.reduce((a, b) => (b.render > a.render ? b : a));
    const worstLayout = adversarial.reduce((a, b) => (b.render + b.layout > a.render + a.layout ? b : a));
    const shown = (m: (typeof measured)[number]) => `${fmt(m.render)} ms (max ${fmt(m.renderMax)} ms); then layout ${fmt(m.layout)} ms`;
    const rows: Row[] = [
      {
        what: `parse + render, the worst of ${adversarial.length} adversarial messages of ${MAX_MESSAGE.toLocaleString('en-US')} characters, median`,
        ours: worst.render,
        unit: 'ms',
        shown: shown(worst),
        budget: { max: BUDGET_MS },
        note: worst.name,
      },
      {
        what: 'parse + render + the style and layout pass, the worst adversarial message, median',
        ours: worstLayout.render + worstLayout.layout,
        unit: 'ms',
        note: `${worstLayout.name}; layout grows with the text and its elements, as for ordinary text (last row)`,
      },
      ...measured.map((m) => ({ what: m.name, ours: m.render, unit: 'ms' as const, shown: shown(m) })),
    ];
    return {
      rows,
      how:
        `Each message (components/markdown/samples.ts, cut to ${MAX_MESSAGE.toLocaleString('en-US')} characters, the largest the hub accepts) rendered by components/markdown/Markdown.tsx with Preact in headless Chromium, ` +
        `bundled and minified with esbuild, in a 380 px column with the sidebar's stylesheet: ${WARM} unmeasured renders, then ${RUNS} timed with \`performance.now()\`, each into a fresh element: ` +
        'parse + render is the synchronous Preact render (parsing included) that puts the elements in the DOM; layout is the style and layout pass that reading the element\'s height forces after it. ' +
        'Medians; the verdict is on the worst adversarial message\'s parse + render.',
    };
  },
};
