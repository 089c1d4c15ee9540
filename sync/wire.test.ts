import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LIVE_PATH as PATH, LIVE_PROTOCOL as PROTOCOL, LiveClose } from '../protocol/live';
import { CLOSE_BACK_OFF, CLOSE_UNAUTHORIZED, LIVE_PATH, LIVE_PROTOCOL } from './wire';

describe('the core without zod', () => {
  it('speaks the protocol’s live constants', () => {
    expect([LIVE_PATH, LIVE_PROTOCOL, CLOSE_UNAUTHORIZED, CLOSE_BACK_OFF]).toEqual([PATH, PROTOCOL, LiveClose.unauthorized, LiveClose.backOff]);
  });

  it('brings neither zod, Dexie nor extension APIs into the widget panel', async () => {
    // What the panel will import: the core and its memory store.
    const out = await build({
      entryPoints: ['sync/hub-sync.ts', 'widget/panel/panel-store.ts'],
      bundle: true,
      write: false,
      metafile: true,
      outdir: 'out',
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((p) => /node_modules\/(zod|dexie|webextension-polyfill)\//.test(p))).toEqual([]);
    expect(inputs.some((p) => p.endsWith('sync/link.ts'))).toBe(true);
  });
});
