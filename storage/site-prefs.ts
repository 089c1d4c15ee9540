import type { NookDB } from './db';
import type { SitePrefs } from '../types/local';

/** Preferences of a site nobody changed: Nook on, sidebar closed, launcher shown. */
export const defaultSitePrefs = (key: string): SitePrefs => ({ key, enabled: true, open: false, launcherHidden: false });

const FLAGS = ['enabled', 'open', 'launcherHidden'] as const;

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key === '' || key.length > 500) throw new TypeError('site key must be a non-empty string');
  return key;
}

/** Preferences of a site (by site id, or origin for sites the member turned on). */
export async function getSitePrefs(db: NookDB, key: string): Promise<SitePrefs> {
  return (await db.sites.get(checkKey(key))) ?? defaultSitePrefs(key);
}

/** Changes some of a site's preferences; returns them all. */
export async function setSitePrefs(
  db: NookDB,
  key: string,
  patch: Partial<Omit<SitePrefs, 'key'>>,
): Promise<SitePrefs> {
  checkKey(key);
  const changes: Partial<SitePrefs> = {};
  for (const flag of FLAGS) {
    const value = patch[flag];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new TypeError(`${flag} must be true or false`);
    changes[flag] = value;
  }
  return db.transaction('rw', db.sites, async () => {
    const prefs: SitePrefs = { ...((await db.sites.get(key)) ?? defaultSitePrefs(key)), ...changes, key };
    await db.sites.put(prefs);
    return prefs;
  });
}

/** Every site whose preferences were changed, by key. */
export async function listSitePrefs(db: NookDB): Promise<SitePrefs[]> {
  return db.sites.orderBy('key').toArray();
}
