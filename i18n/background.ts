import { provideCatalogs, type Catalog } from './index';

/**
 * The background's entry to the catalogs. A service worker may not `import()` (Chromium:
 * "import() is disallowed on ServiceWorkerGlobalScope"), so the background bundles every
 * catalog statically instead of loading it on demand like the views do. The views'
 * budgets are untouched: each catalog stays its own chunk, shared by both.
 */
provideCatalogs(
  import.meta.glob<Catalog>(['./catalogs/*.json', '!./catalogs/en.json'], { eager: true, import: 'default' }),
);

export { translator, errorText, pickLanguage } from './index';
