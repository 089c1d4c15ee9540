import { adapter, context, first, humanize, named, ownText, pageUrl, text } from './dom';

/** The course player's curriculum: how a school on its own domain shows it is Thinkific. */
export const thinkificMarker = '.course-player__chapters-menu';

/**
 * Thinkific: `/courses/take/<course>/<type>/<id>-<slug>` (type lessons, texts, quizzes, …)
 * is a lesson, `/courses/<course>` the course. Neither the `<title>` nor the player header
 * is a confirmed place for the course name, so a name is taken from them only when it
 * slugs to the URL's course slug, else the slug itself is the name.
 */
export const thinkific = adapter(
  'thinkific',
  /^\/courses\/(?:take\/)?([\w-]+)(?:\/\w+\/(\d+))?/,
  ([, course = '', id], url, doc) => {
    const community = named(course, doc, text(doc, '.course-player__header-title')) || humanize(course);
    const title = id
      ? first(
          // The curriculum link of this lesson, which the player keeps even while it swaps the header.
          ownText(
            doc.querySelector(
              `.course-player__content-item__link[href$="/${id}"] .content-item__title,.course-player__content-item__link[href*="/${id}-"] .content-item__title`,
            ),
          ),
          text(doc, '.course-player__content-header__title'),
        )
      : community;
    return context('thinkific', community, id ? 'lesson' : 'community', id ?? null, title, pageUrl(url));
  },
);
