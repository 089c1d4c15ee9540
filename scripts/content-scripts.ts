import { build } from 'esbuild';
import { resolve } from 'node:path';
import { CONTENT_FILES } from './content-files';

/**
 * The scripts that run in host pages, each one minified IIFE, built with esbuild and added
 * to the extension's files by wxt.config.ts. Not WXT entrypoints: WXT wraps each script in
 * its own runtime (a content-script context, a logger), bytes and start-up time that every
 * page load would pay for nothing this code uses.
 */
const SOURCES: Record<keyof typeof CONTENT_FILES, string> = {
  launcher: 'entrypoints/content/launcher.ts',
  context: 'entrypoints/content/context.ts',
};

export async function contentScripts(): Promise<{ relativeDest: string; contents: string }[]> {
  return Promise.all(
    (Object.keys(SOURCES) as (keyof typeof CONTENT_FILES)[]).map(async (name) => {
      const result = await build({
        entryPoints: [resolve(SOURCES[name])],
        bundle: true,
        write: false,
        format: 'iife',
        minify: true,
        // As the rest of the extension (wxt.config.ts).
        target: 'es2022',
        legalComments: 'none',
        logLevel: 'warning',
      });
      return { relativeDest: CONTENT_FILES[name].slice(1), contents: result.outputFiles[0]!.text };
    }),
  );
}
