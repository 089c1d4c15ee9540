import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { EXTENSION_ONLY_NAMESPACES } from '../i18n/namespaces';
import { nookI18n } from '../i18n/vite-plugin';

const here = import.meta.dirname;

/**
 * The widget's pages, served by the hub from `dist/widget/` (hub/routes/widget-files.ts and
 * create.ts): the panel at /panel/ and the creators' page at /create, sharing one set of
 * chunks under /panel/assets/. The loader (widget.js) is built by scripts/build-widget.mjs.
 */
export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  // Catalogs compiled at build time, without the ICU parser (as in wxt.config.ts), and without
  // the words only the extension's views use: the English catalog is in the panel's first download.
  plugins: [nookI18n({ omit: EXTENSION_ONLY_NAMESPACES }), preact({ prefreshEnabled: false, devToolsEnabled: false, reactAliasesEnabled: false })],
  build: {
    outDir: resolve(here, '../dist/widget'),
    emptyOutDir: false,
    target: 'es2022',
    assetsDir: 'panel/assets',
    sourcemap: false,
    // Every browser that runs the panel knows <link rel=modulepreload>.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      input: { panel: resolve(here, 'panel/index.html'), create: resolve(here, 'create/index.html') },
    },
  },
});
