import { UserError } from '../protocol/errors';
import type { NookDB } from './db';
import { DEFAULT_SETTINGS, type Settings } from '../types/local';
import { charLength, normalizeHub, normalizeOrigin } from './validate';

export const MAX_DISPLAY_NAME = 60;

type Check<K extends keyof Settings> = (value: unknown) => Settings[K];

function displayName(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('displayName must be a string');
  const name = value.trim();
  if (charLength(name) > MAX_DISPLAY_NAME) {
    throw new UserError('display_name_too_long', `Your name can be at most ${MAX_DISPLAY_NAME} characters.`, {
      max: MAX_DISPLAY_NAME,
    });
  }
  return name;
}

function language(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('language must be a string');
  const tag = value.trim();
  if (tag === '') return '';
  try {
    return Intl.getCanonicalLocales(tag)[0]!;
  } catch {
    throw new UserError('language_invalid', `"${tag}" is not a language tag.`, { language: tag });
  }
}

function defaultHub(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('defaultHub must be a string');
  return normalizeHub(value) ?? '';
}

function customOrigins(value: unknown): string[] {
  if (!Array.isArray(value)) throw new TypeError('customOrigins must be a list');
  return [...new Set(value.map((o) => normalizeOrigin(o as string)))];
}

function discovery(value: unknown): Settings['discovery'] {
  if (value !== 'unset' && value !== 'on' && value !== 'off') throw new TypeError('discovery must be unset, on or off');
  return value;
}

const onOff =
  (name: string) =>
  (value: unknown): boolean => {
    if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false`);
    return value;
  };

/** Validates and normalises each setting (trimmed name, canonical language tag and origins). */
const CHECKS: { [K in keyof Settings]: Check<K> } = {
  displayName,
  language,
  defaultHub,
  customOrigins,
  discovery,
  remindCheckIns: onOff('remindCheckIns'),
  remindMeetings: onOff('remindMeetings'),
  notifyMentions: onOff('notifyMentions'),
  notifyReplies: onOff('notifyReplies'),
  notifyRequests: onOff('notifyRequests'),
};

const isKey = (key: string): key is keyof Settings => Object.hasOwn(CHECKS, key);

/** Rows -> settings; a stored value that no longer passes its check falls back to the default. */
function fromRows(rows: { key: string; value: unknown }[]): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS, customOrigins: [...DEFAULT_SETTINGS.customOrigins] };
  for (const { key, value } of rows) {
    if (!isKey(key)) continue;
    try {
      (settings as unknown as Record<string, unknown>)[key] = CHECKS[key](value);
    } catch {
      // keep the default
    }
  }
  return settings;
}

/** The member's settings, defaults filled in. */
export async function getSettings(db: NookDB): Promise<Settings> {
  return fromRows(await db.settings.toArray());
}

/** Changes some settings (each validated; nothing is written when one is refused); returns them all. */
export async function setSettings(db: NookDB, patch: Partial<Settings>): Promise<Settings> {
  const rows: { key: string; value: unknown }[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!isKey(key)) throw new TypeError(`Unknown setting "${key}"`);
    rows.push({ key, value: CHECKS[key](value) });
  }
  return db.transaction('rw', db.settings, async () => {
    if (rows.length > 0) await db.settings.bulkPut(rows);
    return fromRows(await db.settings.toArray());
  });
}

/** Turns Nook on for an origin for good (the view asked for the host permission first). */
export async function addCustomOrigin(db: NookDB, origin: string): Promise<Settings> {
  const o = normalizeOrigin(origin);
  return db.transaction('rw', db.settings, async () => {
    const { customOrigins: list } = await getSettings(db);
    return list.includes(o) ? getSettings(db) : setSettings(db, { customOrigins: [...list, o] });
  });
}

/** Turns Nook off for an origin the member had turned it on for. */
export async function removeCustomOrigin(db: NookDB, origin: string): Promise<Settings> {
  const o = normalizeOrigin(origin);
  return db.transaction('rw', db.settings, async () => {
    const { customOrigins: list } = await getSettings(db);
    return setSettings(db, { customOrigins: list.filter((x) => x !== o) });
  });
}

// Per-site preferences live in site-prefs.ts; offered here too, beside the other settings.
export { getSitePrefs, setSitePrefs, listSitePrefs, defaultSitePrefs } from './site-prefs';
