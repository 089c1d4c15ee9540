import { hubClient, parseInviteLink, unwrap } from '../../sync/client';
import type { Group as HubGroup, Member } from '../../protocol/groups';
import type { Device } from '../../protocol/identity';
import { UserError } from '../../protocol/errors';
import type { PageContext } from '../../sites/types';
import { communityKey } from '../../sites/types';
import type { NookDB } from '../db';
import { isSecureHub, normalizeHub } from '../validate';
import type { InviteItem, MessageItem, ThreadItem } from '../../sync/types';
import type { Group } from '../../types/local';
import type { SyncEngine } from './engine';
import { endMembership } from './membership';
import type { LocalTables } from '../../sync/store';
import * as writes from '../../sync/writes/discussion';
import { writeCommunity, type CommunityWrite } from '../../sync/writes/community';
import { communityReads } from '../../sync/community-reads';
import type { Writer } from '../../sync/writes/discussion';
import { dexieSyncStore } from '../sync-store';
import { toThreadItem } from '../../sync/views';
import { listMessages } from './queries';

/** What the sidebar asks of hosted groups; every write to a group goes through the outbox. */

/** A hub address as typed or pasted: https, or http on this computer only (storage/validate.ts). */
function hubAddress(input: string): string {
  const hub = normalizeHub(input);
  if (!hub) throw new UserError('hub_invalid', 'The hub must be an http:// or https:// address.');
  return hub;
}

async function identity(db: NookDB, hub: string) {
  // An identity stored before plain http was refused: its token is not sent there.
  if (!isSecureHub(hub)) throw new UserError('hub_insecure', 'Plain http:// is allowed only for a hub on this computer; use https://.');
  const row = await db.hubs.get(hub);
  if (!row) throw new UserError('not_member', 'You are not a member of a group on this hub.');
  return row;
}

async function hostedGroup(db: NookDB, groupId: string) {
  const m = await db.memberships.get(groupId);
  if (!m || m.endedAt !== null) throw new UserError('not_member', 'You are no longer a member of this group.');
  return { membership: m, me: await identity(db, m.hub) };
}

/**
 * Sends as the member's identity on `hub` when there is one. A token the hub refuses (it
 * expired, or the member signed this device out elsewhere) is no identity any more: the
 * request goes again without it, and the hub makes a new one.
 */
async function asMember<T>(db: NookDB, hub: string, send: (token: string | undefined) => Promise<T>): Promise<T> {
  const known = await db.hubs.get(hub);
  try {
    return await send(known?.token);
  } catch (e) {
    if (!known || !(e instanceof UserError) || (e.code !== 'token_expired' && e.code !== 'bad_token')) throw e;
    return send(undefined);
  }
}

/** Stores what the hub answered to a create or a join: identity, group, membership, its first member list. */
export async function remember(
  db: NookDB,
  hub: string,
  answer: { group: HubGroup; member: Member; token?: string },
  local: Partial<Group>,
  now: number,
): Promise<Group> {
  const { group, member, token } = answer;
  return db.transaction('rw', [db.hubs, db.groups, db.memberships, db.members], async () => {
    const known = await db.hubs.get(hub);
    if (token) await db.hubs.put({ url: hub, memberId: member.id, token });
    else if (!known) throw new UserError('unexpected', 'The hub did not give this device a token.');
    const existing = await db.groups.get(group.id);
    const row: Group = {
      id: group.id,
      name: group.name,
      topic: group.topic,
      memberLimit: group.memberLimit,
      hub,
      contexts: existing?.contexts ?? local.contexts ?? [],
      createdAt: group.createdAt,
      updatedAt: now,
      deletedAt: null,
    };
    await db.groups.put(row);
    const before = await db.memberships.get(group.id);
    await db.memberships.put({
      groupId: group.id,
      hub,
      memberId: member.id,
      role: member.role,
      memberCount: before && before.endedAt === null ? before.memberCount : 0,
      seq: before && before.endedAt === null ? before.seq : 0,
      endedAt: null,
      endedReason: null,
    });
    return row;
  });
}

export async function createHostedGroup(
  db: NookDB,
  engine: SyncEngine,
  input: { id?: string; name: string; topic: string; memberLimit: number; hub: string; ownerName: string; context?: PageContext | null; allowRequests?: boolean },
): Promise<Group> {
  const hub = hubAddress(input.hub);
  const id = input.id ?? crypto.randomUUID();
  const answer = await asMember(db, hub, (token) =>
    unwrap(
      hubClient(hub, { token, fetch: engine.env.fetch }).groups.$post({
        json: { id, name: input.name, topic: input.topic, memberLimit: input.memberLimit, allowRequests: input.allowRequests ?? false, ownerName: input.ownerName, session: 'token' },
      }),
    ),
  );
  const group = await remember(db, hub, answer, { contexts: input.context ? [communityKey(input.context)] : [] }, engine.env.now());
  // A new identity on this hub: a socket that says hello with the new token.
  if (answer.token) engine.reconnect(hub);
  // The group's general discussion, so members have somewhere to talk from the start.
  await openThread(db, engine, group.id, null);
  engine.follow(hub, group.id);
  return group;
}

export async function joinGroup(
  db: NookDB,
  engine: SyncEngine,
  input: { link: string; name: string; intro?: string; defaultHub: string | null },
): Promise<Group> {
  const invite = parseInviteLink(input.link, input.defaultHub);
  if (!invite) throw new UserError('invite_link_invalid', 'That is not an invite link or code.');
  const hub = hubAddress(invite.hub);
  const answer = await asMember(db, hub, (token) =>
    unwrap(
      hubClient(hub, { token, fetch: engine.env.fetch }).join[':code'].$post({
        param: { code: invite.code },
        json: { name: input.name, intro: input.intro ?? '', session: 'token' },
      }),
    ),
  );
  const group = await remember(db, hub, answer, {}, engine.env.now());
  if (answer.token) engine.reconnect(hub);
  engine.follow(hub, group.id);
  return group;
}

export async function createInvite(db: NookDB, engine: SyncEngine, groupId: string, opts: { expiresInSeconds?: number; maxUses?: number | null }): Promise<InviteItem> {
  const { membership, me } = await hostedGroup(db, groupId);
  const { invite } = await unwrap(
    hubClient(membership.hub, { token: me.token, fetch: engine.env.fetch }).groups[':groupId'].invites.$post({
      param: { groupId },
      json: { expiresInSeconds: opts.expiresInSeconds, maxUses: opts.maxUses ?? null },
    }),
  );
  return { url: invite.url, code: invite.code, expiresAt: invite.expiresAt, maxUses: invite.maxUses, uses: invite.uses };
}

export async function leaveGroup(db: NookDB, engine: SyncEngine, groupId: string): Promise<void> {
  const { membership, me } = await hostedGroup(db, groupId);
  await unwrap(
    hubClient(membership.hub, { token: me.token, fetch: engine.env.fetch }).groups[':groupId'].members[':memberId'].$delete({
      param: { groupId, memberId: membership.memberId },
    }),
  );
  engine.unfollow(membership.hub, groupId);
  await endMembership(db, groupId, 'left', engine.env.now());
}

export async function removeMember(db: NookDB, engine: SyncEngine, groupId: string, memberId: string): Promise<{ revokedCodes: string[] }> {
  const { membership, me } = await hostedGroup(db, groupId);
  const { revokedInvites } = await unwrap(
    hubClient(membership.hub, { token: me.token, fetch: engine.env.fetch }).groups[':groupId'].members[':memberId'].$delete({
      param: { groupId, memberId },
    }),
  );
  return { revokedCodes: revokedInvites.map((i) => i.code) };
}

/** Join requests for moderators: fetched from the hub and kept so the view can follow them. */
export async function refreshRequests(db: NookDB, engine: SyncEngine, groupId: string): Promise<void> {
  const { membership, me } = await hostedGroup(db, groupId);
  if (membership.role === 'member') return;
  const { requests } = await unwrap(
    hubClient(membership.hub, { token: me.token, fetch: engine.env.fetch }).groups[':groupId'].requests.$get({ param: { groupId } }),
  );
  await db.transaction('rw', db.joinRequests, async () => {
    await db.joinRequests.where('groupId').equals(groupId).delete();
    await db.joinRequests.bulkPut(
      requests.filter((r) => r.status === 'pending').map((r) => ({ id: r.id, groupId, name: r.name, message: r.message, createdAt: r.createdAt })),
    );
  });
}

export async function decideRequest(db: NookDB, engine: SyncEngine, groupId: string, requestId: string, decision: 'approve' | 'deny'): Promise<void> {
  const { membership, me } = await hostedGroup(db, groupId);
  await unwrap(
    hubClient(membership.hub, { token: me.token, fetch: engine.env.fetch }).groups[':groupId'].requests[':requestId'].$post({
      param: { groupId, requestId },
      json: { decision },
    }),
  );
  await db.joinRequests.delete(requestId);
}

/**
 * One of the member's writes (sync/writes/discussion.ts), in one transaction with its outbox
 * entry; then the outbox goes to the hub.
 */
async function write<R>(db: NookDB, engine: SyncEngine, groupId: string, fn: (t: LocalTables, w: Writer) => Promise<R>): Promise<R> {
  const { membership } = await hostedGroup(db, groupId);
  const w: Writer = { hub: membership.hub, groupId, memberId: membership.memberId, now: engine.env.now(), id: () => crypto.randomUUID() };
  const r = await dexieSyncStore(db).write((t) => fn(t, w));
  engine.kick(membership.hub);
  return r;
}

/** The thread for this page (one per page per group), or the general discussion. */
export async function openThread(db: NookDB, engine: SyncEngine, groupId: string, context: PageContext | null): Promise<ThreadItem> {
  return toThreadItem(await write(db, engine, groupId, (t, w) => writes.openThread(t, w, context)));
}

export async function sendMessage(db: NookDB, engine: SyncEngine, groupId: string, threadId: string, body: string): Promise<MessageItem> {
  const row = await write(db, engine, groupId, (t, w) => writes.postMessage(t, w, threadId, body));
  const item = (await listMessages(db, threadId, 500)).find((m) => m.id === row.id);
  if (!item) throw new UserError('thread_not_found', 'That discussion is gone.');
  return item;
}

/** The group a message is in, for a write to it. */
async function groupOf(db: NookDB, id: string): Promise<string> {
  const msg = await db.messages.get(id);
  if (!msg) throw new UserError('message_not_found', 'That message is gone.');
  return msg.groupId;
}

export async function editMessage(db: NookDB, engine: SyncEngine, id: string, body: string): Promise<void> {
  await write(db, engine, await groupOf(db, id), (t, w) => writes.editMessage(t, w, id, body));
}

export async function deleteMessage(db: NookDB, engine: SyncEngine, id: string): Promise<void> {
  await write(db, engine, await groupOf(db, id), (t, w) => writes.deleteMessage(t, w, id));
}

export async function react(db: NookDB, engine: SyncEngine, id: string, emoji: string, on: boolean): Promise<void> {
  await write(db, engine, await groupOf(db, id), (t, w) => writes.react(t, w, id, emoji, on));
}

export async function retryMessage(db: NookDB, engine: SyncEngine, id: string): Promise<void> {
  await write(db, engine, await groupOf(db, id), (t, w) => writes.retryMessage(t, w, id));
}

export async function discardMessage(db: NookDB, id: string): Promise<void> {
  await dexieSyncStore(db).write((t) => writes.discardMessage(t, id));
}

export async function markRead(db: NookDB, engine: SyncEngine, threadId: string): Promise<void> {
  const thread = await db.threads.get(threadId);
  if (!thread) return;
  await write(db, engine, thread.groupId, (t, w) => writes.markRead(t, w, threadId));
  await engine.notifyUnread();
}

export async function updateHostedGroup(
  db: NookDB,
  engine: SyncEngine,
  groupId: string,
  patch: { name?: string; topic?: string; memberLimit?: number },
): Promise<Group> {
  const { membership, me } = await hostedGroup(db, groupId);
  const { group } = await unwrap(
    hubClient(membership.hub, { token: me.token, fetch: engine.env.fetch }).groups[':groupId'].$patch({ param: { groupId }, json: patch }),
  );
  await db.groups.update(groupId, { name: group.name, topic: group.topic, memberLimit: group.memberLimit, updatedAt: engine.env.now() });
  const row = await db.groups.get(groupId);
  if (!row) throw new UserError('not_member', 'You are no longer a member of this group.');
  return row;
}

/** The hubs this device has an identity on. */
export async function listHubs(db: NookDB): Promise<string[]> {
  return (await db.hubs.toArray()).map((h) => h.url);
}

/** A one-time code that lets another device act as this member on `hub` (for 10 minutes). */
export async function createLinkCode(db: NookDB, engine: SyncEngine, hub: string): Promise<{ code: string; expiresAt: number }> {
  const me = await identity(db, hub);
  return unwrap(hubClient(hub, { token: me.token, fetch: engine.env.fetch }).me['link-codes'].$post());
}

/** This device becomes the member who made the code: same groups, same name, a new token. */
export async function redeemLinkCode(db: NookDB, engine: SyncEngine, hubInput: string, code: string): Promise<number> {
  const hub = hubAddress(hubInput);
  const linked = await unwrap(hubClient(hub, { fetch: engine.env.fetch }).me.link.$post({ json: { code: code.trim(), session: 'token' } }));
  if (!linked.token) throw new UserError('unexpected', 'The hub did not give this device a token.');
  await db.hubs.put({ url: hub, memberId: linked.memberId, token: linked.token });
  const mine = await unwrap(hubClient(hub, { token: linked.token, fetch: engine.env.fetch }).me.$get());
  for (const { group, member } of mine.groups) {
    await remember(db, hub, { group, member }, {}, engine.env.now());
  }
  // The socket (if one is open) speaks for the old token: a new one, with every group in its hello.
  engine.reconnect(hub);
  return mine.groups.length;
}

/** The member's signed-in devices on `hub`, as the hub knows them. */
export async function listDevices(db: NookDB, engine: SyncEngine, hub: string): Promise<Device[]> {
  const me = await identity(db, hub);
  return (await unwrap(hubClient(hub, { token: me.token, fetch: engine.env.fetch }).me.devices.$get())).devices;
}

export async function signOutDevice(db: NookDB, engine: SyncEngine, hub: string, deviceId: string): Promise<Device[]> {
  const me = await identity(db, hub);
  return (await unwrap(hubClient(hub, { token: me.token, fetch: engine.env.fetch }).me.devices[':deviceId'].$delete({ param: { deviceId } }))).devices;
}

export async function signOutOtherDevices(db: NookDB, engine: SyncEngine, hub: string): Promise<Device[]> {
  const me = await identity(db, hub);
  return (await unwrap(hubClient(hub, { token: me.token, fetch: engine.env.fetch }).me.devices['sign-out-others'].$post())).devices;
}

/** An intro, goal, check-in, cheer, meeting, poll or feedback write (sync/writes/community.ts). */
export function writeRecord(db: NookDB, engine: SyncEngine, groupId: string, write_: CommunityWrite): Promise<void> {
  return write(db, engine, groupId, (t, w) => writeCommunity(t, w, write_));
}

async function memberClient(db: NookDB, engine: SyncEngine, groupId: string) {
  const { membership, me } = await hostedGroup(db, groupId);
  return hubClient(membership.hub, { token: me.token, fetch: engine.env.fetch });
}

export const feedbackSummary = async (db: NookDB, engine: SyncEngine, groupId: string, feedbackId: string) =>
  communityReads.feedbackSummary(await memberClient(db, engine, groupId), groupId, feedbackId);
export const feedbackCsv = async (db: NookDB, engine: SyncEngine, groupId: string, feedbackId: string) =>
  communityReads.feedbackCsv(await memberClient(db, engine, groupId), groupId, feedbackId);
export const meetingIcs = async (db: NookDB, engine: SyncEngine, groupId: string, meetingId: string) =>
  communityReads.meetingIcs(await memberClient(db, engine, groupId), groupId, meetingId);
