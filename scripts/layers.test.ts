import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules are the project's own lint (eslint.config.js, `npm run lint`): a file that
 * crosses a layer fails it, whether the import is a value, a type, or a dynamic import().
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}
const layered = (messages: string[]) => messages.filter((m) => /no-restricted-(imports|syntax|globals)/.test(m));

describe('npm run lint keeps the layers', () => {
  it('fails a content script that imports storage, Dexie or a component (type and dynamic imports too)', async () => {
    const found = layered(
      await lint(
        'entrypoints/content/leak.ts',
        [
          "import { openDb } from '../../storage/db';",
          "import type { Note } from '../../storage/notes';",
          "import { Dexie } from 'dexie';",
          "export const ui = () => import('../../components/ui/Tabs');",
          'export { openDb, Dexie };',
          'export type { Note };',
          '',
        ].join('\n'),
      ),
    );
    expect(found).toHaveLength(4);
    expect(found.every((m) => m.includes('The content script holds no data'))).toBe(true);
  });

  it('fails a component that imports storage or extension APIs', async () => {
    const found = layered(
      await lint(
        'components/notes/Leak.tsx',
        [
          "import type { NookDB } from '../../storage/db';",
          "import browser from 'webextension-polyfill';",
          'export const leak = (db: NookDB) => [db, browser, chrome];',
          '',
        ].join('\n'),
      ),
    );
    expect(found).toHaveLength(3);
    expect(found.every((m) => m.includes('Components take data and callbacks'))).toBe(true);
  });

  it('fails a protocol file that imports the hub', async () => {
    const found = layered(await lint('protocol/leak.ts', "import type { AppType } from '../hub/app';\nexport type App = AppType;\n"));
    expect(found).toEqual([expect.stringContaining('protocol/ is the shared leaf')]);
  });

  it('fails a file in a protocol folder that reaches out of protocol/, and passes one that uses the schemas beside it', async () => {
    const leak = layered(await lint('protocol/rules/leak.ts', "import type { SyncStore } from '../../sync/store';\nexport type S = SyncStore;\n"));
    expect(leak).toEqual([expect.stringContaining('protocol/ is the shared leaf')]);
    expect(layered(await lint('protocol/rules/fine.ts', "import type { Poll } from '../polls';\nexport type P = Poll;\n"))).toEqual([]);
  });

  it('passes a file that keeps to its layer', async () => {
    const messages = await lint(
      'components/notes/Fine.tsx',
      [
        "import { t } from '../../i18n/index';",
        "import type { Note } from '../../types/local';",
        'export const Fine = (props: { note: Note }) => <p>{t(props.note.title)}</p>;',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });
});
