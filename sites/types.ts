import type { PageContext, SiteId } from '../protocol/page-context';

// The page context is part of the wire (threads are anchored to it); its shape lives in protocol/.
export type { ContextKind, PageContext, SiteId } from '../protocol/page-context';

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
