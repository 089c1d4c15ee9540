import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import en from '../i18n/catalogs/en.json';
import { EXTENSION_ONLY_NAMESPACES } from '../i18n/namespaces';

/** Every file of ours the widget's pages bundle, as esbuild resolves their imports. */
async function widgetSources(): Promise<string[]> {
  const out = await build({
    entryPoints: ['widget/panel/main.tsx', 'widget/create/main.tsx'],
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
  return Object.keys(out.metafile.inputs).filter((p) => /\.(ts|tsx)$/.test(p) && !p.includes('node_modules'));
}

describe('the widget’s catalogs', () => {
  it('leave out only namespaces that no code of the widget uses', async () => {
    const sources = await widgetSources();
    expect(sources).toContain('widget/panel/App.tsx');
    expect(sources).toContain('components/discussion/Discussion.tsx');
    const omitted = new RegExp(`['"\`](${EXTENSION_ONLY_NAMESPACES.join('|')})\\.[\\w.$]`);
    const uses = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => omitted.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(uses).toEqual([]);
  });

  it('omit namespaces the catalog has, so the saving is real', () => {
    const namespaces = new Set(Object.keys(en).map((k) => k.split('.', 1)[0]));
    for (const ns of EXTENSION_ONLY_NAMESPACES) expect(namespaces.has(ns), ns).toBe(true);
  });
});
