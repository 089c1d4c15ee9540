import type { SiteId } from './types';

/**
 * Where each supported site lives, as manifest match patterns. Apart from the adapters, which
 * read pages: the launcher runs on every page load and needs to know the site, while the
 * adapters are only loaded once a sidebar opens (entrypoints/content/context.ts).
 */
export const SITE_HOSTS: Record<Exclude<SiteId, 'generic'>, string[]> = {
  reddit: ['*://www.reddit.com/*', '*://old.reddit.com/*'],
  patreon: ['*://www.patreon.com/*'],
  kajabi: ['*://*.mykajabi.com/*'],
  teachable: ['*://*.teachable.com/*'],
  thinkific: ['*://*.thinkific.com/*'],
  udemy: ['*://www.udemy.com/*'],
  podia: ['*://*.podia.com/*'],
  skool: ['*://www.skool.com/*'],
};

export const SUPPORTED_MATCHES: string[] = /* @__PURE__ */ Object.values(SITE_HOSTS).flat();

/** What the host checks read of an address: a `URL`, or the page's own `location` (no parse). */
export type Address = Pick<URL, 'protocol' | 'hostname' | 'origin'>;

/** Whether a manifest match pattern's host (e.g. `*://*.teachable.com/*`) covers the URL. */
export const hostIn = (matches: string[], url: Address): boolean =>
  (url.protocol === 'https:' || url.protocol === 'http:') &&
  matches.some((m) => {
    const h = m.split('/')[2] ?? '';
    return h[0] === '*' ? url.hostname === h.slice(2) || url.hostname.endsWith(h.slice(1)) : url.hostname === h;
  });

/**
 * Where per-site preferences live: the site id on every page of a supported host (the
 * Reddit home page included, though it gets the generic context), else the origin.
 */
export const siteKey = (url: Address): string =>
  (Object.keys(SITE_HOSTS) as (keyof typeof SITE_HOSTS)[]).find((site) => hostIn(SITE_HOSTS[site], url)) ?? url.origin;
