import { adapter, context, first, humanize, named, pageUrl, stripEnd, text } from './dom';

/** Kajabi themes tag their elements with `kjb-settings-id`: how a creator's own domain shows it is Kajabi. */
export const kajabiMarker = '[kjb-settings-id]';

/**
 * Kajabi: `/products/<product>/categories/<id>/posts/<id>` is a lesson; the product and
 * its categories are the community (the course).
 */
export const kajabi = adapter(
  'kajabi',
  /^\/products\/([\w-]+)(?:\/categories\/\d+(?:\/posts\/(\d+))?)?/,
  ([, product = '', id], url, doc) => {
    const community = first(
      text(doc, `.breadcrumbs__crumb a[href$="/products/${product}"]`),
      named(product, doc),
      humanize(product),
    );
    const title = id
      ? first(
          text(doc, `a[href$="/posts/${id}"] .syllabus__title`),
          stripEnd(doc.title, ' | ' + community),
          text(doc, '.panel__title'),
        )
      : community;
    return context('kajabi', community, id ? 'lesson' : 'community', id ?? null, title, pageUrl(url));
  },
);
