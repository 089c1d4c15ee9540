import { CreateCommunityGroupBody } from '../../protocol/communities';
import { UserError } from '../../protocol/errors';
import type { Role } from '../../protocol/groups';
import { MAX_MEMBER_LIMIT, MIN_MEMBER_LIMIT } from '../../protocol/limits';
import { hubClient, unwrap } from '../../sync/client';
import {
  communityCalls,
  joinCommunity as joinOnHub,
  parseCommunityLink,
  previewCommunityInvite,
  type CommunityGroupDraft,
  type CommunityItem,
  type CommunityPreviewItem,
  type CommunityProfile,
  type CommunityRequestItem,
} from '../../sync/communities';
import type { NookDB } from '../db';
import { isSecureHub, normalizeHub } from '../validate';
import { remember } from './actions';
import type { SyncEngine } from './engine';

/**
 * Communities in the extension (issue #17, parts 5 and 6): asked of each hub as the member's
 * identity there (sync/communities.ts). A community's group the member is in becomes one of
 * their hosted groups on this device (stored and followed, as a join does), so it syncs like
 * any other.
 */

const INSECURE = 'Plain http:// is allowed only for a hub on this computer; use https://.';

function hubAddress(input: string): string {
  const hub = normalizeHub(input);
  if (!hub) throw new UserError('hub_invalid', 'The hub must be an http:// or https:// address.');
  if (!isSecureHub(hub)) throw new UserError('hub_insecure', INSECURE);
  return hub;
}

async function signedIn(db: NookDB, engine: SyncEngine, hubInput: string) {
  const hub = hubAddress(hubInput);
  const me = await db.hubs.get(hub);
  if (!me) throw new UserError('community_needs_identity', 'Join or create a group on this hub first: a community is made by someone signed in there.');
  const client = hubClient(hub, { token: me.token, fetch: engine.env.fetch });
  return { hub, me, client, calls: communityCalls(client) };
}

/** The member's communities on every hub they are signed in on; hubs that did not answer are named. */
export async function listCommunities(db: NookDB, engine: SyncEngine): Promise<{ communities: CommunityItem[]; unreachable: string[] }> {
  const rows = (await db.hubs.toArray()).filter((h) => isSecureHub(h.url));
  const unreachable: string[] = [];
  const found = await Promise.all(
    rows.map(async (row) => {
      try {
        const mine = await communityCalls(hubClient(row.url, { token: row.token, fetch: engine.env.fetch })).mine();
        await keepCommunities(db, engine, row.url, mine);
        return mine.map((c) => ({ ...c, hub: row.url }));
      } catch {
        unreachable.push(row.url);
        return [];
      }
    }),
  );
  return { communities: found.flat(), unreachable: unreachable.sort() };
}

/** The member's communities on a hub as it listed them; a socket stays open to a hub where there are some. */
async function keepCommunities(db: NookDB, engine: SyncEngine, hub: string, mine: { community: { id: string; name: string }; me: { role: Role } }[]) {
  const communities = mine.map((c) => ({ id: c.community.id, name: c.community.name, role: c.me.role }));
  await db.hubs.update(hub, { communities });
  if (communities.length > 0) engine.listen(hub);
}

/**
 * The hub said the member's communities there changed (`communityId` null: joined, left, a
 * role), or one's groups or join requests: the views following `communities.news` ask again.
 * A change of the member's own communities is listed again here first (roles, names).
 */
export async function heard(db: NookDB, engine: SyncEngine, hub: string, communityId: string | null): Promise<void> {
  if (communityId === null) {
    const row = await db.hubs.get(hub);
    if (row && isSecureHub(hub)) {
      const mine = await communityCalls(hubClient(hub, { token: row.token, fetch: engine.env.fetch })).mine().catch(() => null);
      if (mine) await keepCommunities(db, engine, hub, mine);
    }
  }
  await db.hubs.update(hub, { communityNews: engine.env.now() });
}

/** When the hub last told of a change in the member's communities, on any hub (0: never): what the views follow. */
export async function communityNews(db: NookDB): Promise<number> {
  let latest = 0;
  for (const row of await db.hubs.toArray()) latest = Math.max(latest, row.communityNews ?? 0);
  return latest;
}

export async function createCommunity(
  db: NookDB,
  engine: SyncEngine,
  input: { hub: string; name: string; about: string; owner: CommunityProfile },
): Promise<CommunityItem> {
  const { hub, calls } = await signedIn(db, engine, input.hub);
  const view = await calls.create({ id: crypto.randomUUID(), name: input.name.trim(), about: input.about.trim(), owner: input.owner });
  return { ...view, hub };
}

function linkOf(input: string) {
  const link = parseCommunityLink(input);
  if (!link) throw new UserError('community_link_invalid', 'That is not a community invite link.');
  return { hub: hubAddress(link.hub), code: link.code };
}

/** What a community invite leads to, asked without the member's token. */
export async function previewInvite(engine: SyncEngine, input: string): Promise<CommunityPreviewItem> {
  const { hub, code } = linkOf(input);
  return { ...(await previewCommunityInvite(hubClient(hub, { fetch: engine.env.fetch, credentials: 'omit' }), code)), hub, code };
}

/**
 * Joins a community with its invite link, as the member's identity on that hub (a new one when
 * there is none, or when the hub no longer takes the stored token). A personal invite lets them
 * into their cohort's group too: that group is stored and followed here.
 */
export async function joinCommunity(
  db: NookDB,
  engine: SyncEngine,
  input: { link: string } & CommunityProfile,
): Promise<{ community: CommunityItem; groupId: string | null }> {
  const { hub, code } = linkOf(input.link);
  const profile = { name: input.name.trim(), interests: input.interests, timeZone: input.timeZone };
  const known = await db.hubs.get(hub);
  const send = (token: string | undefined) => joinOnHub(hubClient(hub, { token, fetch: engine.env.fetch }), code, profile);
  let answer: Awaited<ReturnType<typeof send>>;
  try {
    answer = await send(known?.token);
  } catch (e) {
    if (!known || !(e instanceof UserError) || (e.code !== 'token_expired' && e.code !== 'bad_token')) throw e;
    answer = await send(undefined);
  }
  if (answer.token) await db.hubs.put({ url: hub, memberId: answer.me.id, token: answer.token });
  if (answer.group) await remember(db, hub, { ...answer.group, token: answer.token }, {}, engine.env.now());
  if (answer.token) engine.reconnect(hub);
  if (answer.group) engine.follow(hub, answer.group.group.id);
  // The join answers the community without its count: the list says it.
  const { communities } = await listCommunities(db, engine);
  const community = communities.find((c) => c.hub === hub && c.community.id === answer.community.id) ?? {
    community: answer.community,
    me: answer.me,
    memberCount: 0,
    hub,
  };
  return { community, groupId: answer.group?.group.id ?? null };
}

/**
 * The hub says the member is in these groups; the ones this device does not hold yet (made by
 * applying cohorts, or a request approved) are stored and followed, from the member's groups
 * as the hub lists them.
 */
async function adopt(db: NookDB, engine: SyncEngine, hub: string, token: string, groupIds: string[]): Promise<void> {
  const missing: string[] = [];
  for (const id of groupIds) {
    const m = await db.memberships.get(id);
    if (!m || m.endedAt !== null) missing.push(id);
  }
  if (missing.length === 0) return;
  const me = await unwrap(hubClient(hub, { token, fetch: engine.env.fetch }).me.$get());
  for (const joined of me.groups) {
    if (!missing.includes(joined.group.id)) continue;
    await remember(db, hub, joined, {}, engine.env.now());
    engine.follow(hub, joined.group.id);
  }
}

/** The community's groups with their sizes; those the member is in are theirs on this device too. */
export async function listGroups(db: NookDB, engine: SyncEngine, hub: string, communityId: string) {
  const { me, calls, hub: h } = await signedIn(db, engine, hub);
  const groups = await calls.groups(communityId);
  await adopt(db, engine, h, me.token, groups.filter((g) => g.mine).map((g) => g.id));
  return groups;
}

/** A join request to one of the community's groups, watched like a listed group's (discovery.ts checkAsks). */
export async function askToJoin(db: NookDB, engine: SyncEngine, input: { hub: string; communityId: string; groupId: string; message: string }) {
  const { hub, calls } = await signedIn(db, engine, input.hub);
  const request = await calls.ask(input.communityId, input.groupId, input.message.trim());
  await db.transaction('rw', db.hubs, async () => {
    const row = await db.hubs.get(hub);
    if (!row) return;
    const others = (row.asks ?? []).filter((a) => a.groupId !== input.groupId);
    await db.hubs.put({ ...row, asks: request.status === 'pending' ? [...others, { groupId: input.groupId, requestId: request.id }] : others });
  });
}

/** A group of the community the member is in, made theirs on this device if it is not yet (for "Open"). */
export async function openGroup(db: NookDB, engine: SyncEngine, hubInput: string, groupId: string): Promise<string> {
  const { hub, me } = await signedIn(db, engine, hubInput);
  await adopt(db, engine, hub, me.token, [groupId]);
  const m = await db.memberships.get(groupId);
  if (!m || m.endedAt !== null) throw new UserError('not_member', 'You are no longer a member of this group.');
  return groupId;
}

/** The calls of a community's owners and moderators, on the member's identity there. */
export async function managerCalls(db: NookDB, engine: SyncEngine, hub: string) {
  return (await signedIn(db, engine, hub)).calls;
}

export const setRole = async (db: NookDB, engine: SyncEngine, input: { hub: string; communityId: string; memberId: string; role: Role }) =>
  (await managerCalls(db, engine, input.hub)).setRole(input.communityId, input.memberId, input.role);

/** Applies a proposal; the groups it made are the owner's on this device at once. */
export async function applyCohorts(db: NookDB, engine: SyncEngine, input: { hub: string; communityId: string; proposalId: string }) {
  const { hub, me, calls } = await signedIn(db, engine, input.hub);
  const applied = await calls.apply(input.communityId, input.proposalId);
  await adopt(db, engine, hub, me.token, applied.groups.map((g) => g.id));
  return applied;
}

/** The personal links as a CSV file (made by the hub). */
export async function cohortInvitesCsv(db: NookDB, engine: SyncEngine, input: { hub: string; communityId: string; proposalId: string }) {
  const text = await (await managerCalls(db, engine, input.hub)).invitesCsv(input.communityId, input.proposalId);
  return { fileName: `cohort-links-${input.proposalId.slice(0, 8)}.csv`, text };
}

/**
 * Leaves a community, as the member's identity there (the hub refuses its owner). Their groups
 * in it stay theirs on this device; the requests the hub withdrew are no longer waited on.
 */
export async function leaveCommunity(db: NookDB, engine: SyncEngine, input: { hub: string; communityId: string }): Promise<void> {
  const { hub, me, calls } = await signedIn(db, engine, input.hub);
  const withdrawn = await calls.leave(input.communityId, me.memberId);
  await db.transaction('rw', db.hubs, async () => {
    const row = await db.hubs.get(hub);
    if (!row) return;
    const seen = { ...row.seenCommunityRequests };
    delete seen[input.communityId];
    await db.hubs.put({
      ...row,
      asks: (row.asks ?? []).filter((a) => !withdrawn.includes(a.groupId)),
      communities: (row.communities ?? []).filter((c) => c.id !== input.communityId),
      seenCommunityRequests: seen,
      communityNews: engine.env.now(),
    });
  });
}

/**
 * Makes a group inside a community (its owner and moderators), checked first by the schema the
 * hub checks it with; the group is the maker's on this device at once, stored and followed.
 */
export async function createCommunityGroup(
  db: NookDB,
  engine: SyncEngine,
  input: { hub: string; communityId: string } & CommunityGroupDraft,
): Promise<string> {
  const parsed = CreateCommunityGroupBody.safeParse({ id: crypto.randomUUID(), name: input.name.trim(), topic: input.topic.trim(), memberLimit: input.memberLimit });
  if (!parsed.success) {
    const limit = parsed.error.issues.some((i) => i.path[0] === 'memberLimit');
    if (limit) throw new UserError('member_limit_range', 'Member limit out of range.', { min: MIN_MEMBER_LIMIT, max: MAX_MEMBER_LIMIT });
    throw new UserError('bad_request', parsed.error.issues[0]?.message ?? 'The group could not be made.');
  }
  const { hub, calls } = await signedIn(db, engine, input.hub);
  const body = parsed.data;
  const view = await calls.createGroup(input.communityId, { id: body.id!, name: body.name, topic: body.topic, memberLimit: body.memberLimit });
  await remember(db, hub, view, {}, engine.env.now());
  engine.follow(hub, view.group.id);
  return view.group.id;
}

/** The pending join requests to all the community's groups, for its owner and moderators. */
export async function listRequests(db: NookDB, engine: SyncEngine, hub: string, communityId: string): Promise<CommunityRequestItem[]> {
  return (await managerCalls(db, engine, hub)).requests(communityId);
}

/**
 * A community's manager decides a request to one of its groups; approving lets the person in.
 * When this device holds that group as its manager, its own list of the group's requests follows.
 */
export async function decideRequest(
  db: NookDB,
  engine: SyncEngine,
  input: { hub: string; groupId: string; requestId: string; decision: 'approve' | 'deny' },
): Promise<void> {
  await (await managerCalls(db, engine, input.hub)).decide(input.groupId, input.requestId, input.decision);
  await db.joinRequests.delete(input.requestId);
}
