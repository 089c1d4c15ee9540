import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * The catalog keys the code of some entry points names, for a build that ships only those
 * (the widget: its English catalog is in the panel's first download). Read from the sources
 * esbuild bundles for the entries: every string literal that is a key, and every key prefix
 * written as `ns.${…}` or `'ns.' + …` (all keys under it are kept). Build-time only (Node).
 */
export async function usedKeys(
  entryPoints: string[],
  catalog: Record<string, unknown>,
  opts: { staticOnly?: boolean } = {},
): Promise<(key: string) => boolean> {
  const out = await build({
    // With staticOnly, code reached only through import() is left out: the keys of the first download.
    plugins: opts.staticOnly
      ? [{ name: 'static-only', setup: (b) => b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)) }]
      : [],
    entryPoints,
    bundle: true,
    write: false,
    metafile: true,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  });
  const sources = Object.keys(out.metafile.inputs).filter((p) => /\.(ts|tsx)$/.test(p) && !p.includes('node_modules'));
  const named = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const [, literal] of text.matchAll(/['"`]([a-z][\w-]*(?:\.[\w-]+)+)['"`]/gi)) if (literal! in catalog) named.add(literal!);
    for (const [, prefix] of text.matchAll(/`([a-z][\w-]*(?:\.[\w-]+)*\.)\$\{/gi)) prefixes.add(prefix!);
    for (const [, prefix] of text.matchAll(/['"]([a-z][\w-]*(?:\.[\w-]+)*\.)['"]\s*\+/gi)) prefixes.add(prefix!);
  }
  return (key) => named.has(key) || [...prefixes].some((p) => key.startsWith(p));
}
