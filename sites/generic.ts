import { canonicalUrl } from './canonical';
import { clean } from './dom';
import type { PageContext } from './types';

/** Any other page the member opens Nook on: the site is the community, the page its title. */
export function genericContext(url: URL, pageTitle: string): PageContext {
  const href = canonicalUrl(url);
  return {
    site: 'generic',
    community: new URL(href).hostname.replace(/^www\./, ''),
    kind: 'page',
    id: null,
    title: clean(pageTitle) || url.pathname,
    url: href,
  };
}
