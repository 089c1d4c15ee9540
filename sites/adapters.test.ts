// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor, canonicalUrl, genericContext, readContext, siteKey, SUPPORTED_MATCHES } from './index';
import { SITE_HOSTS } from './hosts';
import type { PageContext } from './types';

const DIR = join(fileURLToPath(import.meta.url), '../../tests/fixtures');
const html = (file: string): string => readFileSync(join(DIR, file), 'utf8');
const parse = (source: string): Document => new DOMParser().parseFromString(source, 'text/html');
const page = (file: string): Document => parse(html(file));

/** Every saved page: its real address and the context the fixtures' README expects there. */
const PAGES: Record<string, { address: string; context: Omit<PageContext, 'url'> & { url?: string } }> = {
  'reddit-new-thread.html': {
    address: 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/',
    context: { site: 'reddit', community: 'r/Sourdough', kind: 'thread', id: 't3_1r2k8vq', title: 'Why is my sourdough so dense after a 12 hour cold proof?' },
  },
  'reddit-new-subreddit.html': {
    address: 'https://www.reddit.com/r/Breadit/',
    context: { site: 'reddit', community: 'r/Breadit', kind: 'community', id: null, title: 'r/Breadit' },
  },
  'reddit-old-thread.html': {
    address: 'https://old.reddit.com/r/learnguitar/comments/1r2q7hh/barre_chords_still_buzz_after_three_months_is_it/',
    context: {
      site: 'reddit',
      community: 'r/learnguitar',
      kind: 'thread',
      id: 't3_1r2q7hh',
      title: 'Barre chords still buzz after three months, is it my guitar?',
      url: 'https://www.reddit.com/r/learnguitar/comments/1r2q7hh/barre_chords_still_buzz_after_three_months_is_it/',
    },
  },
  'reddit-old-subreddit.html': {
    address: 'https://old.reddit.com/r/learnguitar/',
    context: { site: 'reddit', community: 'r/learnguitar', kind: 'community', id: null, title: 'learnguitar', url: 'https://www.reddit.com/r/learnguitar/' },
  },
  'patreon-post.html': {
    address: 'https://www.patreon.com/posts/laminating-by-hand-part-2-121774309',
    context: { site: 'patreon', community: 'Tomás Bakes', kind: 'post', id: '121774309', title: 'Laminating croissant dough by hand, part 2' },
  },
  'patreon-creator.html': {
    address: 'https://www.patreon.com/c/tomasbakes',
    context: { site: 'patreon', community: 'Tomás Bakes', kind: 'community', id: null, title: 'Tomás Bakes' },
  },
  'kajabi-lesson.html': {
    address: 'https://lunastudio.mykajabi.com/products/watercolor-foundations/categories/2157420188/posts/2171936645',
    context: { site: 'kajabi', community: 'Watercolor Foundations', kind: 'lesson', id: '2171936645', title: 'Graded washes without streaks' },
  },
  'teachable-lecture.html': {
    address: 'https://datadojo.teachable.com/courses/enrolled/2318841/lectures/53117420',
    context: { site: 'teachable', community: 'Python for Data Analysis', kind: 'lesson', id: '53117420', title: 'Grouping and aggregating with pandas' },
  },
  'thinkific-lesson.html': {
    address: 'https://stridecoach.thinkific.com/courses/take/marathon-base-building/lessons/31877125-easy-runs-and-heart-rate',
    context: { site: 'thinkific', community: 'Marathon Base Building', kind: 'lesson', id: '31877125', title: 'Easy runs and heart rate' },
  },
  'udemy-lecture.html': {
    address: 'https://www.udemy.com/course/spanish-for-travelers/learn/lecture/41822310',
    context: { site: 'udemy', community: 'Spanish for Travelers: Speak From Day One', kind: 'lesson', id: '41822310', title: 'Ordering food and drinks' },
  },
  'podia-lesson.html': {
    address: 'https://lenslight.podia.com/view/courses/portrait-photography-101/2214097-natural-light/7134420-window-light-for-portraits',
    context: { site: 'podia', community: 'Portrait Photography 101', kind: 'lesson', id: '7134420', title: 'Window light for portraits' },
  },
  'skool-classroom.html': {
    address: 'https://www.skool.com/indie-game-devs/classroom/8f1c2e7a?md=b71a90d4c2e84f7a9e1d0c3b5a6f7e81',
    context: { site: 'skool', community: 'Indie Game Devs', kind: 'lesson', id: 'b71a90d4c2e84f7a9e1d0c3b5a6f7e81', title: 'Scope it down: a game in 30 days' },
  },
};

const expected = (file: string): PageContext => {
  const p = PAGES[file]!;
  return { url: p.address, ...p.context };
};

/**
 * Markers the README lists as assumed (or the `<title>` where its form is not confirmed):
 * without them the context must not change, since an adapter may not depend on them alone.
 * `remove` takes elements out; `unmark` strips a class (`.x`) or an attribute (`[x]`, `[x=…]`)
 * from elements that are themselves confirmed.
 */
const ASSUMED: Record<string, { remove?: string[]; unmark?: string[]; dropTitle?: boolean }> = {
  'reddit-new-thread.html': { remove: ['meta[property^="og:"]', 'meta[name^="twitter:"]'], unmark: ['[upvote-ratio]', '[arialabel]'] },
  'reddit-new-subreddit.html': { remove: ['meta[property^="og:"]'], unmark: ['[view-context]', '[feedindex]', '[stickied]'], dropTitle: true },
  'reddit-old-thread.html': { remove: ['meta[property^="og:"]'], unmark: ['#siteTable'] },
  'reddit-old-subreddit.html': { remove: ['meta[property^="og:"]'], dropTitle: true },
  'patreon-post.html': { remove: ['meta[property^="og:"]', '[role=region]'], dropTitle: true },
  'patreon-creator.html': { remove: ['meta[property^="og:"]', 'h1'], dropTitle: true },
  'kajabi-lesson.html': { remove: ['.panel__title'], unmark: ['.syllabus__item--active', '.product-outline'], dropTitle: true },
  'teachable-lecture.html': { dropTitle: true },
  'thinkific-lesson.html': { remove: ['.course-player__header-title'], dropTitle: true },
  'udemy-lecture.html': { unmark: ['[data-purpose=sidebar]'] },
  'podia-lesson.html': { unmark: ['.user-course', '.user-course-content', '.lesson-body', '.section-toggle', '.lesson-status'] },
  'skool-classroom.html': { remove: ['meta[property^="og:"]', 'h1'], unmark: ['[aria-current]'], dropTitle: true },
};

function withoutAssumed(file: string): Document {
  const doc = page(file);
  const { remove = [], unmark = [], dropTitle } = ASSUMED[file]!;
  for (const sel of remove) doc.querySelectorAll(sel).forEach((el) => el.remove());
  for (const sel of unmark) {
    const name = /^\[([\w-]+)/.exec(sel)?.[1];
    const els = doc.querySelectorAll(sel);
    expect(els.length, sel).toBeGreaterThan(0);
    els.forEach((el) => (name ? el.removeAttribute(name) : el.classList.remove(sel.slice(1))));
  }
  if (dropTitle) doc.title = '';
  return doc;
}

const FILES = readdirSync(DIR).filter((f) => f.endsWith('.html'));

describe('saved pages', () => {
  it('lists every fixture page', () => {
    expect(Object.keys(PAGES).sort()).toEqual(FILES.sort());
  });

  it('has one adapter per site the launcher runs on, and the reverse', () => {
    expect(ADAPTERS.map((a) => a.site).sort()).toEqual(Object.keys(SITE_HOSTS).sort());
    for (const a of ADAPTERS) expect(a.matches).toEqual(SITE_HOSTS[a.site]);
  });

  it('has at least one saved page per adapter, named <site>-*.html', () => {
    for (const a of ADAPTERS) expect(FILES.filter((f) => f.startsWith(a.site + '-')), a.site).not.toHaveLength(0);
  });

  it.each(FILES)('%s is claimed by exactly one adapter, the one its name says', (file) => {
    const url = new URL(PAGES[file]!.address);
    const claimed = ADAPTERS.filter((a) => a.test(url)).map((a) => a.site);
    expect(claimed).toEqual([file.split('-')[0]]);
  });

  it.each(FILES)('%s gives the context the README expects', (file) => {
    const url = new URL(PAGES[file]!.address);
    const doc = page(file);
    expect(readContext(url, doc)).toEqual(expected(file));
    expect(adapterFor(url)!.read(url, doc)).toEqual(expected(file));
  });

  it.each(FILES)('%s gives the same context without the assumed markers', (file) => {
    expect(readContext(new URL(PAGES[file]!.address), withoutAssumed(file))).toEqual(expected(file));
  });

  it.each(FILES)('%s: tracking parameters and the fragment do not change the context', (file) => {
    const url = new URL(PAGES[file]!.address);
    url.searchParams.append('utm_source', 'newsletter');
    url.searchParams.append('fbclid', 'IwAR0abc');
    url.hash = '#comments';
    expect(readContext(url, page(file))).toEqual(expected(file));
  });
});

describe('single-page navigation', () => {
  const windows: Window[] = [];
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
  });

  /** The saved page at its real address, with its own inline scripts running. */
  async function open(file: string, address = PAGES[file]!.address) {
    const w = new Window({ url: address, settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true } });
    windows.push(w);
    w.document.write(html(file));
    await w.happyDOM.waitUntilComplete();
    const doc = w.document as unknown as Document;
    return {
      doc,
      read: () => readContext(new URL(w.location.href), doc),
      click: (sel: string) => (doc.querySelector(sel) as HTMLElement).click(),
      back: async () => {
        w.history.back();
        await w.happyDOM.waitUntilComplete();
      },
    };
  }

  it('Reddit: follows the swapped thread, and Back', async () => {
    const p = await open('reddit-new-thread.html');
    expect(p.read()).toEqual(expected('reddit-new-thread.html'));
    p.click('#next-thread-link');
    expect(p.read()).toEqual({
      site: 'reddit',
      community: 'r/Sourdough',
      kind: 'thread',
      id: 't3_1r2mb0d',
      title: 'Starter doubles in 4 hours but bread still flat',
      url: 'https://www.reddit.com/r/Sourdough/comments/1r2mb0d/starter_doubles_in_4_hours_but_bread_still_flat/',
    });
    await p.back();
    expect(p.read()).toEqual(expected('reddit-new-thread.html'));
  });

  it('Reddit: between the URL change and the swap, reads the URL and not the previous post', () => {
    const url = new URL('https://www.reddit.com/r/Sourdough/comments/1r2mb0d/starter_doubles_in_4_hours_but_bread_still_flat/');
    expect(readContext(url, page('reddit-new-thread.html'))).toEqual({
      site: 'reddit',
      community: 'r/Sourdough',
      kind: 'thread',
      id: 't3_1r2mb0d',
      title: 'starter doubles in 4 hours but bread still flat',
      url: url.href,
    });
  });

  it('Skool: follows the module named by ?md= although __NEXT_DATA__ keeps the first load', async () => {
    const next = {
      ...expected('skool-classroom.html'),
      id: 'c4e2a1f09b8d47e6a5c3b2d1e0f9a8b7',
      title: 'Playtesting with five people',
      url: 'https://www.skool.com/indie-game-devs/classroom/8f1c2e7a?md=c4e2a1f09b8d47e6a5c3b2d1e0f9a8b7',
    };
    const p = await open('skool-classroom.html');
    const data = p.doc.getElementById('__NEXT_DATA__')!.textContent;
    expect(p.read()).toEqual(expected('skool-classroom.html'));
    p.click('a[href*="md=c4e2a1f09b8d47e6a5c3b2d1e0f9a8b7"]');
    expect(p.doc.getElementById('__NEXT_DATA__')!.textContent).toBe(data);
    expect(p.read()).toEqual(next);
    await p.back();
    expect(p.read()).toEqual(expected('skool-classroom.html'));
    // A direct load of the second module's address, and the same page before its scripts run.
    expect((await open('skool-classroom.html', next.url)).read()).toEqual(next);
    expect(readContext(new URL(next.url), page('skool-classroom.html'))).toEqual(next);
  });

  it('Thinkific: follows the lesson the player swaps in', async () => {
    const next = {
      ...expected('thinkific-lesson.html'),
      id: '31877126',
      title: 'The long run',
      url: 'https://stridecoach.thinkific.com/courses/take/marathon-base-building/lessons/31877126-the-long-run',
    };
    const p = await open('thinkific-lesson.html');
    p.click('button[data-qa="complete-continue__btn"]');
    expect(p.read()).toEqual(next);
    await p.back();
    expect(p.read()).toEqual(expected('thinkific-lesson.html'));
    // Before the player swaps the header, the lesson's own curriculum link names it.
    expect(readContext(new URL(next.url), page('thinkific-lesson.html'))).toEqual(next);
  });

  it('Patreon: a post reached client-side is not described by the first load’s __NEXT_DATA__', () => {
    const doc = page('patreon-post.html');
    // Next.js has swapped the post card and the head; __NEXT_DATA__ still holds the first post.
    doc.querySelector('h1[data-tag=post-title]')!.textContent = 'Rye week: a 100% whole rye loaf, step by step';
    doc.querySelector('[data-tag=post-card] a[data-tag=post-published-at]')!.setAttribute('href', '/posts/rye-week-100-whole-rye-121230177');
    doc.querySelector('link[rel=canonical]')!.setAttribute('href', 'https://www.patreon.com/posts/rye-week-100-whole-rye-121230177');
    doc.title = 'Rye week: a 100% whole rye loaf, step by step | Tomás Bakes on Patreon';
    expect(readContext(new URL('https://www.patreon.com/posts/rye-week-100-whole-rye-121230177'), doc)).toEqual({
      site: 'patreon',
      community: 'Tomás Bakes',
      kind: 'post',
      id: '121230177',
      title: 'Rye week: a 100% whole rye loaf, step by step',
      url: 'https://www.patreon.com/posts/rye-week-100-whole-rye-121230177',
    });
    // Before the swap nothing on the page names that post: no context rather than the previous post's title.
    expect(patreonRead('https://www.patreon.com/posts/something-else-120000001', page('patreon-post.html'))).toBeNull();
  });
});

const patreonRead = (href: string, doc: Document) => ADAPTERS.find((a) => a.site === 'patreon')!.read(new URL(href), doc);

describe('reddit', () => {
  const thread = expected('reddit-new-thread.html');

  it('old and new UI give the same canonical URL', () => {
    const old = readContext(new URL(PAGES['reddit-old-thread.html']!.address), page('reddit-old-thread.html'));
    expect(old.url).toBe(PAGES['reddit-old-thread.html']!.context.url);
    expect(canonicalUrl(PAGES['reddit-old-thread.html']!.address)).toBe(old.url);
    expect(canonicalUrl('https://old.reddit.com/r/learnguitar/')).toBe('https://www.reddit.com/r/learnguitar/');
  });

  it('maps other spellings of the thread to its URL, from the page', () => {
    const doc = page('reddit-new-thread.html');
    for (const href of [
      'https://www.reddit.com/r/sourdough/comments/1R2K8VQ/',
      'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/comment/nq4k2hz/?context=3',
      'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/?sort=new&share_id=x&utm_medium=web2x',
    ]) {
      expect(readContext(new URL(href), doc), href).toEqual(thread);
    }
  });

  it('reads a thread from its URL alone while the page has nothing', () => {
    expect(readContext(new URL('https://old.reddit.com/r/knitting/comments/1abcde/heel_flaps_for_beginners/'), parse(''))).toEqual({
      site: 'reddit',
      community: 'r/knitting',
      kind: 'thread',
      id: 't3_1abcde',
      title: 'heel flaps for beginners',
      url: 'https://www.reddit.com/r/knitting/comments/1abcde/heel_flaps_for_beginners/',
    });
  });

  it('treats the tabs of a subreddit as the subreddit', () => {
    const ctx = readContext(new URL('https://www.reddit.com/r/Breadit/top/?t=week'), page('reddit-new-subreddit.html'));
    expect(ctx).toEqual(expected('reddit-new-subreddit.html'));
  });

  it('does not take the subreddit name from a page showing another subreddit', () => {
    const ctx = readContext(new URL('https://www.reddit.com/r/knitting/'), page('reddit-new-subreddit.html'));
    expect(ctx).toMatchObject({ community: 'r/knitting', title: 'r/knitting', url: 'https://www.reddit.com/r/knitting/' });
  });

  it('gives the home page and user pages the generic context', () => {
    const doc = parse('<title>Reddit - The heart of the internet</title>');
    expect(readContext(new URL('https://www.reddit.com/'), doc)).toEqual({
      site: 'generic',
      community: 'reddit.com',
      kind: 'page',
      id: null,
      title: 'Reddit - The heart of the internet',
      url: 'https://www.reddit.com/',
    });
    expect(adapterFor(new URL('https://old.reddit.com/user/someone/'))).toBeUndefined();
    expect(readContext(new URL('https://old.reddit.com/user/someone/'), doc).url).toBe('https://www.reddit.com/user/someone/');
  });
});

describe('other pages of the supported sites', () => {
  const titled = (title: string) => parse(`<title>${title}</title>`);

  it('Udemy: a course landing page is the course community', () => {
    expect(readContext(new URL('https://www.udemy.com/course/spanish-for-travelers/?couponCode=SPRING'), titled('Spanish for Travelers: Speak From Day One | Udemy'))).toEqual({
      site: 'udemy',
      community: 'Spanish for Travelers: Speak From Day One',
      kind: 'community',
      id: null,
      title: 'Spanish for Travelers: Speak From Day One',
      url: 'https://www.udemy.com/course/spanish-for-travelers',
    });
    expect(readContext(new URL('https://www.udemy.com/courses/search/?q=spanish'), titled('Search | Udemy'))).toMatchObject({
      site: 'generic',
      url: 'https://www.udemy.com/courses/search/?q=spanish',
    });
  });

  it('Udemy: a lecture without its sidebar yet still has its id and URL', () => {
    expect(readContext(new URL(PAGES['udemy-lecture.html']!.address), titled('Course: Spanish for Travelers: Speak From Day One | Udemy'))).toEqual({
      ...expected('udemy-lecture.html'),
      title: 'Spanish for Travelers: Speak From Day One',
    });
  });

  it('Skool: a group page is its community; a page that is no group is generic', () => {
    const doc = page('skool-classroom.html');
    expect(readContext(new URL('https://www.skool.com/indie-game-devs/about'), doc)).toEqual({
      site: 'skool',
      community: 'Indie Game Devs',
      kind: 'community',
      id: null,
      title: 'Indie Game Devs',
      url: 'https://www.skool.com/indie-game-devs/about',
    });
    expect(readContext(new URL('https://www.skool.com/discovery?q=games'), titled('Skool'))).toMatchObject({ site: 'generic' });
  });

  it('Patreon: the creator page tabs are the community; other pages are generic', () => {
    expect(readContext(new URL('https://www.patreon.com/c/tomasbakes/posts'), page('patreon-creator.html'))).toEqual({
      ...expected('patreon-creator.html'),
      url: 'https://www.patreon.com/c/tomasbakes/posts',
    });
    expect(readContext(new URL('https://www.patreon.com/home'), titled('Patreon'))).toMatchObject({ site: 'generic' });
  });

  it('Patreon: without __NEXT_DATA__ the creator comes from the title, when the head is this creator’s', () => {
    const doc = page('patreon-creator.html');
    doc.getElementById('__NEXT_DATA__')!.remove();
    expect(readContext(new URL('https://www.patreon.com/c/tomasbakes'), doc)).toEqual(expected('patreon-creator.html'));
    // Client-side navigation to another creator whose page has not rendered yet: only the URL is sure.
    expect(readContext(new URL('https://www.patreon.com/c/ryebaker'), page('patreon-creator.html'))).toMatchObject({
      community: 'ryebaker',
      kind: 'community',
    });
  });

  it('Kajabi: the product page is the course community', () => {
    expect(readContext(new URL('https://lunastudio.mykajabi.com/products/watercolor-foundations'), titled('Watercolor Foundations'))).toEqual({
      site: 'kajabi',
      community: 'Watercolor Foundations',
      kind: 'community',
      id: null,
      title: 'Watercolor Foundations',
      url: 'https://lunastudio.mykajabi.com/products/watercolor-foundations',
    });
  });

  it('Teachable: a course page with no name to read falls back to the generic context', () => {
    expect(readContext(new URL('https://datadojo.teachable.com/courses/enrolled/2318841'), titled('Data Dojo'))).toMatchObject({ site: 'generic' });
  });
});

describe('creator domains', () => {
  it.each([
    ['kajabi-lesson.html', 'https://learn.lunastudio.art/products/watercolor-foundations/categories/2157420188/posts/2171936645'],
    ['teachable-lecture.html', 'https://learn.datadojo.io/courses/enrolled/2318841/lectures/53117420'],
    ['thinkific-lesson.html', 'https://courses.stridecoach.run/courses/take/marathon-base-building/lessons/31877125-easy-runs-and-heart-rate'],
    ['podia-lesson.html', 'https://lenslight.photo/view/courses/portrait-photography-101/2214097-natural-light/7134420-window-light-for-portraits'],
  ])('%s served from its creator’s domain is recognised by its markers', (file, href) => {
    const url = new URL(href);
    expect(adapterFor(url)).toBeUndefined();
    expect(readContext(url, page(file))).toEqual({ ...expected(file), url: href });
    expect(siteKey(url)).toBe(url.origin);
  });

  it('a page on another domain without the markers is generic', () => {
    const url = new URL('https://example.org/products/watercolor-foundations');
    expect(readContext(url, parse('<title>Shop</title>'))).toMatchObject({ site: 'generic', community: 'example.org' });
  });
});

describe('canonicalUrl', () => {
  it('drops the fragment and tracking parameters, keeps and sorts the rest', () => {
    expect(
      canonicalUrl('https://Example.COM/a/b?utm_source=x&utm_campaign=y&z=1&fbclid=f&gclid=g&ref=r&ref_source=s&share_id=i&context=3&sort=new&si=1&igshid=2&mc_cid=3&mc_eid=4&_ga=5&a=2#frag'),
    ).toBe('https://example.com/a/b?a=2&z=1');
    expect(canonicalUrl(new URL('https://example.com/?utm_medium=email'))).toBe('https://example.com/');
    expect(canonicalUrl('https://example.com/page?')).toBe('https://example.com/page');
  });

  it('keeps only the listed parameters when told which name content', () => {
    expect(canonicalUrl('https://www.skool.com/g/classroom/c?utm_source=x&md=abc&p=2', ['md'])).toBe('https://www.skool.com/g/classroom/c?md=abc');
  });

  it('uses one host per supported site', () => {
    for (const host of ['old.reddit.com', 'new.reddit.com', 'reddit.com', 'np.reddit.com', 'www.reddit.com']) {
      expect(canonicalUrl(`https://${host}/r/x/`)).toBe('https://www.reddit.com/r/x/');
    }
    expect(canonicalUrl('https://patreon.com/c/x')).toBe('https://www.patreon.com/c/x');
    expect(canonicalUrl('https://notreddit.com/r/x/')).toBe('https://notreddit.com/r/x/');
  });

  it('keeps the trailing slash convention per site', () => {
    const a = readContext(new URL(PAGES['kajabi-lesson.html']!.address + '/'), page('kajabi-lesson.html'));
    expect(a.url).toBe(PAGES['kajabi-lesson.html']!.address);
    const r = readContext(new URL('https://www.reddit.com/r/Breadit'), page('reddit-new-subreddit.html'));
    expect(r.url).toBe('https://www.reddit.com/r/Breadit/');
  });
});

describe('index', () => {
  it('genericContext: host, title or path, canonical URL', () => {
    expect(genericContext(new URL('https://www.example.com/docs/intro?utm_source=x#top'), parse('<title>  Intro \n</title>').title)).toEqual({
      site: 'generic',
      community: 'example.com',
      kind: 'page',
      id: null,
      title: 'Intro',
      url: 'https://www.example.com/docs/intro',
    });
    expect(genericContext(new URL('https://example.com/docs/intro'), parse('').title).title).toBe('/docs/intro');
  });

  it('SUPPORTED_MATCHES is the union of the adapters’ match patterns', () => {
    expect(SUPPORTED_MATCHES.sort()).toEqual(
      [
        '*://www.reddit.com/*',
        '*://old.reddit.com/*',
        '*://www.patreon.com/*',
        '*://*.mykajabi.com/*',
        '*://*.teachable.com/*',
        '*://*.thinkific.com/*',
        '*://www.udemy.com/*',
        '*://*.podia.com/*',
        '*://www.skool.com/*',
      ].sort(),
    );
    expect(ADAPTERS.map((a) => a.site).sort()).toEqual(['kajabi', 'patreon', 'podia', 'reddit', 'skool', 'teachable', 'thinkific', 'udemy']);
  });

  it('siteKey: the site id anywhere on a supported host, else the origin', () => {
    expect(siteKey(new URL('https://www.reddit.com/'))).toBe('reddit');
    expect(siteKey(new URL('https://old.reddit.com/r/x/'))).toBe('reddit');
    expect(siteKey(new URL('https://lunastudio.mykajabi.com/library'))).toBe('kajabi');
    expect(siteKey(new URL('https://www.udemy.com/'))).toBe('udemy');
    expect(siteKey(new URL('https://evil-teachable.com/'))).toBe('https://evil-teachable.com');
    expect(siteKey(new URL('https://example.org:8443/x'))).toBe('https://example.org:8443');
    // Only web pages: the same host under another scheme is not the site.
    expect(siteKey(new URL('ftp://www.reddit.com/r/x/'))).not.toBe('reddit');
  });

  it('adapters claim only http(s) pages of their hosts', () => {
    expect(adapterFor(new URL('https://www.reddit.com.evil.example/r/x/'))).toBeUndefined();
    expect(adapterFor(new URL('https://school.teachable.com.evil.example/courses/x/lectures/1'))).toBeUndefined();
    expect(adapterFor(new URL('ftp://www.reddit.com/r/x/'))).toBeUndefined();
  });
});
