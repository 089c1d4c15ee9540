import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  dir,
  errorText,
  formatBytes,
  formatDate,
  formatList,
  formatNumber,
  formatRelative,
  locale,
  pickLanguage,
  problems,
  provideCatalogs,
  setLocale,
  t,
  translator,
  type Catalog,
} from './index';
import { compileCatalog } from './vite-plugin';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import type { MessageKey } from './index';

const compiledCatalogs = import.meta.glob<{ default: Record<string, string | MessageFormatElement[] | null> }>('./catalogs/*.json', { eager: true });

const COUNTS = [0, 1, 2, 5, 21];

beforeEach(() => {
  problems.length = 0;
});
afterEach(async () => {
  await setLocale('en');
});

describe('pluralisation (0, 1, 2, 5, 21)', () => {
  const limitShort: Record<string, string[]> = {
    en: ['up to 0 members', 'up to 1 member', 'up to 2 members', 'up to 5 members', 'up to 21 members'],
    es: ['hasta 0 miembros', 'hasta 1 miembro', 'hasta 2 miembros', 'hasta 5 miembros', 'hasta 21 miembros'],
    de: ['bis zu 0 Mitglieder', 'bis zu 1 Mitglied', 'bis zu 2 Mitglieder', 'bis zu 5 Mitglieder', 'bis zu 21 Mitglieder'],
    // French and Brazilian Portuguese: `one` covers 0 and 1.
    fr: ['jusqu’à 0 membre', 'jusqu’à 1 membre', 'jusqu’à 2 membres', 'jusqu’à 5 membres', 'jusqu’à 21 membres'],
    'pt-BR': ['até 0 membro', 'até 1 membro', 'até 2 membros', 'até 5 membros', 'até 21 membros'],
    ja: ['最大 0 人', '最大 1 人', '最大 2 人', '最大 5 人', '最大 21 人'],
  };
  for (const [lang, want] of Object.entries(limitShort)) {
    it(`groups.limitShort in ${lang}`, async () => {
      await setLocale(lang);
      expect(COUNTS.map((limit) => t('groups.limitShort', { limit }))).toEqual(want);
      expect(problems).toEqual([]);
    });
  }

  const usage: Record<string, (n: number) => string> = {
    en: (n) => `${n} ${n === 1 ? 'note' : 'notes'} and 1 group on this device (2 kB).`,
    es: (n) => `${n} ${n === 1 ? 'nota' : 'notas'} y 1 grupo en este dispositivo (2 kB).`,
    de: (n) => `${n} ${n === 1 ? 'Notiz' : 'Notizen'} und 1 Gruppe auf diesem Gerät (2 kB).`,
    fr: (n) => `${n} ${n <= 1 ? 'note' : 'notes'} et 1 groupe sur cet appareil (2 kB).`,
    'pt-BR': (n) => `${n} ${n <= 1 ? 'nota' : 'notas'} e 1 grupo neste dispositivo (2 kB).`,
    ja: (n) => `この端末にはメモ ${n} 件とグループ 1 件があります（2 kB）。`,
  };
  for (const [lang, want] of Object.entries(usage)) {
    it(`options.usage in ${lang}`, async () => {
      await setLocale(lang);
      expect(COUNTS.map((notes) => t('options.usage', { notes, groups: 1, size: '2 kB' }))).toEqual(COUNTS.map(want));
      expect(problems).toEqual([]);
    });
  }

  it('uses the `many` form where CLDR has one (a million, in es, fr, pt-BR)', async () => {
    await setLocale('es');
    expect(t('members.count', { count: 1_000_000 })).toBe('1.000.000 de miembros');
    await setLocale('fr');
    expect(t('members.count', { count: 1_000_000 })).toBe(`${formatNumber(1_000_000)} de membres`);
    await setLocale('pt-BR');
    expect(t('members.count', { count: 1_000_000 })).toBe('1.000.000 de membros');
  });

  it('Arabic (partial catalog) has all six forms', async () => {
    await setLocale('ar');
    const n = (x: number) => formatNumber(x);
    expect([0, 1, 2, 5, 21, 100].map((limit) => t('groups.limitShort', { limit }))).toEqual([
      `حتى ${n(0)} عضو`,
      'حتى عضو واحد',
      'حتى عضوين',
      `حتى ${n(5)} أعضاء`,
      `حتى ${n(21)} عضوًا`,
      `حتى ${n(100)} عضو`,
    ]);
  });
});

describe('language choice', () => {
  it('picks the best catalog for a browser tag', () => {
    expect(pickLanguage('de-AT')).toBe('de');
    expect(pickLanguage('de-DE')).toBe('de');
    expect(pickLanguage('pt')).toBe('pt-BR');
    expect(pickLanguage('pt-PT')).toBe('pt-BR');
    expect(pickLanguage('pt_BR')).toBe('pt-BR');
    expect(pickLanguage('fr-CA')).toBe('fr');
    expect(pickLanguage('ja-JP')).toBe('ja');
    expect(pickLanguage('es-419')).toBe('es');
    expect(pickLanguage('en-GB')).toBe('en');
    expect(pickLanguage('ar-EG')).toBe('ar');
    expect(pickLanguage('zz')).toBe('en');
    expect(pickLanguage('he')).toBe('en');
    expect(pickLanguage('')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
  });

  it('switches language, and the last call wins', async () => {
    await setLocale('de-DE');
    expect(locale.value).toBe('de');
    expect(t('sidebar.notes')).toBe('Notizen');
    await Promise.all([setLocale('ja'), setLocale('es')]);
    expect(locale.value).toBe('es');
    expect(t('sidebar.notes')).toBe('Notas');
  });

  it('is right-to-left for Arabic, Hebrew, Persian and Urdu only', async () => {
    await setLocale('ar');
    expect(locale.value).toBe('ar');
    expect(dir.value).toBe('rtl');
    expect(t('sidebar.notes')).toBe('الملاحظات');
    await setLocale('de');
    expect(dir.value).toBe('ltr');
    // No Hebrew catalog yet: English, laid out left to right.
    await setLocale('he');
    expect(dir.value).toBe('ltr');
    expect((await translator('ar')).rtl).toBe(true);
    expect((await translator('fa')).rtl).toBe(false); // no catalog: English
  });

  it('a partial catalog falls back to English per message and reports what is missing', async () => {
    await setLocale('ar');
    expect(t('options.title')).toBe('Nook settings');
    expect(problems).toContain('ar: "options.title" is missing; using English');
    // Reported once, however often it is shown.
    t('options.title');
    expect(problems.filter((p) => p.includes('options.title'))).toHaveLength(1);
  });
});

describe('translator (the background: one language per tab, no DOM)', () => {
  it('translates without touching the views’ language', async () => {
    const de = await translator('de-DE');
    expect(de.lang).toBe('de');
    expect(de.rtl).toBe(false);
    expect(de.t('launcher.frameTitle')).toBe('Nook-Seitenleiste');
    expect(de.t('groups.limitShort', { limit: 1 })).toBe('bis zu 1 Mitglied');
    expect(locale.value).toBe('en');
    expect(t('launcher.frameTitle')).toBe('Nook sidebar');
  });
});

describe('bad input never crashes a view', () => {
  // A catalog as the build would ship it, with a message that did not parse (null), one
  // that uses a variable the caller does not pass, one with markup, and one lost key.
  async function withBrokenFrench(run: () => void | Promise<void>) {
    const real = (await import('./catalogs/fr.json')).default as unknown as Catalog;
    const broken = compileCatalog(
      'fr',
      {
        ...(JSON.parse(JSON.stringify(real)) as object),
        'notes.updated': 'Modifiée {when',
        'groups.hosted': 'Hébergé sur {serveur}',
        'groups.limitShort': '{limit, plural, one {<b>#</b> membre} other {<b>#</b> membres}}',
      },
      () => {},
    ) as Catalog;
    delete broken['groups.local'];
    provideCatalogs({ './catalogs/fr.json': broken });
    try {
      await setLocale('fr');
      await run();
    } finally {
      provideCatalogs({ './catalogs/fr.json': real });
    }
  }

  it('a message that did not parse at build time: English, reported', async () => {
    await withBrokenFrench(() => {
      expect(() => t('notes.updated', { when: 'hier' })).not.toThrow();
      expect(t('notes.updated', { when: 'hier' })).toBe('Updated hier');
      expect(problems).toContain('fr: "notes.updated" did not parse at build time; using English');
    });
  });

  it('a translation that uses a variable English does not pass: English, reported', async () => {
    await withBrokenFrench(() => {
      expect(t('groups.hosted', { hub: 'hub.example' })).toBe('Hosted on hub.example');
      expect(problems.some((p) => p.startsWith('fr: "groups.hosted" failed'))).toBe(true);
    });
  });

  it('a translation that adds markup the view does not render: English, reported', async () => {
    await withBrokenFrench(() => {
      expect(t('groups.limitShort', { limit: 30 })).toBe('up to 30 members');
      expect(problems.some((p) => p.startsWith('fr: "groups.limitShort" failed'))).toBe(true);
    });
  });

  it('a missing key: English, reported; the rest stays French', async () => {
    await withBrokenFrench(() => {
      expect(t('groups.local')).toBe('This device only');
      expect(t('sidebar.notes')).toBe('Notes');
      expect(t('groups.create')).toBe('Créer le groupe');
      expect(problems).toContain('fr: "groups.local" is missing; using English');
    });
  });

  it('a caller that forgets a variable gets readable text, not an exception', async () => {
    await setLocale('de');
    // The variable is missing on purpose.
    expect(() => t('groups.here')).not.toThrow();
    expect(t('groups.here')).toBe('Groups for {community}');
    expect(problems.some((p) => p.startsWith('de: "groups.here" failed'))).toBe(true);
    expect(problems.some((p) => p.startsWith('en: "groups.here" failed'))).toBe(true);
  });

  it('an unknown key returns the key', () => {
    // @ts-expect-error: not a key
    expect(t('nope.nothing')).toBe('nope.nothing');
  });

  it('errorText uses the catalog, else the English message from the wire', async () => {
    await setLocale('de');
    expect(errorText({ code: 'member_limit_range', message: 'x', params: { min: 2, max: 100 } })).toBe('Das Mitgliederlimit muss eine ganze Zahl von 2 bis 100 sein.');
    expect(errorText({ code: 'brand_new', message: 'Something new' })).toBe('Something new');
  });
});

describe('messages of text and plain arguments', () => {
  // t() puts these together itself, without IntlMessageFormat: the same text in every catalog.
  const values: (string | number | Date)[] = [0, 3, 'Ada', '', new Date(Date.UTC(2025, 2, 14))];
  for (const [path, mod] of Object.entries(compiledCatalogs)) {
    const lang = path.replace(/^.*\/(.*)\.json$/, '$1');
    it(`${lang}: the same text IntlMessageFormat makes`, async () => {
      const { t: translate } = await translator(lang);
      let checked = 0;
      for (const [key, message] of Object.entries(mod.default)) {
        if (!Array.isArray(message) || !message.every((el) => el.type === 0 || el.type === 1)) continue;
        const names = message.filter((el) => el.type === 1).map((el) => el.value);
        for (const value of values) {
          const vars = Object.fromEntries(names.map((name) => [name, value]));
          const made = new IntlMessageFormat(message, lang).format(vars);
          expect(translate(key as MessageKey, vars)).toBe(Array.isArray(made) ? made.join('') : String(made));
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(50);
      expect(problems).toEqual([]);
    });
  }
});

describe('Intl helpers use the language', () => {
  it('German', async () => {
    await setLocale('de');
    const now = Date.UTC(2025, 2, 14, 12, 0, 0);
    expect(formatRelative(now - 3 * 60_000, now)).toBe('vor 3 Minuten');
    expect(formatRelative(now - 86_400_000, now)).toBe('gestern');
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatList(['Anna', 'Ben', 'Cleo'])).toBe('Anna, Ben und Cleo');
    expect(formatBytes(1536)).toBe('1,5 kB');
    expect(formatDate(now, { dateStyle: 'long', timeZone: 'UTC' })).toBe('14. März 2025');
  });

  it('Spanish, French, Japanese', async () => {
    const now = Date.UTC(2025, 2, 14, 12, 0, 0);
    await setLocale('es');
    expect(formatRelative(now + 2 * 86_400_000, now)).toBe('pasado mañana');
    expect(formatList(['a', 'b', 'c'])).toBe('a, b y c');
    await setLocale('fr');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('il y a 3 heures');
    await setLocale('ja');
    expect(formatDate(now, { dateStyle: 'medium', timeZone: 'UTC' })).toBe('2025/03/14');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 分前');
  });

  it('a relative time follows a change of language back and forth (one formatter kept per language)', async () => {
    const now = Date.UTC(2025, 2, 14, 12, 0, 0);
    await setLocale('de');
    expect(formatRelative(now - 3 * 60_000, now)).toBe('vor 3 Minuten');
    await setLocale('fr');
    expect(formatRelative(now - 3 * 60_000, now)).toBe('il y a 3 minutes');
    await setLocale('de');
    expect(formatRelative(now - 86_400_000, now)).toBe('gestern');
    await setLocale('en');
    expect(formatRelative(now - 86_400_000, now)).toBe('yesterday');
  });
});
