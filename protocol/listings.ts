import { z } from 'zod';
import { LISTING_PREFIX_HEX } from './context-keys';
import { Id, Time, line } from './fields';

/**
 * Listed groups (issue #19). A group is listed under the SHA-256 of a context key
 * (protocol/context-keys.ts), never the key itself; a lookup names only the first
 * `LISTING_PREFIX_HEX` hex digits of a hash, and the hub answers every listing in that
 * bucket. See docs/SECURITY.md ("Finding groups") for what the hub can still learn.
 */

export { LISTING_PREFIX_HEX };
/** A page's key and its community's: two prefixes per hub a page is looked up on. */
export const MAX_LOOKUP_PREFIXES = 4;
export const MAX_REPORT_REASON = 500;

export const ListingScope = z.enum(['page', 'community']);
export type ListingScope = z.infer<typeof ListingScope>;

/** The full SHA-256 of a context key, lowercase hex. */
export const ListingHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
export const ListingPrefix = z.string().regex(new RegExp(`^[0-9a-f]{${LISTING_PREFIX_HEX}}$`), `expected ${LISTING_PREFIX_HEX} lowercase hex digits`);

export const SetListingBody = z.strictObject({ scope: ListingScope, hash: ListingHash });

/** A group's own listing, as its owner sees it; null when not listed (the default). */
export const ListingState = z.object({
  listing: z.object({ scope: ListingScope, hash: ListingHash, createdAt: Time }).nullable(),
});

/** The prefixes travel in the body, so no proxy's access log (which keeps query strings) holds them. */
export const LookupBody = z.strictObject({ prefixes: z.array(ListingPrefix).min(1).max(MAX_LOOKUP_PREFIXES) });

/** What a listing shows: nothing about members (beyond how many) or messages. */
export const Listing = z.object({
  hash: ListingHash,
  scope: ListingScope,
  groupId: Id,
  name: z.string(),
  topic: z.string(),
  memberCount: z.number().int(),
  memberLimit: z.number().int(),
  allowRequests: z.boolean(),
});
export type Listing = z.infer<typeof Listing>;

export const LookupAnswer = z.object({
  /** The hub's address, where "Ask to join" goes. */
  hub: z.string(),
  listings: z.array(Listing),
});
export type LookupAnswer = z.infer<typeof LookupAnswer>;

export const ReportBody = z.strictObject({ hash: ListingHash, reason: line(MAX_REPORT_REASON, 1) });
export const ReportFiled = z.object({ reported: z.literal(true) });

/** The operator's view: listed groups that were reported, most reported first. */
export const ReportList = z.object({
  reports: z.array(
    z.object({
      groupId: Id,
      name: z.string(),
      topic: z.string(),
      scope: ListingScope.nullable(),
      count: z.number().int(),
      lastAt: Time,
      reasons: z.array(z.string()),
    }),
  ),
});
