// @vitest-environment happy-dom
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { readContext } from '../sites';
import type { PageContext } from './context';
import {
  communityKeyOfAddress,
  contextHashes,
  contextKeys,
  hashKey,
  lookupPrefixes,
  matchListings,
  prefixOf,
} from './context-keys';
import { LISTING_PREFIX_HEX } from './listings';

const DIR = join(fileURLToPath(import.meta.url), '../../tests/fixtures');
const html = (file: string) => readFileSync(join(DIR, file), 'utf8');
/** The context the real adapter reads from the saved page at that address. */
const read = (file: string, address: string): PageContext =>
  readContext(new URL(address), new DOMParser().parseFromString(html(file), 'text/html'));
const keys = (file: string, address: string) => contextKeys(read(file, address));

const NEW_THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

describe('context keys, from the saved pages through the real adapters', () => {
  const windows: Window[] = [];
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
  });

  it('a subreddit is one community from new and old Reddit, its own page and its threads, in any case', () => {
    const oldThread = keys('reddit-old-thread.html', 'https://old.reddit.com/r/learnguitar/comments/1r2q7hh/barre_chords_still_buzz_after_three_months_is_it/');
    const oldSub = keys('reddit-old-subreddit.html', 'https://old.reddit.com/r/learnguitar/');
    // The same saved page reached on www, and by a typed address in another case.
    const newSub = keys('reddit-old-subreddit.html', 'https://www.reddit.com/r/LearnGuitar/');
    expect(oldThread.community).toBe('reddit:r/learnguitar');
    expect(oldSub).toEqual({ page: null, community: 'reddit:r/learnguitar' });
    expect(newSub.community).toBe('reddit:r/learnguitar');
    expect(keys('reddit-new-thread.html', NEW_THREAD)).toEqual({ page: 'reddit:thread:t3_1r2k8vq', community: 'reddit:r/sourdough' });
    expect(keys('reddit-new-subreddit.html', 'https://www.reddit.com/r/Breadit/')).toEqual({ page: null, community: 'reddit:r/breadit' });
  });

  it('a thread is one page from new and old Reddit and from a comment permalink', () => {
    const www = keys('reddit-old-thread.html', 'https://www.reddit.com/r/learnguitar/comments/1r2q7hh/barre_chords_still_buzz_after_three_months_is_it/');
    const old = keys('reddit-old-thread.html', 'https://old.reddit.com/r/learnguitar/comments/1r2q7hh/barre_chords_still_buzz_after_three_months_is_it/');
    const comment = keys('reddit-old-thread.html', 'https://old.reddit.com/r/learnguitar/comments/1r2q7hh/comment/kx1/');
    expect(www.page).toBe('reddit:thread:t3_1r2q7hh');
    expect(old).toEqual(www);
    expect(comment).toEqual(www);
  });

  it('the second thread of a subreddit, after single-page navigation, is another page of the same community', async () => {
    const w = new Window({ url: NEW_THREAD, settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true } });
    windows.push(w);
    w.document.write(html('reddit-new-thread.html'));
    await w.happyDOM.waitUntilComplete();
    const doc = w.document as unknown as Document;
    const first = contextKeys(readContext(new URL(w.location.href), doc));
    (doc.querySelector('#next-thread-link') as HTMLElement).click();
    const second = contextKeys(readContext(new URL(w.location.href), doc));
    expect(second).toEqual({ page: 'reddit:thread:t3_1r2mb0d', community: first.community });
    expect(second.page).not.toBe(first.page);
  });

  it('a Patreon creator is one community from a post and from the creator page', () => {
    const post = keys('patreon-post.html', 'https://www.patreon.com/posts/laminating-by-hand-part-2-121774309');
    const creator = keys('patreon-creator.html', 'https://www.patreon.com/c/tomasbakes');
    expect(post).toEqual({ page: 'patreon:post:121774309', community: 'patreon:tomasbakes' });
    expect(creator).toEqual({ page: null, community: 'patreon:tomasbakes' });
    // A creator page whose data does not name the creator: its vanity address alone.
    const bare = readContext(new URL('https://www.patreon.com/c/tomasbakes/posts'), new DOMParser().parseFromString('', 'text/html'));
    expect(bare.community).toBe('tomasbakes');
    expect(contextKeys(bare).community).toBe('patreon:tomasbakes');
  });

  it('a course is one community from any of its lessons and from its own page', async () => {
    const first = 'https://stridecoach.thinkific.com/courses/take/marathon-base-building/lessons/31877125-easy-runs-and-heart-rate';
    const w = new Window({ url: first, settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true } });
    windows.push(w);
    w.document.write(html('thinkific-lesson.html'));
    await w.happyDOM.waitUntilComplete();
    const doc = w.document as unknown as Document;
    const lesson1 = contextKeys(readContext(new URL(w.location.href), doc));
    [...doc.querySelectorAll('a')].find((a) => a.textContent?.includes('The long run'))!.click();
    const lesson2 = contextKeys(readContext(new URL(w.location.href), doc));
    const course = keys('thinkific-lesson.html', 'https://stridecoach.thinkific.com/courses/marathon-base-building');
    expect(lesson1).toEqual({ page: 'thinkific:stridecoach.thinkific.com/lesson:31877125', community: 'thinkific:stridecoach.thinkific.com/marathonbasebuilding' });
    expect(lesson2.page).toBe('thinkific:stridecoach.thinkific.com/lesson:31877126');
    expect([lesson2.community, course.community]).toEqual([lesson1.community, lesson1.community]);

    // Every course site: the lesson's community is the one its course's own address gives.
    const courses: [string, string, string][] = [
      ['kajabi-lesson.html', 'https://lunastudio.mykajabi.com/products/watercolor-foundations/categories/2157420188/posts/2171936645', 'https://lunastudio.mykajabi.com/products/watercolor-foundations'],
      ['teachable-lecture.html', 'https://datadojo.teachable.com/courses/enrolled/2318841/lectures/53117420', 'https://datadojo.teachable.com/courses/python-for-data-analysis'],
      ['udemy-lecture.html', 'https://www.udemy.com/course/spanish-for-travelers/learn/lecture/41822310', 'https://www.udemy.com/course/spanish-for-travelers/'],
      ['podia-lesson.html', 'https://lenslight.podia.com/view/courses/portrait-photography-101/2214097-natural-light/7134420-window-light-for-portraits', 'https://lenslight.podia.com/view/courses/portrait-photography-101'],
      ['skool-classroom.html', 'https://www.skool.com/indie-game-devs/classroom/8f1c2e7a?md=b71a90d4c2e84f7a9e1d0c3b5a6f7e81', 'https://www.skool.com/indie-game-devs'],
    ];
    for (const [file, lesson, home] of courses) {
      const k = keys(file, lesson);
      expect(k.page, file).toMatch(/lesson:[0-9a-f]+$/);
      expect(communityKeyOfAddress(home), file).toBe(k.community);
      // The same course by the same name on another school is another community.
      const elsewhere = new URL(lesson);
      elsewhere.hostname = elsewhere.hostname.replace(/^[^.]+/, 'other');
      if (!/udemy|skool/.test(file)) expect(keys(file, elsewhere.href).community, file).not.toBe(k.community);
    }
  });

  it('the address a creator pastes gives the key the extension makes on the page', () => {
    expect(communityKeyOfAddress('https://www.patreon.com/c/tomasbakes')).toBe(keys('patreon-post.html', 'https://www.patreon.com/posts/laminating-by-hand-part-2-121774309').community);
    expect(communityKeyOfAddress('https://www.patreon.com/tomasbakes')).toBe('patreon:tomasbakes');
    expect(communityKeyOfAddress(' https://old.reddit.com/r/SourDough/comments/1r2k8vq/x/ ')).toBe(keys('reddit-new-thread.html', NEW_THREAD).community);
    for (const nothing of ['', 'not an address', 'ftp://www.reddit.com/r/x', 'https://example.com/anything', 'https://www.reddit.com/', 'https://www.patreon.com/posts/laminating-121774309']) {
      expect(communityKeyOfAddress(nothing), nothing).toBeNull();
    }
  });

  it('a generic page is its own page and its site the community', () => {
    const c: PageContext = { site: 'generic', community: 'example.com', kind: 'page', id: null, title: 'A page', url: 'https://www.example.com/a/page' };
    expect(contextKeys(c)).toEqual({ page: 'generic:https://www.example.com/a/page', community: 'generic:example.com' });
  });
});

describe('hashes and buckets', () => {
  it('is the SHA-256 of the key, and a lookup names only a 16-bit prefix of it', async () => {
    const key = 'reddit:r/sockknitting';
    expect(await hashKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    const h = await contextHashes(read('reddit-new-thread.html', NEW_THREAD));
    expect(h.page).toBe(await hashKey('reddit:thread:t3_1r2k8vq'));
    expect(LISTING_PREFIX_HEX).toBe(4);
    expect(lookupPrefixes(h)).toEqual([prefixOf(h.page!), prefixOf(h.community)]);
    for (const p of lookupPrefixes(h)) expect(p).toMatch(/^[0-9a-f]{4}$/);
    expect(lookupPrefixes({ page: null, community: h.community })).toEqual([prefixOf(h.community)]);
  });

  /** Keys whose hashes share the first four hex digits with `target`'s, found by trying. */
  async function collide(target: string, n: number): Promise<string[]> {
    const found: string[] = [];
    for (let i = 0; found.length < n; i++) {
      const key = `reddit:r/other${i}`;
      if (prefixOf(createHash('sha256').update(key).digest('hex')) === prefixOf(target)) found.push(key);
    }
    return found;
  }

  it('keeps, of a bucket with many listings, only those whose full hash and scope match; page first', async () => {
    const h = await contextHashes(read('reddit-new-thread.html', NEW_THREAD));
    const others = await Promise.all((await collide(h.community, 8)).map(hashKey));
    const listing = (hash: string, scope: 'page' | 'community', name: string) => ({ hash, scope, name });
    const bucket = [
      ...others.map((hash, i) => listing(hash, 'community', `other ${i}`)),
      listing(h.community, 'community', 'Sourdough circle'),
      listing(h.page!, 'page', 'This thread'),
      // The community's hash listed as a page is not the community's listing.
      listing(h.community, 'page', 'wrong scope'),
    ];
    expect(new Set(bucket.map((l) => prefixOf(l.hash))).size).toBeLessThanOrEqual(2);
    expect(matchListings(h, bucket).map((l) => l.name)).toEqual(['This thread', 'Sourdough circle']);
  });

  it('keeps nothing of an empty bucket, nor of a collision: the prefix matches, the full hash does not', async () => {
    const h = await contextHashes(read('reddit-new-thread.html', NEW_THREAD));
    expect(matchListings(h, [])).toEqual([]);
    const [twin] = await Promise.all((await collide(h.community, 1)).map(hashKey));
    expect(prefixOf(twin!)).toBe(prefixOf(h.community));
    expect(twin).not.toBe(h.community);
    expect(matchListings(h, [{ hash: twin!, scope: 'community' }])).toEqual([]);
  });
});
