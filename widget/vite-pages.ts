import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import type { InlineConfig } from 'vite';
import en from '../i18n/catalogs/en.json' with { type: 'json' };
import { usedKeys } from '../i18n/used-keys';
import { nookI18n } from '../i18n/vite-plugin';

const here = import.meta.dirname;

/**
 * One of the widget's pages, served by the hub from `dist/widget/` (hub/routes/widget-files.ts,
 * create.ts and console.ts): the panel at /panel/, the creators' page at /create or the
 * creator console at /console, their chunks under
 * /panel/assets/. Each page is its own build, so each ships the catalog keys its own code
 * names (i18n/used-keys.ts): the English catalog is in the panel's first download. The loader
 * (widget.js) is built by scripts/build-widget.mjs, which builds every page.
 */
export async function widgetPage(page: 'panel' | 'create' | 'console'): Promise<InlineConfig> {
  const entry = resolve(here, page, 'main.tsx');
  // English for the code of the first download; the rest comes with the sections that use it.
  const [keep, first] = await Promise.all([usedKeys([entry], en), usedKeys([entry], en, { staticOnly: true })]);
  // The panel (within its budget) leaves error messages out too, and fetches them once the
  // discussion is up (main.tsx); until they arrive, a refusal shows the message it came with.
  const keepEnglish = page === 'panel' ? (key: string) => first(key) && !key.startsWith('error.') : first;
  return {
    root: here,
    base: '/',
    logLevel: 'warn',
    configFile: false,
    // Catalogs compiled at build time, without the ICU parser (as in wxt.config.ts).
    plugins: [
      nookI18n({ keep, keepEnglish }),
      preact({ prefreshEnabled: false, devToolsEnabled: false, reactAliasesEnabled: false }),
      {
        // See widget/hono-browser-cookie.ts.
        name: 'nook-hono-browser-cookie',
        enforce: 'pre',
        resolveId: (source, importer) =>
          source === '../utils/cookie.js' && importer?.replaceAll('\\', '/').includes('/hono/dist/client/') ? resolve(here, 'hono-browser-cookie.ts') : null,
      },
    ],
    build: {
      outDir: resolve(here, '../dist/widget'),
      emptyOutDir: false,
      target: 'es2022',
      // terser packs the panel about 3% smaller than esbuild, and the panel's start has a budget (40 kB gzip).
      minify: 'terser',
      terserOptions: { ecma: 2020, module: true, compress: { passes: 2 } },
      assetsDir: 'panel/assets',
      sourcemap: false,
      // Every browser that runs the panel knows <link rel=modulepreload>.
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      rollupOptions: { input: { [page]: resolve(here, page, 'index.html') } },
    },
  };
}
