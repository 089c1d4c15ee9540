import { adapter, context, dig, first, humanize, named, nextData, pageUrl, str, text } from './dom';

/** The title of module `id` in a Skool course tree (`{ course, children }` nodes). */
const titleIn = (node: unknown, id: string): string => {
  const kids = dig(node, 'children');
  return str(dig(node, 'course', 'id')) === id
    ? str(dig(node, 'course', 'metadata', 'title'))
    : ((Array.isArray(kids) ? kids : []).map((k: unknown) => titleIn(k, id)).find(Boolean) ?? '');
};

/**
 * Skool: the community is the group (`/<group>` and its tabs); a classroom module
 * (`/<group>/classroom/<course>?md=<module>`) is a lesson, and `md` is the one parameter
 * its URL keeps. Top-level pages that are not groups (/discovery, …) have no group in
 * their data and get the generic context.
 */
export const skool = adapter('skool', /^\/([\w-]+)(?:\/classroom\/(\w+))?/, ([, group = '', course], url, doc) => {
  const props = dig(nextData(doc), 'props', 'pageProps');
  const current = dig(props, 'currentGroup');
  const md = course ? /^\w+$/.exec(url.searchParams.get('md') ?? '')?.[0] : undefined;
  const community = first(
    // __NEXT_DATA__ stays as first loaded while the Next.js router moves between groups and modules.
    str(dig(current, 'name')) === group ? str(dig(current, 'metadata', 'displayName')) : '',
    named(group, doc),
    md ? humanize(group) : '',
  );
  // The course tree holds every module, so the URL's `md` is found in it after client-side navigation too.
  const title = md ? first(titleIn(dig(props, 'course'), md), text(doc, `a[href*="md=${md}"]`)) : community;
  return context('skool', community, md ? 'lesson' : 'community', md ?? null, title, pageUrl(url, ['md']));
});
