import { computed, signal } from '@preact/signals';
import { IntlMessageFormat } from 'intl-messageformat';
import en from './catalogs/en.json';

/**
 * One message catalog for every view (sidebar, popup, options, widget panel). English is
 * bundled as the fallback; every other language is a separate chunk loaded on demand.
 */
export type MessageKey = keyof typeof en;
export type Vars = Record<string, string | number | Date>;

export const LANGUAGES = ['en', 'es', 'de', 'fr', 'pt-BR', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

type Catalog = Partial<Record<MessageKey, string>>;
const loaders: Record<string, () => Promise<{ default: Catalog }>> = import.meta.glob<{ default: Catalog }>([
  './catalogs/*.json',
  '!./catalogs/en.json',
]);

export const locale = signal<string>('en');
const catalog = signal<Catalog>(en);
export const dir = computed(() => (RTL.has(locale.value.split('-')[0] ?? '') ? 'rtl' : 'ltr'));

/** Problems found while formatting (missing key, broken translation); tests read this. */
export const problems: string[] = [];
function report(problem: string): void {
  problems.push(problem);
  if (problems.length > 100) problems.shift();
  console.warn(`[nook i18n] ${problem}`);
}

const cache = new Map<string, IntlMessageFormat>();
function compile(lang: string, key: string, source: string): IntlMessageFormat {
  const id = `${lang}\u0000${key}`;
  let f = cache.get(id);
  if (!f) {
    f = new IntlMessageFormat(source, lang);
    cache.set(id, f);
  }
  return f;
}

function format(lang: string, key: MessageKey, source: string, vars?: Vars): string {
  const out = compile(lang, key, source).format(vars);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** The message `key` in the current language, falling back to English for that message alone. */
export function t(key: MessageKey, vars?: Vars): string {
  const lang = locale.value;
  const source = catalog.value[key];
  if (source !== undefined && lang !== 'en') {
    try {
      return format(lang, key, source, vars);
    } catch (e) {
      report(`${lang}: "${key}" failed (${(e as Error).message}); using English`);
    }
  } else if (lang !== 'en' && !lang.startsWith('en-')) {
    report(`${lang}: "${key}" is missing; using English`);
  }
  const fallback = en[key];
  if (fallback === undefined) {
    report(`"${String(key)}" is not in the catalog`);
    return String(key);
  }
  try {
    return format('en', key, fallback, vars);
  } catch (e) {
    report(`en: "${key}" failed (${(e as Error).message})`);
    return fallback;
  }
}

/** The best catalog for a BCP 47 tag: exact, then language only, then English. */
export function pickLanguage(tag: string | undefined | null): string {
  if (!tag) return 'en';
  const available = ['en', ...Object.keys(loaders).map((p) => p.replace(/^.*\/(.*)\.json$/, '$1'))];
  const lower = tag.toLowerCase();
  const exact = available.find((a) => a.toLowerCase() === lower);
  if (exact) return exact;
  const base = lower.split('-')[0] ?? '';
  return available.find((a) => a.toLowerCase() === base) ?? available.find((a) => a.toLowerCase().startsWith(`${base}-`)) ?? 'en';
}

/** Switch language; loads its catalog first. Unknown tags fall back to English. */
export async function setLocale(tag: string | undefined | null): Promise<void> {
  const lang = pickLanguage(tag);
  let next: Catalog = en;
  if (lang !== 'en') {
    const load = loaders[`./catalogs/${lang}.json`];
    if (load) next = (await load()).default;
  }
  catalog.value = next;
  locale.value = lang;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    document.documentElement.dir = dir.value;
  }
}

const timeZone = (): string | undefined => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function formatDate(d: Date | number, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return new Intl.DateTimeFormat(locale.value, { timeZone: timeZone(), ...opts }).format(d);
}

export function formatNumber(n: number, opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale.value, opts).format(n);
}

export function formatList(items: string[], type: Intl.ListFormatType = 'conjunction'): string {
  return new Intl.ListFormat(locale.value, { type }).format(items);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000_000],
  ['month', 2_592_000_000],
  ['week', 604_800_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 minutes ago", "in 2 days", in the current language. */
export function formatRelative(time: number, now = Date.now()): string {
  const diff = time - now;
  const rtf = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(0, 'second');
}

export function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let i = 0;
  let v = bytes;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(locale.value, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 }).format(v);
}

/**
 * A `t` for one language without touching the views' global locale (the background
 * answers several tabs, each with its own language).
 */
export async function translator(tag: string | undefined | null): Promise<{ lang: string; rtl: boolean; t: (key: MessageKey, vars?: Vars) => string }> {
  const lang = pickLanguage(tag);
  let cat: Catalog = en;
  if (lang !== 'en') {
    const load = loaders[`./catalogs/${lang}.json`];
    if (load) cat = (await load()).default;
  }
  const t = (key: MessageKey, vars?: Vars): string => {
    const source = cat[key];
    if (source !== undefined) {
      try {
        return format(lang, key, source, vars);
      } catch (e) {
        report(`${lang}: "${key}" failed (${(e as Error).message}); using English`);
      }
    }
    return format('en', key, en[key] ?? String(key), vars);
  };
  return { lang, rtl: RTL.has(lang.split('-')[0] ?? ''), t };
}

/** A user-facing error in the current language: the catalog's `error.<code>`, else its English message. */
export function errorText(error: { code: string; message: string; params?: Record<string, string | number> }): string {
  const key = `error.${error.code}` as MessageKey;
  if (key in en) return t(key, error.params);
  return error.message;
}
