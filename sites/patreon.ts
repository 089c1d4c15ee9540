import { adapter, clean, context, dig, first, nextData, pageUrl, str, text } from './dom';

/**
 * Patreon: `/c/<vanity>` (and its tabs) is the creator's community, `/posts/<slug>-<id>`
 * a post. Older `/<vanity>` creator URLs cannot be told from other pages by their path
 * alone and get the generic context.
 */
export const patreon = adapter(
  'patreon',
  /^\/(?:posts\/(?:[^/]*-)?(\d+)\/?$|c\/([\w.-]+))/,
  ([, postId, vanity = ''], url, doc) => {
    const boot = dig(nextData(doc), 'props', 'pageProps', 'bootstrapEnvelope', 'pageBootstrap');
    const t = clean(doc.title);
    if (postId) {
      // __NEXT_DATA__ describes the first page loaded; after client-side navigation it is another post's.
      const post = dig(boot, 'post');
      const fresh = str(dig(post, 'data', 'id')) === postId;
      const included = fresh ? dig(post, 'included') : null;
      const campaign = Array.isArray(included) ? included.find((x) => dig(x, 'type') === 'campaign') : null;
      // The post's own card: its date links to the post, which other cards on the page do not.
      const card = doc.querySelector(`a[data-tag=post-published-at][href$="-${postId}"]`)?.closest('[data-tag=post-card]');
      // "<post> | <creator> on Patreon", trusted only once the head names this post.
      const m = doc.querySelector(`link[rel=canonical][href$="-${postId}"]`) && / \| (.+) on Patreon$/.exec(t);
      return context(
        'patreon',
        first(str(dig(campaign, 'attributes', 'name')), text(card, '[data-tag=metadata-wrapper] div > div'), m?.[1] ?? ''),
        'post',
        postId,
        first(fresh ? str(dig(post, 'data', 'attributes', 'title')) : '', text(card, '[data-tag=post-title]'), m ? t.slice(0, m.index) : ''),
        pageUrl(url),
      );
    }
    const campaign = dig(boot, 'campaign', 'data', 'attributes');
    const name = first(
      str(dig(campaign, 'vanity')).toLowerCase() === vanity.toLowerCase() ? str(dig(campaign, 'name')) : '',
      // "<creator> | creating … | Patreon", again only once the head names this creator.
      (doc.querySelector(`link[rel=canonical][href*="/c/${vanity}"]`) && /^(.+?) \| .*Patreon$/.exec(t)?.[1]) || '',
      vanity,
    );
    return context('patreon', name, 'community', null, name, pageUrl(url));
  },
);
