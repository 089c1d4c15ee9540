import { z } from 'zod';
import type { PageContext as SitePageContext } from './page-context';
import { HttpUrl, line } from './fields';
import { MAX_CONTEXT_FIELD } from './limits';

export const SiteId = z.enum([
  'reddit',
  'patreon',
  'kajabi',
  'teachable',
  'thinkific',
  'udemy',
  'podia',
  'skool',
  'generic',
]);

export const ContextKind = z.enum(['community', 'thread', 'post', 'lesson', 'page']);

/** The page a thread is anchored to (see page-context.ts); `url` is canonical and finds it again. */
export const PageContext = z.strictObject({
  site: SiteId,
  community: line(MAX_CONTEXT_FIELD),
  kind: ContextKind,
  id: line(MAX_CONTEXT_FIELD).nullable(),
  title: line(MAX_CONTEXT_FIELD),
  url: HttpUrl,
});
export type PageContext = z.infer<typeof PageContext>;

// The wire schema and the type the site adapters fill must describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameContext: Same<PageContext, SitePageContext> = true;
void _sameContext;
