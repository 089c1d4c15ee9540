import browser from 'webextension-polyfill';
import { CONTENT_FILES } from '../../scripts/content-files';
import type { NookDB } from '../../storage/db';
import { addCustomOrigin, getSettings, removeCustomOrigin } from '../../storage/settings';
import { originOfPattern as originOf } from '../../storage/validate';

/**
 * Sites the member turned Nook on for beyond the built-in ones (a course on a creator's own
 * domain): the content script is registered for that origin, which the member granted.
 */
const idOf = (origin: string) => `nook-${origin.replace(/[^a-z0-9]/gi, '_')}`;

export const origins = {
  async register(origin: string): Promise<void> {
    const id = idOf(origin);
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
    if (existing.length > 0) return;
    try {
      await browser.scripting.registerContentScripts([
        { id, matches: [`${origin}/*`], js: [CONTENT_FILES.launcher], runAt: 'document_idle', persistAcrossSessions: true },
      ]);
    } catch (e) {
      // A grant and the background's start can register the same site at once: one is enough.
      if ((await browser.scripting.getRegisteredContentScripts({ ids: [id] })).length === 0) throw e;
    }
  },
  async unregister(origin: string): Promise<void> {
    await browser.scripting.unregisterContentScripts({ ids: [idOf(origin)] }).catch(() => undefined);
  },
};

export async function enableOrigin(db: NookDB, pattern: string): Promise<void> {
  const origin = originOf(pattern);
  if (!origin) return;
  await origins.register(origin);
  await addCustomOrigin(db, origin);
}

export async function disableOrigin(db: NookDB, pattern: string): Promise<void> {
  const origin = originOf(pattern);
  if (!origin) return;
  await origins.unregister(origin);
  await removeCustomOrigin(db, origin);
}

/**
 * Registered scripts do not outlive an update of the extension (nor a restart of an unpacked
 * one): at browser start and after an update, the sites the member turned on are registered
 * again, and those whose permission was taken back meanwhile are turned off.
 */
export async function reconcileOrigins(db: NookDB): Promise<void> {
  const { customOrigins } = await getSettings(db);
  for (const origin of customOrigins) {
    if (await browser.permissions.contains({ origins: [`${origin}/*`] })) await origins.register(origin);
    else await disableOrigin(db, `${origin}/*`);
  }
}
