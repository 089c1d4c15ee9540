import { adapter, context, first, named, pageUrl, text } from './dom';

/** The lecture page's sidebar and heading: how a school on its own domain shows it is Teachable. */
export const teachableMarker = '#courseSidebar,#lecture_heading';

/**
 * Teachable: `/courses/<slug or id>/lectures/<id>` and `/courses/enrolled/<id>/lectures/<id>`
 * are lectures; other `/courses/…` pages are the course. The course name comes from the
 * lecture sidebar, or from a `<title>` part that slugs to the URL's course slug; a page
 * with neither (a numeric course id and no sidebar) gets the generic context rather than
 * a made-up community.
 */
export const teachable = adapter(
  'teachable',
  /^\/courses\/(?:enrolled\/)?([\w-]+)(?:\/lectures\/(\d+))?/,
  ([, course = '', id], url, doc) => {
    const community = first(text(doc, '#courseSidebar h2'), named(course, doc));
    const title = id
      ? first(
          text(doc, `#lecture_heading[data-lecture-id="${id}"]`),
          // The sidebar shows "Title (mm:ss)".
          text(doc, `li[data-lecture-id="${id}"] .lecture-name`).replace(/\s*\([\d:]+\)$/, ''),
        )
      : community;
    return context('teachable', community, id ? 'lesson' : 'community', id ?? null, title, pageUrl(url));
  },
);
