import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { UserError } from '../../protocol/errors';
import type { Listing, ListingScope, ReportList, SetListingBody } from '../../protocol/listings';
import { enter } from './access';
import { write, type StoreContext } from './write';
import type { Queryable } from './store';

interface ListingRow {
  group_id: string;
  scope: ListingScope;
  hash: string;
  bucket: number;
  created_by: string;
  created_at: number;
}

/** The bucket a hash or a lookup's prefix falls in: its first 16 bits, as a number (no collation in play). */
export const bucketOf = (hex: string): number => Number.parseInt(hex.slice(0, 4), 16);

const toState = (r: ListingRow | undefined) => ({
  listing: r ? { scope: r.scope, hash: r.hash, createdAt: Number(r.created_at) } : null,
});

export async function getListing(q: Queryable, groupId: string) {
  return toState(await q.one<ListingRow>('SELECT * FROM listings WHERE group_id = ?', [groupId]));
}

/** Lists the group under one key (replacing the one it had): its owner alone decides. */
export function setListing(s: StoreContext, callerId: string, groupId: string, body: z.output<typeof SetListingBody>) {
  return write(s, async ({ tx, now }) => {
    await enter(tx, groupId, callerId, ['owner']);
    await tx.run(
      `INSERT INTO listings (group_id, scope, hash, bucket, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id) DO UPDATE SET scope = excluded.scope, hash = excluded.hash, bucket = excluded.bucket,
         created_by = excluded.created_by, created_at = excluded.created_at`,
      [groupId, body.scope, body.hash, bucketOf(body.hash), callerId, now],
    );
    return toState({ group_id: groupId, scope: body.scope, hash: body.hash, bucket: bucketOf(body.hash), created_by: callerId, created_at: now });
  });
}

/** "Not listed": clearing a listing that is not there is the same answer. */
export function clearListing(s: StoreContext, callerId: string, groupId: string) {
  return write(s, async ({ tx }) => {
    await enter(tx, groupId, callerId, ['owner']);
    await tx.run('DELETE FROM listings WHERE group_id = ?', [groupId]);
    return toState(undefined);
  });
}

/** Every listing in the buckets of `prefixes`; the client keeps those whose full hash is its own. */
export async function lookupListings(q: Queryable, prefixes: readonly string[]): Promise<Listing[]> {
  const buckets = [...new Set(prefixes.map(bucketOf))];
  const rows = await q.all<{
    hash: string;
    scope: ListingScope;
    id: string;
    name: string;
    topic: string;
    member_limit: number;
    allow_requests: number;
    member_count: number;
  }>(
    `SELECT l.hash, l.scope, g.id, g.name, g.topic, g.member_limit, g.allow_requests,
       (SELECT COUNT(*) FROM memberships m WHERE m.group_id = g.id AND m.status = 'active') AS member_count
     FROM listings l JOIN groups g ON g.id = l.group_id
     WHERE l.bucket IN (${buckets.map(() => '?').join(', ')})
     ORDER BY l.hash, l.created_at, g.id`,
    buckets,
  );
  return rows.map((r) => ({
    hash: r.hash,
    scope: r.scope,
    groupId: r.id,
    name: r.name,
    topic: r.topic,
    memberCount: Number(r.member_count),
    memberLimit: Number(r.member_limit),
    allowRequests: Number(r.allow_requests) === 1,
  }));
}

/** A report goes to the operator; it names the listing the reporter saw (its hash), so an old report of a changed listing is still told apart. */
export function reportListing(s: StoreContext, reporter: string | null, groupId: string, hash: string, reason: string) {
  return write(s, async ({ tx, now }) => {
    const listed = await tx.one<ListingRow>('SELECT * FROM listings WHERE group_id = ? AND hash = ?', [groupId, hash]);
    if (!listed) throw new UserError('listing_not_found', 'This group is not listed here.');
    await tx.run('INSERT INTO listing_reports (id, group_id, hash, reason, reporter, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      randomUUID(),
      groupId,
      hash,
      reason,
      reporter,
      now,
    ]);
    return { reported: true as const };
  });
}

/** How many reasons of each group the operator's view shows, latest first. */
const REASONS_SHOWN = 10;

/** The operator's view: reported groups, most reported first, with their latest reasons and whether they are still listed. */
export async function listReports(q: Queryable): Promise<z.infer<typeof ReportList>> {
  const rows = await q.all<{ group_id: string; name: string; topic: string; scope: ListingScope | null; reason: string; created_at: number }>(
    `SELECT r.group_id, g.name, g.topic, l.scope, r.reason, r.created_at
     FROM listing_reports r JOIN groups g ON g.id = r.group_id LEFT JOIN listings l ON l.group_id = r.group_id
     ORDER BY r.created_at DESC, r.id`,
  );
  const byGroup = new Map<string, z.infer<typeof ReportList>['reports'][number]>();
  for (const r of rows) {
    const entry = byGroup.get(r.group_id) ?? { groupId: r.group_id, name: r.name, topic: r.topic, scope: r.scope, count: 0, lastAt: Number(r.created_at), reasons: [] };
    entry.count++;
    if (entry.reasons.length < REASONS_SHOWN) entry.reasons.push(r.reason);
    byGroup.set(r.group_id, entry);
  }
  return { reports: [...byGroup.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt) };
}
