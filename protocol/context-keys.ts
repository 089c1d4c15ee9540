import type { PageContext } from './context';
import type { SiteId } from './page-context';

/**
 * 16 bits: 65,536 buckets. A hub with 100,000 listings has one or two per bucket (an answer
 * stays small), while every bucket stands for tens of thousands of subreddits, creators and
 * courses and millions of threads, lessons and posts, so a prefix names none of them.
 * (Here rather than in listings.ts, so that the widget's pages can hash without zod.)
 */
export const LISTING_PREFIX_HEX = 4;

/**
 * The keys a group can be listed under for a page (issue #19): the page itself (a thread,
 * post or lesson) and its community (a subreddit, a Patreon creator, a course). A key is
 * only ever hashed before it leaves the device. Each is normalised so that every way of
 * reaching the same place gives the same key: new and old Reddit, any spelling of the
 * subreddit; a Patreon creator from a post or from their page; a course from any lesson.
 */
export interface ContextKeys {
  /** null on a community's own page: the community is all there is. */
  page: string | null;
  community: string;
}

/** Platforms that serve schools from many hosts (subdomains, creators' own domains): the host tells two schools' courses apart. */
const MANY_HOSTS: ReadonlySet<SiteId> = new Set(['kajabi', 'teachable', 'thinkific', 'podia']);

/**
 * The course (or Skool group) in the URL forms the adapters read (sites/*.ts): the same
 * slug on every lesson, and already in the address a creator pastes. Teachable is missing:
 * its lessons are reached by a numeric course id as well as by the slug, so its course is
 * known by name.
 */
const COURSE_IN_PATH: Partial<Record<SiteId, RegExp>> = {
  kajabi: /^\/products\/([\w-]+)/,
  thinkific: /^\/courses\/(?:take\/)?([\w-]+)/,
  udemy: /^\/course\/([\w-]+)/,
  podia: /^\/(?:view|p)\/courses\/([\w-]+)/,
  skool: /^\/([\w-]+)/,
};

/**
 * A name as sites slug it, without the separators: "Tomás Bakes" and the vanity address
 * "tomasbakes" are one creator, "Python for Data Analysis" and "python-for-data-analysis"
 * one course.
 */
export const foldName = (s: string): string =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

const hostOf = (url: string): string => new URL(url).hostname.toLowerCase().replace(/^www\./, '');

function communityKey(c: PageContext): string {
  const url = new URL(c.url);
  const host = MANY_HOSTS.has(c.site) ? `${hostOf(c.url)}/` : '';
  switch (c.site) {
    // Subreddit names are letters, digits and "_", and Reddit matches them in any case.
    case 'reddit':
      return `reddit:${c.community.toLowerCase()}`;
    case 'generic':
      return `generic:${hostOf(c.url)}`;
    default: {
      const slug = COURSE_IN_PATH[c.site]?.exec(url.pathname)?.[1];
      return `${c.site}:${host}${foldName(slug ?? c.community)}`;
    }
  }
}

function pageKey(c: PageContext): string | null {
  if (c.kind === 'community') return null;
  if (c.site === 'generic' || c.id === null) return `${c.site}:${c.url}`;
  const host = MANY_HOSTS.has(c.site) ? `${hostOf(c.url)}/` : '';
  // Reddit's and Patreon's ids are their own across the whole site; a school's lesson ids within its host.
  return `${c.site}:${host}${c.kind}:${c.id.toLowerCase()}`;
}

/** The listing keys of a page's context. */
export function contextKeys(c: PageContext): ContextKeys {
  return { page: pageKey(c), community: communityKey(c) };
}

/** Where a community's own address is, by site: what a creator may paste into the widget's `/create` page. */
const COMMUNITY_ADDRESS: { site: SiteId; host: RegExp; path: RegExp }[] = [
  { site: 'reddit', host: /^(www\.|old\.)?reddit\.com$/, path: /^\/r\/(\w+)/ },
  { site: 'patreon', host: /^(www\.)?patreon\.com$/, path: /^\/(?:c\/)?([\w.-]+)\/?$/ },
  { site: 'kajabi', host: /\.mykajabi\.com$/, path: COURSE_IN_PATH.kajabi! },
  { site: 'teachable', host: /\.teachable\.com$/, path: /^\/(?:p|courses)\/(?!enrolled\/)([a-z][\w-]*)/ },
  { site: 'thinkific', host: /\.thinkific\.com$/, path: COURSE_IN_PATH.thinkific! },
  { site: 'udemy', host: /^(www\.)?udemy\.com$/, path: COURSE_IN_PATH.udemy! },
  { site: 'podia', host: /\.podia\.com$/, path: COURSE_IN_PATH.podia! },
  { site: 'skool', host: /^(www\.)?skool\.com$/, path: COURSE_IN_PATH.skool! },
];

/**
 * The community key of an address alone (no page to read): a subreddit, a Patreon creator's
 * page, a course's page or any of its lessons. The same key the extension makes on those
 * pages; null for an address that names no community Nook knows.
 */
export function communityKeyOfAddress(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  const known = COMMUNITY_ADDRESS.find((a) => a.host.test(host));
  const name = known?.path.exec(url.pathname)?.[1];
  if (!known || !name) return null;
  const community = known.site === 'reddit' ? `r/${name}` : name;
  return communityKey({ site: known.site, community, kind: 'community', id: null, title: community, url: url.href });
}

/** SHA-256 of a key, lowercase hex (WebCrypto: the background, the panel and Node all have it). */
export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bucket a hash falls in: all a lookup tells the hub. */
export const prefixOf = (hash: string): string => hash.slice(0, LISTING_PREFIX_HEX);

export interface ContextHashes {
  page: string | null;
  community: string;
}

export async function contextHashes(c: PageContext): Promise<ContextHashes> {
  const keys = contextKeys(c);
  return { page: keys.page === null ? null : await hashKey(keys.page), community: await hashKey(keys.community) };
}

/** The prefixes to look up for a context: its page's and its community's buckets (one when they share it). */
export const lookupPrefixes = (h: ContextHashes): string[] => [
  ...new Set([...(h.page === null ? [] : [prefixOf(h.page)]), prefixOf(h.community)]),
];

/**
 * Of the listings a hub answered for the buckets, the ones really listed for this context:
 * the full hash and its scope must match. The page's first, then the community's.
 */
export function matchListings<L extends { hash: string; scope: 'page' | 'community' }>(h: ContextHashes, listings: readonly L[]): L[] {
  const page = listings.filter((l) => l.scope === 'page' && h.page !== null && l.hash === h.page);
  const community = listings.filter((l) => l.scope === 'community' && l.hash === h.community);
  return [...page, ...community];
}
