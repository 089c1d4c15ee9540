import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import nook from './scripts/eslint-plugin-nook.js';

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
);
