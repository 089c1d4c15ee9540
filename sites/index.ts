import { genericContext } from './generic';
import { kajabi, kajabiMarker } from './kajabi';
import { patreon } from './patreon';
import { podia, podiaMarker } from './podia';
import { reddit } from './reddit';
import { skool } from './skool';
import { teachable, teachableMarker } from './teachable';
import { thinkific, thinkificMarker } from './thinkific';
import type { PageContext, SiteAdapter } from './types';
import { udemy } from './udemy';

export { canonicalUrl } from './canonical';
export { siteKey, SUPPORTED_MATCHES } from './hosts';
export { genericContext } from './generic';

export const ADAPTERS: SiteAdapter[] = [reddit, patreon, kajabi, teachable, thinkific, udemy, podia, skool];

/** Creators also serve these platforms from their own domains, where only the page's markers tell which one it is. */
const OWN_DOMAIN: [SiteAdapter, string][] = [
  [kajabi, kajabiMarker],
  [teachable, teachableMarker],
  [thinkific, thinkificMarker],
  [podia, podiaMarker],
];

export const adapterFor = (url: URL): SiteAdapter | undefined => ADAPTERS.find((a) => a.test(url));

export function readContext(url: URL, doc: Document): PageContext {
  const a = adapterFor(url) ?? OWN_DOMAIN.find(([, marker]) => doc.querySelector(marker))?.[0];
  return a?.read(url, doc) ?? genericContext(url, doc.title);
}
