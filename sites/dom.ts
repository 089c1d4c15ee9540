import { canonicalUrl } from './canonical';
import { hostIn, SITE_HOSTS } from './hosts';
import type { ContextKind, PageContext, SiteAdapter } from './types';

type Site = SiteAdapter['site'];

/** Collapses the whitespace that markup indentation leaves in text. */
export const clean = (s: string | null | undefined): string => s?.replace(/\s+/g, ' ').trim() ?? '';

/** Text of the first element matching `sel`; '' when there is none. */
export const text = (root: ParentNode | null | undefined, sel: string): string => clean(root?.querySelector(sel)?.textContent);

export const attr = (el: Element | null | undefined, name: string): string => clean(el?.getAttribute(name));

/** Text of the element itself, leaving out its children: sidebars put labels such as "Video" or "Completed" in child elements. */
export function ownText(el: Element | null): string {
  let s = '';
  el?.childNodes.forEach((n) => {
    if (n.nodeType === 3) s += n.textContent;
  });
  return clean(s);
}

/** The first non-empty candidate. */
export const first = (...xs: string[]): string => xs.find(Boolean) ?? '';

/** "Lesson | Course" minus " | Course": '' unless the title really ends so, which guards against titles in another form. */
export const stripEnd = (s: string, end: string): string => (s.endsWith(end) ? s.slice(0, -end.length).trim() : '');

/** "marathon-base-building" -> "Marathon Base Building": the name of last resort, from the URL. */
export const humanize = (slug: string): string => slug.replace(/[-_]+/g, ' ').trim().replace(/\b\w/g, (c) => c.toUpperCase());

/** How a site would slug a name, to check a name against the slug in the URL. */
export const slugify = (s: string): string =>
  s.normalize('NFKD').toLowerCase().replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * The candidate (or part of the `<title>` between " | " or " · ") that slugs to `slug`: a
 * name from a marker that is only assumed becomes safe once the URL agrees with it.
 */
export const named = (slug: string, doc: Document, ...extra: string[]): string =>
  [...extra, ...doc.title.split(/ [|·] /)].map(clean).find((s) => slugify(s) === slug.toLowerCase()) ?? '';

/** Next.js pages embed their props as JSON; note that it describes the first load, not later client-side navigations. */
export function nextData(doc: Document): unknown {
  try {
    return JSON.parse(doc.getElementById('__NEXT_DATA__')?.textContent ?? '');
  } catch {
    return null;
  }
}

export function dig(o: unknown, ...path: string[]): unknown {
  for (const k of path) o = o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined;
  return o;
}

export const str = (v: unknown): string => (typeof v === 'string' ? clean(v) : '');

/** Page URL for an adapter: only the `keep` parameters, and no trailing slash, so that both spellings give one URL. */
export const pageUrl = (url: URL, keep: string[] = []): string => canonicalUrl(url, keep).replace(/\/(?=\?|$)/, '');

export const context = (
  site: Site,
  community: string,
  kind: ContextKind,
  id: string | null,
  title: string,
  url: string,
): PageContext | null => (community ? { site, community, kind, id, title: title || community, url } : null);

/**
 * An adapter that claims the pages of its hosts whose path matches `path`, and reads them
 * with `read` given the match. `read` itself does not look at the host, so that a creator's
 * own domain can use it once the page's markers have shown which platform serves it.
 */
export const adapter = (
  site: Site,
  path: RegExp,
  read: (m: RegExpExecArray, url: URL, doc: Document) => PageContext | null,
): SiteAdapter => ({
  site,
  matches: SITE_HOSTS[site],
  test: (url) => hostIn(SITE_HOSTS[site], url) && path.test(url.pathname),
  read(url, doc) {
    const m = path.exec(url.pathname);
    return m && read(m, url, doc);
  },
});
