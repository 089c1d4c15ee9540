import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import type { MessageFormatElement, parse as Parse } from '@formatjs/icu-messageformat-parser';
import type { Plugin } from 'vite';

/**
 * Message catalogs are compiled when the extension (or the widget) is built, so the ICU
 * MessageFormat parser (~9 kB gzip with its skeleton parser) never ships:
 *
 * - `i18n/catalogs/<lang>.json` imports become modules whose values are plain strings
 *   (messages without ICU syntax, apostrophe escapes already undone), the parsed ICU AST,
 *   or `null` for a message that does not parse (the build warns, naming language and
 *   key; at run time `t()` uses English for that message and reports it in `problems`);
 * - `@formatjs/icu-messageformat-parser` resolves to its `no-parser` entry, so
 *   `intl-messageformat` only formats the ASTs it is given.
 *
 * The same plugin runs in `wxt.config.ts` and `vitest.config.ts`: unit tests exercise
 * the code that ships.
 */

export type CompiledMessage = string | MessageFormatElement[] | null;
export type CompiledCatalog = Record<string, CompiledMessage>;

// The build needs the real parser; `require` is not subject to the run-time alias below
// (a unit test that imports this file through Vite still gets the parser).
const requireHere = createRequire(import.meta.url);
let parser: typeof Parse | undefined;
const parse: typeof Parse = (message, opts) => {
  parser ??= (requireHere('@formatjs/icu-messageformat-parser') as { parse: typeof Parse }).parse;
  return parser(message, opts);
};

const LITERAL = 0; // TYPE.literal in @formatjs/icu-messageformat-parser

/** One message: its text if it has no ICU syntax, else its AST. Throws when it does not parse. */
export function compileMessage(source: string, lang: string): string | MessageFormatElement[] {
  let locale: Intl.Locale | undefined;
  try {
    locale = new Intl.Locale(lang);
  } catch {
    locale = undefined;
  }
  const ast = parse(source, { locale });
  if (ast.length === 0) return '';
  const [only] = ast;
  if (ast.length === 1 && only?.type === LITERAL) return only.value;
  return ast;
}

/** A whole catalog; a message that is not a string or does not parse becomes `null`, with a warning. */
export function compileCatalog(lang: string, messages: Record<string, unknown>, warn: (message: string) => void): CompiledCatalog {
  const out: CompiledCatalog = {};
  for (const [key, source] of Object.entries(messages)) {
    if (typeof source !== 'string') {
      warn(`[nook i18n] ${lang}: "${key}" is not a string; English will be used`);
      out[key] = null;
      continue;
    }
    try {
      out[key] = compileMessage(source, lang);
    } catch (e) {
      warn(`[nook i18n] ${lang}: "${key}" does not parse (${(e as Error).message}); English will be used`);
      out[key] = null;
    }
  }
  return out;
}

const CATALOG = /[\\/]i18n[\\/]catalogs[\\/]([^\\/?]+)\.json$/;
/** Run-time alias: intl-messageformat gets pre-parsed ASTs only, so the parser is left out. */
export const parserAlias = {
  find: /^@formatjs\/icu-messageformat-parser$/,
  replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
};

/** The English messages a build leaves out of its first download, loaded with the code that needs them (i18n/index.ts loadEnglishRest). */
export const ENGLISH_REST = 'virtual:nook-en-rest';
const RESOLVED_REST = '\0' + ENGLISH_REST;

/**
 * `keep`: the keys a build ships (i18n/used-keys.ts); every key when absent. `keepEnglish`:
 * those of them in the English catalog of the first download (the code reached without
 * import()); the others are the module ENGLISH_REST. Without it, that module is empty.
 */
export function nookI18n(opts: { keep?: (key: string) => boolean; keepEnglish?: (key: string) => boolean } = {}): Plugin {
  const { keep, keepEnglish } = opts;
  const filter = (messages: Record<string, unknown>, test: ((key: string) => boolean) | undefined) =>
    test ? Object.fromEntries(Object.entries(messages).filter(([key]) => test(key))) : messages;
  const kept = (messages: Record<string, unknown>, lang: string) => filter(filter(messages, keep), lang === 'en' ? keepEnglish : undefined);
  return {
    name: 'nook-i18n',
    enforce: 'pre',
    config: () => ({ resolve: { alias: [parserAlias] } }),
    resolveId: (id) => (id === ENGLISH_REST ? RESOLVED_REST : null),
    load(id) {
      if (id !== RESOLVED_REST) return null;
      if (!keepEnglish) return 'export default {};';
      const source = JSON.parse(readFileSync(resolvePath(import.meta.dirname, 'catalogs/en.json'), 'utf8')) as Record<string, unknown>;
      const rest = Object.fromEntries(Object.entries(filter(source, keep)).filter(([key]) => !keepEnglish(key)));
      return `export default ${JSON.stringify(compileCatalog('en', rest, (m) => this.warn(m)))};`;
    },
    transform(code, id) {
      const match = CATALOG.exec(id);
      if (!match) return null;
      const lang = match[1] ?? '';
      let messages: unknown;
      try {
        messages = JSON.parse(code);
      } catch (e) {
        this.error(`[nook i18n] ${lang}: the catalog is not valid JSON (${(e as Error).message})`);
      }
      if (!messages || typeof messages !== 'object' || Array.isArray(messages)) this.error(`[nook i18n] ${lang}: the catalog must be a JSON object`);
      const compiled = compileCatalog(lang, kept(messages as Record<string, unknown>, lang), (m) => this.warn(m));
      // Still JSON: Vite's own JSON plugin turns it into an ES module after this one.
      return { code: JSON.stringify(compiled), map: null };
    },
  };
}
