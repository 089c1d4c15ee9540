import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium';
import type { Timing } from './meeting-grid-page';
import { pageBundle, renderRows } from './page-bundle';
import type { BenchEnv, Section } from './types';

const MEMBERS = 100;
const TIMES = 10;
const WARM = 3;
const RUNS = 15;
const BUDGET_MS = 50;


export const meetingGrid: Section = {
  id: 'meeting-grid',
  title: 'Meetings: the grid of a 100-member group, rendered',
  builds: [],
  async run(env: BenchEnv) {
    const browser = await chromium.launch({ headless: true, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    let first: Timing;
    let runs: Timing[];
    try {
      const page = await browser.newPage({ viewport: { width: 420, height: 800 } });
      const css = readFileSync(resolve('components/theme.css'), 'utf8');
      await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${css}</style></head><body><main style="width:380px"></main></body></html>`);
      await page.addScriptTag({ content: await pageBundle('bench/meeting-grid-page.tsx') });
      ({ first, runs } = await page.evaluate(
        ({ members, times, warm, n }) =>
          (globalThis as unknown as { nookMeetingGrid: (m: number, t: number, w: number, r: number) => { first: Timing; runs: Timing[] } }).nookMeetingGrid(members, times, warm, n),
        { members: MEMBERS, times: TIMES, warm: WARM, n: RUNS },
      ));
    } finally {
      await browser.close();
    }
    const rows = renderRows(`derive + render the meeting grid: ${MEMBERS} members, ${TIMES} candidate times, every member's answers, zones from intros, median`, first, runs, BUDGET_MS, env.log);
    return {
      rows,
      how:
        `One meeting of a seeded ${MEMBERS}-member group (${TIMES} weekly times across a DST change, each member answering every time, nine in ten with an intro's zone among ten zones) ` +
        'rendered by components/meetings/Meetings.tsx (the grid derived by components/meetings/grid.ts) with Preact in headless Chromium, bundled and minified with esbuild, in a 380 px column with the sidebar\'s stylesheet: ' +
        `one first render, ${WARM} unmeasured, then ${RUNS} timed with \`performance.now()\`, each into a fresh element; the verdict is on the median of those.`,
    };
  },
};
