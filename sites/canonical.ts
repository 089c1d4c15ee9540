/**
 * Parameters that say how a visitor arrived, not what they are looking at. Dropping them
 * lets a note or a group find the page again whatever link was followed:
 * - campaign tags: utm_* (any), mc_cid, mc_eid (Mailchimp), _ga, _gl (Google Analytics
 *   cross-domain), _hsenc, _hsmi (HubSpot), mkt_tok (Marketo), vero_id, oly_anon_id, oly_enc_id;
 * - click ids: fbclid, gclid, dclid, gbraid, wbraid, msclkid, yclid, twclid, ttclid, li_fat_id,
 *   rdt_cid;
 * - share and referral tags: ref, ref_src, ref_source, ref_url, share_id, si, igshid, igsh;
 * - view state: context (Reddit's "show N parent comments"), sort.
 * On the supported sites an adapter goes further and keeps only the parameters that
 * name content (Skool's `md`), see `keep`.
 */
const TRACKING =
  /^(utm_.*|mc_[ce]id|_ga|_gl|_hsenc|_hsmi|mkt_tok|vero_id|oly_(anon|enc)_id|fbclid|gclid|dclid|[gw]braid|msclkid|yclid|twclid|ttclid|li_fat_id|rdt_cid|ref(_src|_source|_url)?|share_id|si|igshid|igsh|context|sort)$/i;

/**
 * The URL that stands for a page: no fragment, no tracking parameters, the remaining ones
 * sorted, and one host per site (old/new Reddit and the bare domains of the supported sites
 * map to their www host). With `keep`, only those parameters survive.
 */
export function canonicalUrl(url: URL | string, keep?: string[]): string {
  const u = new URL(url);
  u.hash = '';
  // Old and new Reddit serve the same threads; the canonical links on both point at www.
  u.hostname = u.hostname.replace(/^((old|new|np|m|i)\.)?(reddit\.com)$|^(patreon\.com|udemy\.com|skool\.com)$/, 'www.$3$4');
  for (const k of [...u.searchParams.keys()]) {
    if (keep ? !keep.includes(k) : TRACKING.test(k)) u.searchParams.delete(k);
  }
  // A stable order, so that ?a&b and ?b&a are one page.
  u.searchParams.sort();
  return u.href;
}
