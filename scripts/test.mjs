// `npm test`: everything a change must pass, in the order that fails fastest.
// Type check and lint, unit and hub tests (Vitest: real SQLite, real PostgreSQL), the
// extension build, then end-to-end tests in a real Chromium (Playwright).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const out = '.test-results';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const run = (name, cmd, args, env = {}) => {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
};

const steps = [];
const only = process.argv[2];
const want = (s) => !only || only === s;

if (want('static')) {
  steps.push(['typecheck', run('typecheck', 'npx', ['tsc', '--noEmit'])]);
  steps.push(['lint', run('lint', 'npx', ['eslint', '.'])]);
}
if (want('unit')) {
  steps.push(['unit', run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/vitest.json`])]);
}
if (want('e2e')) {
  const built = run('build', 'npx', ['wxt', 'build']) && run('build widget', 'node', ['scripts/build-widget.mjs']);
  steps.push(['build', built]);
  if (built) {
    steps.push(['e2e', run('e2e', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/playwright.json` })]);
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(`${out}/vitest.json`)) {
  const v = JSON.parse(readFileSync(`${out}/vitest.json`, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
}
if (existsSync(`${out}/playwright.json`)) {
  const p = JSON.parse(readFileSync(`${out}/playwright.json`, 'utf8'));
  passed += p.stats.expected + (p.stats.flaky ?? 0);
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
}
for (const [name, ok] of steps) if (!ok && !['unit', 'e2e'].includes(name)) failed += 1;
const bad = steps.filter(([, ok]) => !ok).map(([n]) => n);
console.log(`\nSteps: ${steps.map(([n, ok]) => `${n} ${ok ? 'ok' : 'FAILED'}`).join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(bad.length ? 1 : 0);
