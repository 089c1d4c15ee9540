import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium';
import type { Timing } from './goals-board-page';
import { pageBundle, renderRows } from './page-bundle';
import type { BenchEnv, Section } from './types';

const MEMBERS = 100;
const WARM = 3;
const RUNS = 15;
const BUDGET_MS = 50;

type Result = { first: Timing; runs: Timing[]; goals: number; checkIns: number; rows: number };

export const goalsBoard: Section = {
  id: 'goals-board',
  title: 'Goals: the weekly board of a 100-member group, rendered',
  builds: [],
  async run(env: BenchEnv) {
    const browser = await chromium.launch({ headless: true, executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    let result: Result;
    try {
      const page = await browser.newPage({ viewport: { width: 420, height: 800 }, timezoneId: 'Europe/Berlin' });
      // The sidebar's stylesheet and the section's own, at the sidebar's width.
      const css = ['components/theme.css', 'components/goals/goals.css'].map((f) => readFileSync(resolve(f), 'utf8')).join('\n');
      await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${css}</style></head><body><main style="width:380px"></main></body></html>`);
      await page.addScriptTag({ content: await pageBundle('bench/goals-board-page.tsx') });
      result = await page.evaluate(
        ({ members, warm, n }) => (globalThis as unknown as { nookGoalsBoard: (m: number, w: number, r: number) => Result }).nookGoalsBoard(members, warm, n),
        { members: MEMBERS, warm: WARM, n: RUNS },
      );
    } finally {
      await browser.close();
    }
    const { first, runs } = result;
    if (result.rows !== MEMBERS) throw new Error(`the board has ${result.rows} rows, not ${MEMBERS}`);
    const rows = renderRows(`derive + render the weekly board: ${MEMBERS} members, ${result.goals} goals, ${result.checkIns.toLocaleString('en-US')} check-ins over four weeks, median`, first, runs, BUDGET_MS, env.log, `; ${result.goals} goals, ${result.checkIns} check-ins`);
    return {
      rows,
      how:
        `A seeded ${MEMBERS}-member group (1-3 goals each, one in four weekly; four weeks of check-ins in ten zones, about four days in five, some cheered and with notes; the week of New York's DST change) ` +
        "derived by components/goals/board.ts (streaks included) and rendered by components/goals/WeekBoard.tsx with Preact in headless Chromium, bundled and minified with esbuild, in a 380 px column with the sidebar's and the section's stylesheets: " +
        `one first render, ${WARM} unmeasured, then ${RUNS} timed with \`performance.now()\`, each into a fresh element; the verdict is on the median of those.`,
    };
  },
};
