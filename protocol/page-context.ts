/**
 * What a page is about, as the site adapters (sites/) read it and the wire carries it
 * (protocol/context.ts checks its zod schema against this type). Types only: the content
 * scripts use them without shipping zod.
 */

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
