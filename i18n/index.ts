import type { ArgumentElement, LiteralElement, MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { computed, signal } from '@preact/signals';
import { IntlMessageFormat } from 'intl-messageformat';
import enCatalog from './catalogs/en.json';

/**
 * One message catalog for every view (sidebar, popup, options, widget panel). English is
 * bundled as the fallback; every other language is a separate chunk loaded on demand.
 *
 * Catalogs are compiled at build time (i18n/vite-plugin.ts): a message arrives as plain
 * text, as a parsed ICU AST, or as `null` when its source did not parse. The ICU parser
 * itself is not shipped.
 */
export type MessageKey = keyof typeof enCatalog;
export type Vars = Record<string, string | number | Date>;
/** A message as the build ships it. */
export type Message = string | MessageFormatElement[] | null;
export type Catalog = Partial<Record<MessageKey, Message>>;

// TypeScript types the JSON import as the source text (that is where the keys come
// from); the build plugin turns each value into a compiled message.
const en = enCatalog as unknown as Record<MessageKey, Message>;

/** Launch languages: complete catalogs (a unit test holds every key and variable to English). */
export const LANGUAGES = ['en', 'es', 'de', 'fr', 'pt-BR', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];
/**
 * Catalogs shipped before they are complete (right-to-left layout is tested with Arabic):
 * picked when the browser asks for them, not offered in the options; a missing key falls
 * back to English and is reported in `problems`.
 */
export const PARTIAL_LANGUAGES = ['ar'] as const;
const RTL = new Set(['ar', 'he', 'fa', 'ur']);
const isRtl = (lang: string): boolean => RTL.has(lang.split('-')[0]?.toLowerCase() ?? '');

const loaders: Record<string, () => Promise<{ default: Catalog }>> = import.meta.glob<{ default: Catalog }>([
  './catalogs/*.json',
  '!./catalogs/en.json',
]);

export const locale = signal<string>('en');
const catalog = signal<Catalog>(en);
export const dir = computed(() => (isRtl(locale.value) ? 'rtl' : 'ltr'));

/** Problems found while formatting (missing key, broken translation); tests read this. Each is reported once. */
export const problems: string[] = [];
function report(problem: string): void {
  if (problems.includes(problem)) return;
  problems.push(problem);
  if (problems.length > 100) problems.shift();
  console.warn(`[nook i18n] ${problem}`);
}

const formats = new WeakMap<MessageFormatElement[], IntlMessageFormat>();
const plainArguments = new WeakMap<MessageFormatElement[], boolean>();
/** Text and plain `{name}` arguments only (most messages): no plural, select, number or date. */
const onlyArguments = (message: MessageFormatElement[]): boolean => {
  let only = plainArguments.get(message);
  if (only === undefined) plainArguments.set(message, (only = message.every((el) => el.type === 0 || el.type === 1)));
  return only;
};

function format(lang: string, message: string | MessageFormatElement[], vars?: Vars): string {
  if (typeof message === 'string') return message;
  // Put together here as IntlMessageFormat does (a missing variable throws; a value is its
  // String()), without its parts and their objects: a list of 200 items formats 400 messages.
  if (onlyArguments(message)) {
    let out = '';
    for (const el of message as (LiteralElement | ArgumentElement)[]) {
      if (el.type === 0) out += el.value;
      else if (!vars || !(el.value in vars)) throw new Error(`The variable "${el.value}" was not provided`);
      else {
        const v = vars[el.value];
        out += typeof v === 'string' || typeof v === 'number' || v ? String(v) : '';
      }
    }
    return out;
  }
  let f = formats.get(message);
  if (!f) {
    f = new IntlMessageFormat(message, lang);
    formats.set(message, f);
  }
  const out = f.format(vars);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** Last resort when even English cannot be formatted (a caller left out a variable): the text with what is known filled in. */
function plain(message: Message, vars?: Vars): string {
  if (typeof message === 'string') return message;
  if (!message) return '';
  return message
    .map((el): string => {
      if (el.type === 0) return el.value;
      if (el.type === 7) return '#';
      if (el.type === 5 || el.type === 6) return plain(el.options.other?.value ?? [], vars);
      if (el.type === 8) return plain(el.children, vars);
      const v = vars?.[el.value];
      return v === undefined ? `{${el.value}}` : String(v);
    })
    .join('');
}

function translate(lang: string, cat: Catalog, key: MessageKey, vars?: Vars): string {
  if (lang !== 'en') {
    const message = cat[key];
    if (message === undefined) {
      report(`${lang}: "${key}" is missing; using English`);
    } else if (message === null) {
      report(`${lang}: "${key}" did not parse at build time; using English`);
    } else {
      try {
        return format(lang, message, vars);
      } catch (e) {
        report(`${lang}: "${key}" failed (${(e as Error).message}); using English`);
      }
    }
  }
  const fallback = en[key];
  if (fallback === undefined || fallback === null) {
    report(`"${String(key)}" is not in the catalog`);
    return String(key);
  }
  try {
    return format('en', fallback, vars);
  } catch (e) {
    report(`en: "${key}" failed (${(e as Error).message})`);
    return plain(fallback, vars);
  }
}

let rest: Promise<void> | null = null;
/**
 * The English messages a build left out of its first download (the widget panel: those of its
 * lazily loaded sections), loaded once. Code loaded with import() that shows text waits for
 * it (`withStrings`); elsewhere it resolves at once, the module being empty.
 */
export function loadEnglishRest(): Promise<void> {
  rest ??= import('virtual:nook-en-rest').then(
    (m) => {
      Object.assign(en, m.default);
      // Views that showed a key's fallback render again with the message (t() reads this signal).
      catalog.value = catalog.peek() === en ? { ...en } : { ...catalog.peek() };
    },
    (e: Error) => {
      rest = null;
      report(`en: the rest of the catalog did not load (${e.message})`);
    },
  );
  return rest;
}

/** A lazily loaded module that shows text, once its English messages are here too. */
export const withStrings = <T>(load: () => Promise<T>): Promise<T> => Promise.all([load(), loadEnglishRest()]).then(([m]) => m);

/** The message `key` in the current language, falling back to English for that message alone. Never throws. */
export function t(key: MessageKey, vars?: Vars): string {
  return translate(locale.value, catalog.value, key, vars);
}

const provided = new Map<string, Catalog>();
/**
 * Catalogs given up front, for a context where `import()` is not allowed: an MV3 service
 * worker (the background imports i18n/background.ts, which provides them all).
 */
export function provideCatalogs(catalogs: Record<string, Catalog>): void {
  for (const [path, cat] of Object.entries(catalogs)) provided.set(path.replace(/^.*\/(.*)\.json$/, '$1'), cat);
}

async function load(lang: string): Promise<Catalog> {
  if (lang === 'en') return en;
  const ready = provided.get(lang);
  if (ready) return ready;
  const loader = loaders[`./catalogs/${lang}.json`];
  if (!loader) return en;
  try {
    return (await loader()).default;
  } catch (e) {
    report(`${lang}: the catalog did not load (${(e as Error).message}); using English`);
    return en;
  }
}

/** The best catalog for a BCP 47 tag: exact, then language only, then English. */
export function pickLanguage(tag: string | undefined | null): string {
  if (!tag) return 'en';
  const available = ['en', ...Object.keys(loaders).map((p) => p.replace(/^.*\/(.*)\.json$/, '$1'))];
  const lower = tag.replace(/_/g, '-').toLowerCase();
  const exact = available.find((a) => a.toLowerCase() === lower);
  if (exact) return exact;
  const base = lower.split('-')[0] ?? '';
  return available.find((a) => a.toLowerCase() === base) ?? available.find((a) => a.toLowerCase().startsWith(`${base}-`)) ?? 'en';
}

/** Switch language; loads its catalog first. Unknown tags fall back to English. Sets `<html lang dir>`. */
let switching = 0;
export async function setLocale(tag: string | undefined | null): Promise<void> {
  const lang = pickLanguage(tag);
  const mine = ++switching;
  const next = await load(lang);
  // A later call wins, whichever catalog arrives first.
  if (mine !== switching) return;
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

// One formatter per language: making an Intl.RelativeTimeFormat costs far more than formatting
// with it, and a list (the Notes tab's 200 notes, a thread's messages) asks for one per item.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(lang: string): Intl.RelativeTimeFormat {
  let rtf = relativeFormats.get(lang);
  if (!rtf) relativeFormats.set(lang, (rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })));
  return rtf;
}

/** "3 minutes ago", "in 2 days", in the current language. */
export function formatRelative(time: number, now = Date.now()): string {
  const diff = time - now;
  const rtf = relativeFormat(locale.value);
  // Clocks and renders drift by a few seconds: "now" rather than "in 1 second".
  if (Math.abs(diff) < 45_000) return rtf.format(0, 'second');
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
  const cat = await load(lang);
  return { lang, rtl: isRtl(lang), t: (key, vars) => translate(lang, cat, key, vars) };
}

/** A user-facing error in the current language: the catalog's `error.<code>`, else its English message. */
export function errorText(error: { code: string; message: string; params?: Record<string, string | number> }): string {
  const key = `error.${error.code}` as MessageKey;
  // Read before the lookup, so a view showing the fallback follows the catalog when the rest arrives.
  void catalog.value;
  if (key in en) return t(key, error.params);
  return error.message;
}
