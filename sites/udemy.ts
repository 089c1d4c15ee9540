import { adapter, clean, context, first, humanize, pageUrl, text } from './dom';

/**
 * Udemy: `/course/<slug>/learn/lecture/<id>` is a lesson; the landing page and the other
 * course pages (quizzes, practice) are the course.
 */
export const udemy = adapter(
  'udemy',
  /^\/course\/([\w-]+)(?:\/learn\/lecture\/(\d+))?/,
  ([, course = '', id], url, doc) => {
    const community = first(
      text(doc, '[data-purpose=course-header-title]'),
      // "Course: <course> | Udemy" in the player, "<course> | Udemy" on the landing page; the
      // older "<lecture> | <course> | Udemy" is left alone.
      clean(/^(?:Course: )?([^|]+) \| Udemy$/.exec(doc.title)?.[1]),
      humanize(course),
    );
    // The sidebar numbers lectures: "13. Ordering food and drinks".
    const title = id ? text(doc, 'li[aria-current=true] [data-purpose=item-title]').replace(/^\d+\.\s*/, '') : community;
    return context('udemy', community, id ? 'lesson' : 'community', id ?? null, title, pageUrl(url));
  },
);
