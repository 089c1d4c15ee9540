import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorStatus } from '../protocol/error-codes';
import en from './catalogs/en.json';

/** Every refusal a member can meet has words in the catalog: the hub's codes and the clients'. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('error messages', () => {
  it('exist for every code the hub answers', () => {
    const missing = Object.keys(errorStatus).filter((code) => !(`error.${code}` in en));
    expect(missing).toEqual([]);
  });
  it('exist for every UserError the extension and widget throw', () => {
    const codes = new Set<string>();
    for (const dir of ['storage', 'sync', 'types', 'messaging', 'models', 'entrypoints', 'components', 'protocol', 'widget']) {
      let files: string[] = [];
      try {
        files = sources(dir);
      } catch {
        continue;
      }
      for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/UserError\(\s*'([a-z_]+)'/g)) codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((code) => !(`error.${code}` in en))).toEqual([]);
  });
});
