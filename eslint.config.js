import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import nook from './scripts/eslint-plugin-nook.js';

/**
 * The layers (docs/ARCHITECTURE.md), checked on every import, type imports and dynamic
 * import() included: `forbid(files, rules)` is one layer's "never imports".
 */
const EXTENSION_APIS = ['webextension-polyfill', 'wxt', 'wxt/*'];
function forbid(files, { paths = [], patterns = [], globals = [], message }, extra = {}) {
  // The same names as one regular expression for import(): a package and what is under it, a
  // folder wherever it sits in a relative path. esquery ends a regex at '/', hence \x2F.
  const esc = (text) => text.replace(/[.+?^${}()|[\]\\*]/g, '\\$&');
  const dynamic = [
    ...paths.map((name) => `^${esc(name.replace(/\/\*$/, ''))}(/|$)`),
    ...patterns.filter((p) => !p.startsWith('!')).map((p) => `(^|/)${esc(p.replace(/^\*\*\//, '').replace(/\/\*$/, ''))}(/|$)`),
  ]
    .join('|')
    .replaceAll('/', '\\x2F');
  return {
    files,
    ...extra,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: paths.map((name) => ({ name, message })), patterns: patterns.length ? [{ group: patterns, message }] : [] },
      ],
      'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${dynamic}/]`, message }],
      ...(globals.length ? { 'no-restricted-globals': ['error', ...globals.map((name) => ({ name, message }))] } : {}),
    },
  };
}
const DATA = ['**/storage', '**/storage/*'];
const UI = ['**/components', '**/components/*'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.output/**', '.wxt/**', 'dist/**', 'data/**', 'tests/fixtures/**', 'test-results/**', 'playwright-report/**', '.bench-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Every string a user reads comes from the message catalog (i18n/).
    files: ['components/**/*.tsx', 'entrypoints/**/*.tsx', 'widget/**/*.tsx'],
    plugins: { nook },
    rules: { 'nook/no-literal-ui-text': 'error' },
  },
  forbid(['entrypoints/content/**'], {
    paths: ['dexie'],
    patterns: [...DATA, ...UI],
    message: 'The content script holds no data and draws only the launcher: no storage, components or Dexie in the host page.',
  }),
  forbid(['entrypoints/sidebar/**', 'entrypoints/popup/**', 'entrypoints/options/**'], {
    paths: ['dexie'],
    patterns: DATA,
    message: 'Views reach data through messaging/ only: the background owns the database.',
  }),
  forbid(['components/**'], {
    paths: ['dexie', ...EXTENSION_APIS],
    patterns: [...DATA, '**/entrypoints/*', '**/hub/*'],
    globals: ['browser', 'chrome'],
    message: 'Components take data and callbacks: no storage, Dexie, entrypoints, hub or extension APIs.',
  }),
  forbid(['protocol/*'], { patterns: ['../*'], message: 'protocol/ is the shared leaf: it imports nothing of ours (the typed client is sync/client.ts).' }, { ignores: ['protocol/**/*.test.ts'] }),
  // Its folders (rules/, cohorts/) may use the schemas' types beside them, and nothing further out.
  forbid(['protocol/*/**'], { patterns: ['../../*'], message: 'protocol/ is the shared leaf: it imports nothing of ours (the typed client is sync/client.ts).' }, { ignores: ['protocol/**/*.test.ts'] }),
  forbid(['hub/**'], {
    patterns: ['**/entrypoints/*', '**/storage/*', '**/components/*', '**/models/*', '**/messaging/*', '**/widget/*', '../sync/*', '../../sync/*'],
    message: 'The hub knows no extension or widget code.',
  }),
  forbid(['widget/**'], { paths: EXTENSION_APIS, globals: ['browser', 'chrome'], message: 'The widget panel runs on the hub’s origin: no extension APIs.' }, { ignores: ['widget/loader/**'] }),
  forbid(['widget/loader/**'], {
    paths: [...EXTENSION_APIS, 'preact', 'preact/*', '@preact/*'],
    patterns: UI,
    globals: ['browser', 'chrome'],
    message: 'The loader stays tiny (≤ 2 kB gzip) on the creator’s page: no Preact, components or extension APIs.',
  }),
);
