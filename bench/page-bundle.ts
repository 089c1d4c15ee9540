import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileCatalog } from '../i18n/vite-plugin';

/** English compiled as the builds compile it (i18n/vite-plugin.ts), so messages with plurals format as they do for members. */
const catalogs: Plugin = {
  name: 'nook-catalogs',
  setup(b) {
    b.onLoad({ filter: /[\\/]i18n[\\/]catalogs[\\/]en\.json$/ }, (args) => ({
      contents: JSON.stringify(compileCatalog('en', JSON.parse(readFileSync(args.path, 'utf8')) as Record<string, unknown>, () => undefined)),
      loader: 'json',
    }));
  },
};

/**
 * A bench page's script: components that use the catalog, with Preact, minified as in the
 * builds. Built here with esbuild, so a section that renders components needs no build.
 */
export async function pageBundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    logLevel: 'silent',
    plugins: [catalogs],
    // A section's stylesheet is given to the page whole (it is loaded with the section's chunk).
    loader: { '.css': 'empty' },
    alias: { '@formatjs/icu-messageformat-parser': '@formatjs/icu-messageformat-parser/no-parser.js' },
    // Other languages load on demand through Vite's import.meta.glob; English alone is needed here.
    define: { 'import.meta.glob': 'nookNoCatalogs' },
    banner: { js: 'var nookNoCatalogs = () => ({});' },
  });
  return out.outputFiles[0]!.text;
}
