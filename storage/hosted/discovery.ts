import { contextHashes, lookupPrefixes, matchListings } from '../../protocol/context-keys';
import { UserError } from '../../protocol/errors';
import type { PageContext } from '../../sites/types';
import { hubClient, unwrap } from '../../sync/client';
import type { FoundGroup, ListingChoice } from '../../types/discovery';
import type { NookDB } from '../db';
import { getSettings } from '../settings';
import { isSecureHub, normalizeHub } from '../validate';
import { remember } from './actions';
import type { SyncEngine } from './engine';

/**
 * Finding listed groups (issue #19). A lookup tells a hub only two 16-bit hash prefixes
 * (protocol/context-keys.ts), and carries neither the member's token nor a cookie, so the
 * hub cannot tie it to anyone it knows; the full hashes are compared here.
 */

/** The hubs the member knows: the default hub and the hubs of their groups, as typed or stored, each once. */
async function knownHubs(db: NookDB, defaultHub: string): Promise<string[]> {
  const [identities, memberships] = await Promise.all([db.hubs.toArray(), db.memberships.toArray()]);
  const all = [defaultHub, ...identities.map((h) => h.url), ...memberships.map((m) => m.hub)];
  return [...new Set(all.map((h) => (h ? normalizeHub(h) : null)).filter((h): h is string => !!h && isSecureHub(h)))];
}

export async function lookupListed(db: NookDB, engine: SyncEngine, context: PageContext): Promise<FoundGroup[]> {
  const settings = await getSettings(db);
  if (settings.discovery !== 'on') return [];
  const hashes = await contextHashes(context);
  const prefixes = lookupPrefixes(hashes);
  const [hubs, memberships, identities] = await Promise.all([knownHubs(db, settings.defaultHub), db.memberships.toArray(), db.hubs.toArray()]);
  const found = await Promise.all(
    hubs.map(async (hub) => {
      try {
        // No token and no cookie: the lookup says nothing of who makes it.
        const answer = await unwrap(hubClient(hub, { fetch: engine.env.fetch, credentials: 'omit' }).listings.lookup.$post({ json: { prefixes } }));
        return matchListings(hashes, answer.listings).map((l) => ({ hub, ...l }));
      } catch {
        // A hub that is away, or lists nothing (NOOK_LISTINGS=off), has nothing here.
        return [];
      }
    }),
  );
  const standing = (hub: string, groupId: string): FoundGroup['standing'] => {
    if (memberships.some((m) => m.groupId === groupId && m.hub === hub && m.endedAt === null)) return 'member';
    return identities.find((h) => h.url === hub)?.asks?.some((a) => a.groupId === groupId) ? 'waiting' : 'none';
  };
  return found
    .flat()
    .sort((a, b) => Number(a.scope === 'community') - Number(b.scope === 'community'))
    .map(({ hub, groupId, name, topic, memberCount, memberLimit, allowRequests, scope, hash }) => ({
      hub,
      groupId,
      name,
      topic,
      memberCount,
      memberLimit,
      allowRequests,
      scope,
      hash,
      standing: standing(hub, groupId),
    }));
}

/** A report to the hub's operator, as nobody in particular: it is about the listing, not the reporter. */
export async function reportListing(engine: SyncEngine, input: { hub: string; groupId: string; hash: string; reason: string }): Promise<void> {
  const hub = normalizeHub(input.hub);
  if (!hub || !isSecureHub(hub)) throw new UserError('hub_insecure', 'Plain http:// is allowed only for a hub on this computer; use https://.');
  await unwrap(
    hubClient(hub, { fetch: engine.env.fetch, credentials: 'omit' }).groups[':groupId'].reports.$post({
      param: { groupId: input.groupId },
      json: { hash: input.hash, reason: input.reason.trim() },
    }),
  );
}

/** Asks to join as the member's identity on that hub (a new one when there is none); the hub's owners decide. */
export async function askToJoin(
  db: NookDB,
  engine: SyncEngine,
  input: { hub: string; groupId: string; name: string; message: string },
): Promise<FoundGroup['standing']> {
  const hub = normalizeHub(input.hub);
  if (!hub) throw new UserError('hub_invalid', 'The hub must be an http:// or https:// address.');
  if (!isSecureHub(hub)) throw new UserError('hub_insecure', 'Plain http:// is allowed only for a hub on this computer; use https://.');
  const known = await db.hubs.get(hub);
  const send = (token: string | undefined) =>
    unwrap(
      hubClient(hub, { token, fetch: engine.env.fetch }).groups[':groupId'].requests.$post({
        param: { groupId: input.groupId },
        json: { name: input.name.trim(), message: input.message.trim(), session: 'token' },
      }),
    );
  let answer: Awaited<ReturnType<typeof send>>;
  try {
    answer = await send(known?.token);
  } catch (e) {
    // A token the hub no longer takes is no identity: ask as someone new.
    if (!known || !(e instanceof UserError) || (e.code !== 'token_expired' && e.code !== 'bad_token')) throw e;
    answer = await send(undefined);
  }
  const { request, token } = answer;
  await db.transaction('rw', db.hubs, async () => {
    const row = token ? { url: hub, memberId: request.memberId, token } : await db.hubs.get(hub);
    if (!row) throw new UserError('unexpected', 'The hub did not give this device a token.');
    const others = (row.asks ?? []).filter((a) => a.groupId !== input.groupId);
    await db.hubs.put({ ...row, asks: request.status === 'pending' ? [...others, { groupId: input.groupId, requestId: request.id }] : others });
  });
  if (token) engine.reconnect(hub);
  return request.status === 'pending' ? 'waiting' : 'none';
}

/**
 * Looks at the hubs where the member waits on a request: an approved one becomes the
 * member's group (stored and followed, as a join would), a denied one is let go.
 * Answers whether any request is still waiting.
 */
export async function checkAsks(db: NookDB, engine: SyncEngine): Promise<boolean> {
  let waiting = false;
  for (const row of await db.hubs.toArray()) {
    if (!row.asks?.length || !isSecureHub(row.url)) continue;
    let me;
    try {
      me = await unwrap(hubClient(row.url, { token: row.token, fetch: engine.env.fetch }).me.$get());
    } catch {
      waiting = true;
      continue;
    }
    const pending = new Set(me.requests.filter((r) => r.status === 'pending').map((r) => r.groupId));
    let admitted = false;
    for (const ask of row.asks) {
      const joined = me.groups.find((g) => g.group.id === ask.groupId);
      if (!joined) continue;
      await remember(db, row.url, joined, {}, engine.env.now());
      engine.follow(row.url, ask.groupId);
      admitted = true;
    }
    const still = row.asks.filter((a) => pending.has(a.groupId));
    waiting ||= still.length > 0;
    // Let in: a community view showing the group as asked for shows it as theirs (communities.news).
    await db.hubs.update(row.url, admitted ? { asks: still, communityNews: engine.env.now() } : { asks: still });
  }
  return waiting;
}

/** While a request waits, the hub is asked now and then whether it was decided (as the widget panel does). */
export function watchAsks(db: NookDB, engine: SyncEngine, everyMs = 5_000): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void checkAsks(db, engine)
      .catch(() => false)
      .finally(() => (busy = false));
  }, everyMs);
  return () => clearInterval(timer);
}

async function ownerClient(db: NookDB, engine: SyncEngine, groupId: string) {
  const m = await db.memberships.get(groupId);
  const me = m && m.endedAt === null ? await db.hubs.get(m.hub) : undefined;
  if (!m || !me || !isSecureHub(m.hub)) throw new UserError('not_member', 'You are no longer a member of this group.');
  return { role: m.role, client: hubClient(m.hub, { token: me.token, fetch: engine.env.fetch }) };
}

/** Lists a hosted group for the page's thread, post or lesson, or its community, or not at all (owner only). */
export async function setListing(db: NookDB, engine: SyncEngine, groupId: string, listing: ListingChoice, context: PageContext | null): Promise<ListingChoice> {
  const { client } = await ownerClient(db, engine, groupId);
  if (listing === 'none') {
    await unwrap(client.groups[':groupId'].listing.$delete({ param: { groupId } }));
    return 'none';
  }
  const hashes = context ? await contextHashes(context) : null;
  const hash = listing === 'page' ? hashes?.page : hashes?.community;
  if (!hash) throw new UserError('listing_needs_page', 'Open the page (or a page of the community) to list the group there.');
  await unwrap(client.groups[':groupId'].listing.$put({ param: { groupId }, json: { scope: listing, hash } }));
  return listing;
}

/** Where the group is listed now, as its owner or a moderator sees it; members see "Not listed". */
export async function getListing(db: NookDB, engine: SyncEngine, groupId: string): Promise<ListingChoice> {
  const { role, client } = await ownerClient(db, engine, groupId);
  if (role === 'member') return 'none';
  const { listing } = await unwrap(client.groups[':groupId'].listing.$get({ param: { groupId } }));
  return listing?.scope ?? 'none';
}
