import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUB_SECTIONS } from './hub-sections';

/** Runs the hub sections alone and prints their rows (until bench/run.ts lists them). */
const only = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'nook-hub-bench-'));
const t0 = performance.now();
try {
  for (const s of HUB_SECTIONS) {
    if (only.length && !only.includes(s.id)) continue;
    const start = performance.now();
    const r = await s.run({ tmp, out: () => '', log: (m) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`) });
    console.log(`\n## ${s.title} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
    for (const row of r.rows) console.log(JSON.stringify(row));
    console.log(r.how, '\n');
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
