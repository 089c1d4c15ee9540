/**
 * `npm run bench` measures Nook against the budgets of DESIGN.md and writes BENCHMARKS.md.
 *
 *   npm run bench                       every section
 *   npm run bench -- sizes search       only these (their tables are replaced, the others kept)
 *   npm run bench -- --no-build sizes   measure the existing .output without building
 *
 * Add a section (hub, widget): write `bench/<name>.ts` exporting a `Section` (bench/types.ts),
 * list it in SECTIONS below, and if it measures a new build, add the build to BuildId and BUILDS.
 */
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium';
import { cohorts } from './cohorts';
import { contentScriptCost } from './content-script-cost';
import { goalsBoard } from './goals-board';
import { HUB_SECTIONS } from './hub-sections';
import { markdown } from './markdown';
import { meetingGrid } from './meeting-grid';
import { search } from './search';
import { sidebarOpen } from './sidebar-open';
import { sizes } from './sizes';
import { widget } from './widget';
import { fmt } from './stats';
import type { BenchEnv, BuildId, Row, Section, SectionResult } from './types';

/** Every section, in the order of BENCHMARKS.md. */
const SECTIONS: Section[] = [sizes, contentScriptCost, sidebarOpen, search, markdown, goalsBoard, meetingGrid, ...HUB_SECTIONS, widget, cohorts];

/** Scratch space for runs (git-ignored); cached seeded profiles live in WORK/cache. */
const WORK = resolve('.bench-tmp/bench');
const OUTPUT = resolve('BENCHMARKS.md');

/**
 * How each build is made, and the directory it produces. The output is copied to a private
 * directory (a fixed path, so the unpacked extension keeps its id from run to run).
 */
const BUILDS: Record<BuildId, { command: string; output: string }> = {
  extension: { command: 'npx wxt build', output: '.output/chrome-mv3' },
};

function build(id: BuildId, skip: boolean): string {
  const { command, output } = BUILDS[id];
  if (!skip) {
    console.log(`build ${id}: ${command}`);
    execSync(command, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const from = resolve(output);
  if (!existsSync(from)) throw new Error(`${output} is missing: build it first (${command})`);
  const to = join(WORK, 'builds', id);
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return to;
}

/** The machine in full (for the header) and in short (under each table). */
async function machine(): Promise<{ full: string; short: string }> {
  const cpus = os.cpus();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const version = browser.version();
  await browser.close();
  const cpu = `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}`;
  return {
    full: [cpu, `${fmt(os.totalmem() / 2 ** 30, 0)} GiB memory`, `${os.type()} ${os.release()}`, `Node ${process.version}`, `Chromium ${version}`].join(', '),
    short: `${cpu}, Node ${process.version}, Chromium ${version}`,
  };
}

const number = (n: number, unit: Row['unit'], digits = unit === 'per s' || Math.abs(n) >= 1000 ? 0 : 1): string =>
  unit === '%' ? `${fmt(n, digits)}%` : unit ? `${fmt(n, digits)} ${unit}` : fmt(n, digits);
/** Budgets as DESIGN.md writes them: 6 kB, 150 ms, 5,000 per s. */
const limit = (n: number, unit: Row['unit']): string => number(n, unit, Number.isInteger(n) ? 0 : 1);

function verdict(row: Row): string {
  if (!row.budget) return '—';
  if (row.ours === null) return 'not measured';
  if ('max' in row.budget) return row.ours <= row.budget.max ? 'pass' : '**over**';
  return row.ours >= row.budget.min ? 'pass' : '**short**';
}

const cell = (s: string | undefined): string => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(section: Section, result: SectionResult | Error, when: string): string {
  const lines = [`## ${section.title}`, ''];
  if (result instanceof Error) {
    lines.push(`Not measured: the run failed (${cell(result.message.split('\n')[0])}), ${when}.`);
    return lines.join('\n');
  }
  lines.push('| what | Nook | budget | verdict | peers, measured the same way | note |', '| --- | --- | --- | --- | --- | --- |');
  for (const row of result.rows) {
    const ours = row.shown ?? (row.ours === null ? '—' : number(row.ours, row.unit));
    const budget = !row.budget ? '—' : 'max' in row.budget ? `≤ ${limit(row.budget.max, row.unit)}` : `≥ ${limit(row.budget.min, row.unit)}`;
    lines.push(`| ${cell(row.what)} | ${cell(ours)} | ${budget} | ${verdict(row)} | ${cell(row.peer) || '—'} | ${cell(row.note)} |`);
  }
  lines.push('', `How measured (${when}): ${result.how}`);
  return lines.join('\n');
}

const marker = (id: string) => [`<!-- bench:${id} -->`, `<!-- /bench:${id} -->`] as const;

/** The tables already in BENCHMARKS.md, by section id (kept when a run measures other sections). */
function previousBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  if (!existsSync(OUTPUT)) return blocks;
  const text = readFileSync(OUTPUT, 'utf8');
  for (const s of SECTIONS) {
    const [open, close] = marker(s.id);
    const a = text.indexOf(open);
    const b = text.indexOf(close);
    if (a >= 0 && b > a) blocks.set(s.id, text.slice(a + open.length, b).trim());
  }
  return blocks;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const skipBuild = args.includes('--no-build');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.id === n));
  if (unknown.length > 0) {
    console.error(`Unknown section ${unknown.join(', ')}. Sections: ${SECTIONS.map((s) => s.id).join(', ')}`);
    process.exit(2);
  }
  const chosen = names.length > 0 ? SECTIONS.filter((s) => names.includes(s.id)) : SECTIONS;

  mkdirSync(join(WORK, 'cache'), { recursive: true });
  const outs = new Map<BuildId, string>();
  for (const id of new Set(chosen.flatMap((s) => s.builds))) outs.set(id, build(id, skipBuild));
  const tmp = mkdtempSync(join(WORK, 'run-'));
  const env: BenchEnv = {
    out(id) {
      const dir = outs.get(id);
      if (!dir) throw new Error(`build ${id} was not made: list it in the section's builds`);
      return dir;
    },
    tmp,
    cache: join(WORK, 'cache'),
    log: (m) => console.log(m),
  };

  const about = await machine();
  const blocks = previousBlocks();
  let failed = false;
  const started = Date.now();
  try {
    for (const section of chosen) {
      console.log(`\n${section.title} (${section.id})`);
      const t = Date.now();
      // Other work on the machine slows every timing: say how busy it was.
      const load = os.loadavg()[0]!;
      let result: SectionResult | Error;
      try {
        result = await section.run(env);
      } catch (e) {
        failed = true;
        result = e instanceof Error ? e : new Error(String(e));
        console.error(result);
      }
      const when = `${new Date().toISOString().slice(0, 10)}, ${Math.round((Date.now() - t) / 1000)} s, on ${about.short}, load average ${fmt(load)} → ${fmt(os.loadavg()[0]!)}`;
      blocks.set(section.id, table(section, result, when));
      console.log(`  done in ${Math.round((Date.now() - t) / 1000)} s`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const body = SECTIONS.filter((s) => blocks.has(s.id)).map((s) => {
    const [open, close] = marker(s.id);
    return `${open}\n${blocks.get(s.id)}\n${close}`;
  });
  const header = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); the budgets are those of docs/DESIGN.md (Budgets). Do not edit by hand:',
    'run `npm run bench` (or `npm run bench -- <section>` for one table) and commit the result.',
    '',
    `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${chosen.map((s) => s.id).join(', ')}; ${Math.round((Date.now() - started) / 1000)} s), on ${about.full}.`,
    'Each table says when and where it was measured.',
  ];
  writeFileSync(OUTPUT, `${header.join('\n')}\n\n${body.join('\n\n')}\n`);
  console.log(`\nwrote ${OUTPUT}`);
  if (failed) process.exitCode = 1;
}

await main();
