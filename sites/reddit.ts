import { adapter, attr, clean, context, first } from './dom';

/**
 * Reddit, new UI (www) and old UI (old): `/r/<sub>/` and everything under it is the
 * community (sort tabs and the wiki included, all with the subreddit's URL), and
 * `/r/<sub>/comments/<id>/<slug>/` is a thread, comment permalinks included.
 * Both UIs give the same context: the URL is rebuilt on www with Reddit's trailing slash.
 */
export const reddit = adapter(
  'reddit',
  /^\/r\/(\w+)(?=\/|$)(?:\/comments\/([a-z0-9]+)(?:\/(\w+))?)?/i,
  ([, sub = '', p, slug = ''], _url, doc) => {
    const pid = p?.toLowerCase();
    const id = 't3_' + pid;
    // Only the post the URL names: right after a client-side navigation the page may still show the previous one.
    const post = pid ? doc.querySelector(`shreddit-post[id="${id}"],.thing.link[data-fullname="${id}"]`) : null;
    const oldName = clean(doc.querySelector('.pagename a')?.textContent);
    // The page spells the subreddit as its moderators do (r/Sourdough); a typed URL may not.
    const name =
      [attr(post, 'subreddit-name'), attr(post, 'data-subreddit'), attr(doc.querySelector('shreddit-subreddit-header'), 'name'), oldName].find(
        (n) => n.toLowerCase() === sub.toLowerCase(),
      ) ?? sub;
    const community = 'r/' + name;
    const base = `https://www.reddit.com/r/${name}/`;
    if (!pid) return context('reddit', community, 'community', null, name === oldName ? oldName : community, base);
    // "/comments/<id>/comment/<cid>/" is a comment permalink without the thread's slug.
    slug = /\/comments\/\w+\/(\w+)/.exec(attr(post, 'permalink') || attr(post, 'data-permalink'))?.[1] ?? (slug === 'comment' ? '' : slug);
    // The tab title is "<post> : r/<sub>" (old UI "<post> : <sub>"), trusted only once the head names this thread.
    const head = doc.querySelector(`link[rel=canonical][href*="/comments/${pid}/"]`) ? doc.title.replace(/ : (r\/)?\w+$/, '') : '';
    return context(
      'reddit',
      community,
      'thread',
      id,
      first(attr(post, 'post-title'), clean(post ? post.querySelector('a.title')?.textContent : ''), clean(head), clean(slug.replace(/_/g, ' '))),
      `${base}comments/${pid}/${slug && slug + '/'}`,
    );
  },
);
