// Builds the widget into dist/widget/ (served by the hub): the loader `widget.js` (one
// minified IIFE that runs in creators' pages) and, with widget/vite-pages.ts, the panel
// (/panel/), the creators' page (/create) and the creator console (/console). Prints gzip sizes and writes them to
// dist/widget/sizes.json for `npm run bench`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tsImport } from 'tsx/esm/api';
import { build } from 'vite';

const OUT = resolve('dist/widget');
const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// The pages' Vite builds are written in TypeScript; tsx loads them.
const { widgetPage } = await tsImport('../widget/vite-pages.ts', import.meta.url);
const built = {};
for (const page of ['panel', 'create', 'console']) [built[page]] = [await build(await widgetPage(page))].flat();
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: OUT,
    emptyOutDir: false,
    // Creators' visitors bring every kind of browser.
    target: 'es2017',
    minify: 'esbuild',
    reportCompressedSize: false,
    lib: { entry: resolve('widget/loader/widget.ts'), formats: ['iife'], name: 'NookLoader', fileName: () => 'widget.js' },
  },
});

const gz = (file) => gzipSync(readFileSync(join(OUT, file))).length;
/** A page's JS before anything is loaded lazily (its entry and what it imports statically), its CSS, and what it loads later. */
function page(name) {
  const chunks = new Map(built[name].output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dep of chunks.get(file)?.imports ?? []) walk(dep);
  };
  walk([...chunks.values()].find((c) => c.isEntry)?.fileName);
  return {
    first: [...seen],
    css: built[name].output.filter((o) => o.type === 'asset' && o.fileName.endsWith('.css')).map((o) => o.fileName),
    lazy: [...chunks.values()].filter((c) => c.isDynamicEntry).map((c) => c.fileName),
  };
}
const panel = page('panel');
const create = page('create');
const consolePage = page('console');
const sum = (files) => files.reduce((n, f) => n + gz(f), 0);

const sizes = {
  loader: gz('widget.js'),
  panelJs: sum(panel.first),
  panelCss: sum(panel.css),
  createJs: sum(create.first),
  consoleJs: sum(consolePage.first),
  lazy: Object.fromEntries(panel.lazy.map((f) => [f.replace(/^panel\/assets\//, '').replace(/-[\w-]{8}\.js$/, ''), gz(f)])),
};
writeFileSync(join(OUT, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(
  `widget built in ${((Date.now() - started) / 1000).toFixed(1)} s (gzip): loader ${kb(sizes.loader)}, panel JS ${kb(sizes.panelJs)} + CSS ${kb(sizes.panelCss)}, /create JS ${kb(sizes.createJs)}, /console JS ${kb(sizes.consoleJs)}; lazy: ${Object.entries(sizes.lazy)
    .map(([k, v]) => `${k} ${kb(v)}`)
    .join(', ')}`,
);
