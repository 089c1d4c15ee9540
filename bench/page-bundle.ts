import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileCatalog } from '../i18n/vite-plugin';
import { fmt, median } from './stats';
import type { Row } from './types';

/** English compiled as the builds compile it (i18n/vite-plugin.ts), so messages with plurals format as they do for members. */
const catalogs: Plugin = {
  name: 'nook-catalogs',
  setup(b) {
    b.onLoad({ filter: /[\\/]i18n[\\/]catalogs[\\/]en\.json$/ }, (args) => ({
      contents: JSON.stringify(compileCatalog('en', JSON.parse(readFileSync(args.path, 'utf8')) as Record<string, unknown>, () => undefined)),
      loader: 'json',
    }));
  },
};

/**
 * A bench page's script: components that use the catalog, with Preact, minified as in the
 * builds. Built here with esbuild, so a section that renders components needs no build.
 */
export async function pageBundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    logLevel: 'silent',
    plugins: [catalogs],
    // A section's stylesheet is given to the page whole (it is loaded with the section's chunk).
    loader: { '.css': 'empty' },
    alias: { '@formatjs/icu-messageformat-parser': '@formatjs/icu-messageformat-parser/no-parser.js' },
    // Other languages load on demand through Vite's import.meta.glob; English alone is needed here.
    define: { 'import.meta.glob': 'nookNoCatalogs' },
    banner: { js: 'var nookNoCatalogs = () => ({});' },
  });
  return out.outputFiles[0]!.text;
}

/** A render's timings in a bench page: the script's own work, then the browser's style and layout pass. */
export interface RenderTiming {
  render: number;
  layout: number;
}

/** The two rows of a section that renders components: the median of the runs against the budget, and the first render. */
export function renderRows(what: string, first: RenderTiming, runs: RenderTiming[], budgetMs: number, log: (line: string) => void, detail = ''): Row[] {
  const render = median(runs.map((r) => r.render));
  const max = Math.max(...runs.map((r) => r.render));
  const layout = median(runs.map((r) => r.layout));
  log(`  render ${fmt(render)} ms (max ${fmt(max)}, first ${fmt(first.render)}), then layout ${fmt(layout)} ms${detail}`);
  return [
    { what, ours: render, unit: 'ms', shown: `${fmt(render)} ms (max ${fmt(max)} ms); then layout ${fmt(layout)} ms`, budget: { max: budgetMs } },
    {
      what: 'the first render (the date formatters made), then its style and layout pass',
      ours: first.render + first.layout,
      unit: 'ms',
      shown: `${fmt(first.render)} ms + ${fmt(first.layout)} ms`,
      note: "a member's first look at the section",
    },
  ];
}
