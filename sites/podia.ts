import { adapter, context, first, humanize, named, ownText, pageUrl, stripEnd, text } from './dom';

/** The course sidebar: how a creator's own domain shows it is Podia. */
export const podiaMarker = '#user-site-course-sidebar';

/**
 * Podia: `/view/courses/<course>/<section id>-<slug>/<lesson id>-<slug>` (also `/p/courses/…`)
 * is a lesson; the course's other pages are the course.
 */
export const podia = adapter(
  'podia',
  /^\/(?:view|p)\/courses\/([\w-]+)(?:\/\d+[\w-]*\/(\d+))?/,
  ([, course = '', id], url, doc) => {
    const community = first(text(doc, '#user-site-course-sidebar h1'), named(course, doc), humanize(course));
    const title = id
      ? first(stripEnd(doc.title, ' | ' + community), ownText(doc.querySelector(`#user-site-course-sidebar a[href*="/${id}-"]`)))
      : community;
    return context('podia', community, id ? 'lesson' : 'community', id ?? null, title, pageUrl(url));
  },
);
