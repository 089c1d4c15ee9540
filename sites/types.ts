/** The sites Nook knows. `generic` is any other page the member opens Nook on. */
export type SiteId =
  | 'reddit'
  | 'patreon'
  | 'kajabi'
  | 'teachable'
  | 'thinkific'
  | 'udemy'
  | 'podia'
  | 'skool'
  | 'generic';

/** What a page is about: a community, and where inside it the member is. */
export type ContextKind = 'community' | 'thread' | 'post' | 'lesson' | 'page';

export interface PageContext {
  site: SiteId;
  /** Display name of the community: "r/knitting", a Patreon creator, a course title, or a host name. */
  community: string;
  kind: ContextKind;
  /** Stable id of the thread, post or lesson (e.g. "t3_1abcde"); null for a community or generic page. */
  id: string | null;
  /** Title of the thread, post or lesson; the community's name for a community page. */
  title: string;
  /** Canonical URL: no tracking parameters, no fragment; the same lesson or thread always maps to it. */
  url: string;
}

/** One adapter per site, in `sites/<site>.ts`, registered in `sites/index.ts`. */
export interface SiteAdapter {
  site: Exclude<SiteId, 'generic'>;
  /** Manifest match patterns where the content script runs for this site. */
  matches: string[];
  /** True when this adapter is responsible for the URL (its host and path shape). */
  test(url: URL): boolean;
  /** The page's context, from the URL first and DOM markers second; null while the page cannot tell yet. */
  read(url: URL, doc: Document): PageContext | null;
}

/** Key a group links to: the community of a site, e.g. "reddit:r/knitting". */
export const communityKey = (c: Pick<PageContext, 'site' | 'community'>): string =>
  `${c.site}:${c.community}`;
