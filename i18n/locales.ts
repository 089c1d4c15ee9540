import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The manifest's name, description and command text come from the same catalog as every
 * view, written at build time into `_locales/<lang>/messages.json` as browser stores expect.
 */
const MANIFEST_KEYS: Record<string, string> = {
  'manifest.name': 'extName',
  'manifest.description': 'extDescription',
  'manifest.commandToggle': 'commandToggle',
};

export function localeFiles(catalogDir: string): { relativeDest: string; contents: string }[] {
  return readdirSync(catalogDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const lang = f.replace(/\.json$/, '');
      const catalog = JSON.parse(readFileSync(join(catalogDir, f), 'utf8')) as Record<string, string>;
      const messages: Record<string, { message: string }> = {};
      for (const [key, name] of Object.entries(MANIFEST_KEYS)) {
        const message = catalog[key];
        if (message) messages[name] = { message };
      }
      // A partial catalog (ar, for right-to-left testing) gets no locale folder until it
      // translates every manifest key: the store shows English rather than a mix.
      if (Object.keys(messages).length !== Object.keys(MANIFEST_KEYS).length) return { relativeDest: '', contents: '{}' };
      // Chrome's locale folders use an underscore: pt_BR.
      return { relativeDest: `_locales/${lang.replace('-', '_')}/messages.json`, contents: JSON.stringify(messages, null, 2) };
    })
    .filter((f) => f.contents !== '{}');
}
