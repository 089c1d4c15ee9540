import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, PARTIAL_LANGUAGES, type Catalog, type Message } from './index';
import { localeFiles } from './locales';
import { compileCatalog } from './vite-plugin';

// The catalogs exactly as the build ships them (compiled by i18n/vite-plugin.ts).
const compiled = Object.fromEntries(
  Object.entries(import.meta.glob<Catalog>('./catalogs/*.json', { eager: true, import: 'default' })).map(([path, cat]) => [
    path.replace(/^.*\/(.*)\.json$/, '$1'),
    cat as Record<string, Message>,
  ]),
);
const CATALOG_DIR = join(import.meta.dirname, 'catalogs');
const source = (lang: string): Record<string, string> => JSON.parse(readFileSync(join(CATALOG_DIR, `${lang}.json`), 'utf8'));
const en = compiled.en!;
const enKeys = Object.keys(source('en'));
const TRANSLATIONS = LANGUAGES.filter((l) => l !== 'en');

const TYPE_NAMES = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural', 'pound', 'tag'];

/** Every variable a message uses, as "name:kind" (plural and select included, nested ones too). */
function variables(message: Message): string[] {
  const out = new Set<string>();
  const walk = (els: MessageFormatElement[]): void => {
    for (const el of els) {
      if (el.type === 0 || el.type === 7) continue;
      const kind = el.type === 6 && el.pluralType === 'ordinal' ? 'selectordinal' : TYPE_NAMES[el.type];
      out.add(`${el.value}:${kind}`);
      if (el.type === 5 || el.type === 6) for (const opt of Object.values(el.options)) walk(opt.value);
      if (el.type === 8) walk(el.children);
    }
  };
  if (Array.isArray(message)) walk(message);
  return [...out].sort();
}

/** Plural elements with the categories they spell out (exact `=n` matches aside). */
function plurals(message: Message): { name: string; ordinal: boolean; categories: string[] }[] {
  const out: { name: string; ordinal: boolean; categories: string[] }[] = [];
  const walk = (els: MessageFormatElement[]): void => {
    for (const el of els) {
      if (el.type === 6) out.push({ name: el.value, ordinal: el.pluralType === 'ordinal', categories: Object.keys(el.options).filter((k) => !k.startsWith('=')).sort() });
      if (el.type === 5 || el.type === 6) for (const opt of Object.values(el.options)) walk(opt.value);
      if (el.type === 8) walk(el.children);
    }
  };
  if (Array.isArray(message)) walk(message);
  return out;
}

describe('catalogs', () => {
  it('has a catalog for every launch language, and every other catalog is declared partial', () => {
    const files = readdirSync(CATALOG_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    for (const lang of LANGUAGES) expect(files, `catalogs/${lang}.json`).toContain(lang);
    const undeclared = files.filter((f) => !(LANGUAGES as readonly string[]).includes(f) && !(PARTIAL_LANGUAGES as readonly string[]).includes(f));
    expect(undeclared, 'catalogs that are neither launch nor partial languages').toEqual([]);
  });

  it('every message of every catalog parses', () => {
    const broken: string[] = [];
    for (const [lang, cat] of Object.entries(compiled)) {
      for (const [key, message] of Object.entries(cat)) if (message === null) broken.push(`${lang}: ${key}`);
    }
    expect(broken, 'messages that do not parse (the build printed why)').toEqual([]);
  });

  it('every launch language has every English key, and no key English lacks', () => {
    const problems: string[] = [];
    for (const lang of TRANSLATIONS) {
      const keys = Object.keys(source(lang));
      for (const key of enKeys) if (!keys.includes(key)) problems.push(`${lang}: "${key}" is missing`);
      for (const key of keys) if (!enKeys.includes(key)) problems.push(`${lang}: "${key}" is not an English key`);
    }
    expect(problems).toEqual([]);
  });

  it('partial catalogs only hold English keys', () => {
    const problems: string[] = [];
    for (const lang of PARTIAL_LANGUAGES) {
      for (const key of Object.keys(source(lang))) if (!enKeys.includes(key)) problems.push(`${lang}: "${key}" is not an English key`);
    }
    expect(problems).toEqual([]);
  });

  it('every translation uses exactly the variables of the English message', () => {
    const problems: string[] = [];
    for (const [lang, cat] of Object.entries(compiled)) {
      if (lang === 'en') continue;
      for (const [key, message] of Object.entries(cat)) {
        const want = variables(en[key] ?? null);
        const got = variables(message);
        const dropped = want.filter((v) => !got.includes(v));
        const added = got.filter((v) => !want.includes(v));
        if (dropped.length) problems.push(`${lang}: "${key}" drops ${dropped.join(', ')}`);
        if (added.length) problems.push(`${lang}: "${key}" adds ${added.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every plural spells out exactly the language's CLDR categories (or only `other`)", () => {
    const problems: string[] = [];
    for (const [lang, cat] of Object.entries(compiled)) {
      const cardinal: string[] = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
      const ordinal: string[] = [...new Intl.PluralRules(lang, { type: 'ordinal' }).resolvedOptions().pluralCategories].sort();
      for (const [key, message] of Object.entries(cat)) {
        for (const p of plurals(message)) {
          const want = p.ordinal ? ordinal : cardinal;
          // `other` alone (with or without `=n` cases) says the text does not vary by category.
          const otherOnly = p.categories.length === 1 && p.categories[0] === 'other';
          const missing = otherOnly ? [] : want.filter((c) => !p.categories.includes(c));
          const extra = p.categories.filter((c) => !want.includes(c));
          if (missing.length) problems.push(`${lang}: "${key}" {${p.name}} lacks ${missing.join(', ')}`);
          if (extra.length) problems.push(`${lang}: "${key}" {${p.name}} has ${extra.join(', ')}, which ${lang} does not use`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the keys in the order of en.json', () => {
    for (const lang of [...TRANSLATIONS, ...PARTIAL_LANGUAGES]) {
      const keys = Object.keys(source(lang));
      expect(keys, lang).toEqual(enKeys.filter((k) => keys.includes(k)));
    }
  });

  it('keeps the brand: "Nook" is in every message that has it in English', () => {
    const problems: string[] = [];
    for (const lang of [...TRANSLATIONS, ...PARTIAL_LANGUAGES]) {
      const cat = source(lang);
      for (const [key, text] of Object.entries(source('en'))) {
        if (text.includes('Nook') && cat[key] !== undefined && !cat[key]!.includes('Nook')) problems.push(`${lang}: "${key}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('_locales (manifest name, description, command)', () => {
  const files = localeFiles(CATALOG_DIR);
  it('is written for every launch language, pt-BR as pt_BR, and not for partial catalogs', () => {
    const dirs = files.map((f) => f.relativeDest.split('/')[1]).sort();
    expect(dirs).toEqual(LANGUAGES.map((l) => l.replace('-', '_')).sort());
  });
  it('fits the Chrome Web Store limits (name 75, description 132 characters)', () => {
    for (const f of files) {
      const m = JSON.parse(f.contents) as Record<string, { message: string }>;
      expect(m.extName?.message.length, f.relativeDest).toBeLessThanOrEqual(75);
      expect(m.extDescription?.message.length, f.relativeDest).toBeLessThanOrEqual(132);
      expect(Object.keys(m).sort(), f.relativeDest).toEqual(['commandToggle', 'extDescription', 'extName']);
    }
  });
});

describe('the build step (i18n/vite-plugin.ts)', () => {
  it('keeps plain text as a string, with ICU apostrophes undone, and parses the rest', () => {
    const warnings: string[] = [];
    const out = compileCatalog('en', { a: 'Plain text', b: "It''s '{literal}'", c: 'Hi {name}', d: '' }, (w) => warnings.push(w));
    expect(out.a).toBe('Plain text');
    expect(out.b).toBe("It's {literal}");
    expect(Array.isArray(out.c)).toBe(true);
    expect(out.d).toBe('');
    expect(warnings).toEqual([]);
  });

  it('turns a message that does not parse into null and warns with the language and key', () => {
    const warnings: string[] = [];
    const out = compileCatalog('de', { ok: 'Gut', broken: 'Hallo {name', plural: '{n, plural, one {# Ding}}', notText: 3 }, (w) => warnings.push(w));
    expect(out).toMatchObject({ ok: 'Gut', broken: null, plural: null, notText: null });
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/de: "broken" does not parse/);
    expect(warnings[1]).toMatch(/de: "plural" does not parse/);
    expect(warnings[2]).toMatch(/de: "notText" is not a string/);
  });

  it('ships no parser: intl-messageformat refuses a string message at run time', async () => {
    const { IntlMessageFormat } = await import('intl-messageformat');
    expect(() => new IntlMessageFormat('Hello {name}', 'en')).toThrow(/uncompiled message/);
    expect(new IntlMessageFormat(en['notes.updated'] as MessageFormatElement[], 'en').format({ when: 'now' })).toBe('Updated now');
  });
});
