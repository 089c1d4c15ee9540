import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuleTester, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';

// The rule that keeps user-visible text in the catalog (scripts/eslint-plugin-nook.js).
const plugin = (await import(pathToFileURL(resolve('scripts/eslint-plugin-nook.js')).href)) as { default: { rules: Record<string, Rule.RuleModule> } };
const rule = plugin.default.rules['no-literal-ui-text']!;

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
});
const literal = [{ messageId: 'literal' }];

tester.run('nook/no-literal-ui-text', rule, {
  valid: [
    { code: `const a = <p>{t('notes.none')}</p>;`, filename: 'a.tsx' },
    { code: `const a = <input aria-label={t('notes.search')} placeholder={t('notes.searchPlaceholder')} title={t('x')} />;`, filename: 'a.tsx' },
    { code: `const a = <span>{group.name} ·{' '}{n}</span>;`, filename: 'a.tsx' },
    { code: `const a = <button aria-label={t('sidebar.close')}>×</button>;`, filename: 'a.tsx' },
    { code: `const a = <div class="spread card" id="note-body" role="tablist" type="button" />;`, filename: 'a.tsx' },
    { code: `const a = <a href="https://example.com" rel="noopener">{t('x')}</a>;`, filename: 'a.tsx' },
    { code: `const a = <p>{count} / {max}</p>;`, filename: 'a.tsx' },
  ],
  invalid: [
    { code: `const a = <p>No notes yet</p>;`, filename: 'a.tsx', errors: literal },
    { code: `const a = <input aria-label="Search notes" />;`, filename: 'a.tsx', errors: literal },
    { code: `const a = <input placeholder="Search every note" />;`, filename: 'a.tsx', errors: literal },
    { code: `const a = <button title={'Close'} />;`, filename: 'a.tsx', errors: literal },
    { code: `const a = <img alt={\`Avatar\`} />;`, filename: 'a.tsx', errors: literal },
    { code: `const a = <p>{'Loading'}</p>;`, filename: 'a.tsx', errors: literal },
    { code: `const a = <label>Name: {x}</label>;`, filename: 'a.tsx', errors: literal },
    { code: `const a = <><b>Notizen</b><i>メモ</i></>;`, filename: 'a.tsx', errors: [...literal, ...literal] },
  ],
});
