// Builds the widget into dist/widget/ (served by the hub): the loader `widget.js` (one
// minified IIFE that runs in creators' pages) and, with widget/vite.config.ts, the panel
// (/panel/) and the creators' page (/create). Prints gzip sizes and writes them to
// dist/widget/sizes.json for `npm run bench`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const OUT = resolve('dist/widget');
const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const [pages] = [await build({ configFile: resolve('widget/vite.config.ts') })].flat();
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
const chunks = new Map(pages.output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
/** A page's JS before anything is loaded lazily: its entry and what it imports statically. */
function firstLoad(entry) {
  const seen = new Set();
  const walk = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of chunks.get(name)?.imports ?? []) walk(dep);
  };
  walk(entry);
  return [...seen];
}
const entryOf = (name) => [...chunks.values()].find((c) => c.isEntry && c.name === name)?.fileName;
const panel = firstLoad(entryOf('panel'));
const create = firstLoad(entryOf('create'));
const lazy = [...chunks.values()].filter((c) => c.isDynamicEntry).map((c) => c.fileName);
const css = pages.output.filter((o) => o.type === 'asset' && o.fileName.endsWith('.css')).map((o) => o.fileName);
const sum = (files) => files.reduce((n, f) => n + gz(f), 0);

const sizes = {
  loader: gz('widget.js'),
  panelJs: sum(panel),
  panelCss: sum(css),
  createJs: sum(create),
  lazy: Object.fromEntries(lazy.map((f) => [f.replace(/^panel\/assets\//, '').replace(/-[\w-]{8}\.js$/, ''), gz(f)])),
};
writeFileSync(join(OUT, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(
  `widget built in ${((Date.now() - started) / 1000).toFixed(1)} s (gzip): loader ${kb(sizes.loader)}, panel JS ${kb(sizes.panelJs)} + CSS ${kb(sizes.panelCss)}, /create JS ${kb(sizes.createJs)}; lazy: ${Object.entries(sizes.lazy)
    .map(([k, v]) => `${k} ${kb(v)}`)
    .join(', ')}`,
);
