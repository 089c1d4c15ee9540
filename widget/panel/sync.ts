import { signal } from '@preact/signals';
import { provideCommunityOps } from '../../sync/outbox/registry';
import { hubClient, parseInviteLink, unwrap, type HubClient } from '../../sync/client';
import { UserError } from '../../protocol/errors';
import type { GroupPreview, Member } from '../../protocol/groups';
import type { PageContext } from '../../sites/types';
import type { InviteItem, MessageItem, ThreadItem } from '../../sync/types';
import { toMessageItems, toThreadItem } from '../../sync/views';
import { HubSync } from '../../sync/hub-sync';
import type { SocketClass } from '../../sync/link';
import type { LocalTables } from '../../sync/store';
import { Timers } from '../../sync/timers';
import * as writes from '../../sync/writes/discussion';
import type { Writer } from '../../sync/writes/discussion';
import type { PanelCache } from './cache';
import { PanelSyncStore } from './panel-store';
import { GroupStore } from './store';

// The senders of intros, goals, meetings, polls and feedback load with the first such write.
provideCommunityOps(() => import('../../sync/outbox/community').then((m) => m.communityOps));

export interface PanelEnv {
  /** The hub's address: the panel's own origin. */
  hub: string;
  fetch: typeof fetch;
  WebSocket: SocketClass;
  now(): number;
  uuid(): string;
  /** The IndexedDB mirror, where the browser allows storage here (widget/panel/cache.ts). */
  openCache?(groupId: string, memberId: string): Promise<PanelCache | null>;
  /** How often a visitor waiting for approval asks again. */
  waitPollMs?: number;
  /** The creator's page, where the browser vouched for it: names this device in the member's device list. */
  site?: string;
}

/** Why the panel shows a line instead of the group: these, or the code of the hub's refusal. */
export type Problem = 'missing_group' | 'bad_group' | 'group_not_found' | 'hub_unreachable' | (string & {});

/** Why a member is a visitor again: they left, were removed, signed out here, or the hub signed this device out (unused too long). */
export type Ended = 'left' | 'removed' | 'signed-out' | 'expired';

export type Phase =
  | { t: 'loading' }
  | { t: 'problem'; code: Problem }
  | { t: 'visitor'; about: GroupPreview; waiting: boolean; ended: Ended | null }
  | { t: 'member' };

/**
 * The panel's side of one group, on the hub's own origin: who is looking (member, visitor,
 * or a line saying what is wrong), joining, and the member's actions. A member's group is
 * kept in step by the sync core (sync/hub-sync.ts) over the memory store, let in by the
 * hub's HttpOnly session cookie (never seen by any script).
 */
export class PanelSync {
  readonly store = new GroupStore();
  readonly phase = signal<Phase>({ t: 'loading' });
  /** The member's copy has caught up with the hub once since the panel opened (unread counts mean something). */
  readonly caughtUp = signal(false);
  readonly client: HubClient;
  /** The sync of the current membership; a new one per membership (close() is final). */
  private core: HubSync | null = null;
  private local: PanelSyncStore | null = null;
  private timers = new Timers();
  private closed = false;

  constructor(
    readonly env: PanelEnv,
    readonly groupId: string,
  ) {
    this.client = hubClient(env.hub, { fetch: env.fetch, credentials: 'include' });
  }

  /** Who is looking: a member (the discussion), a visitor (how to join), or a line saying what is wrong. */
  async start(ended: Ended | null = null, again = false): Promise<void> {
    try {
      const v = await unwrap(this.client.groups[':groupId'].visit.$get({ param: { groupId: this.groupId } }));
      if (!v.group) return void (this.phase.value = { t: 'problem', code: 'group_not_found' });
      if (v.member) return this.enter(v.group, v.member);
      this.phase.value = { t: 'visitor', about: v.group, waiting: v.waiting, ended };
      if (v.waiting) this.timers.later(() => void this.start(), this.env.waitPollMs ?? 15_000);
    } catch (e) {
      // The hub signed this device out and cleared its cookie with that answer: ask again, as a visitor.
      if (e instanceof UserError && e.code === 'token_expired' && !again) return this.start('expired', true);
      const code = !(e instanceof UserError) || e.code === 'hub_error' ? 'hub_unreachable' : e.code === 'bad_request' ? 'bad_group' : e.code;
      this.phase.value = { t: 'problem', code };
    }
  }

  /**
   * Joins with an invite for this group; the hub answers with the session cookie. An invite
   * for another hub or another group is not used: the answer says which (the view words it).
   */
  async join(link: string, name: string): Promise<'other_hub' | 'other_group' | null> {
    const invite = parseInviteLink(link, this.env.hub);
    if (!invite) throw new UserError('invite_link_invalid', 'That is not an invite link or code.');
    if (invite.hub !== this.env.hub) return 'other_hub';
    const { group } = await unwrap(this.client.join[':code'].$get({ param: { code: invite.code } }));
    if (group.id !== this.groupId) return 'other_group';
    const joined = await unwrap(this.client.join[':code'].$post({ param: { code: invite.code }, json: { name, session: 'cookie', site: this.env.site } }));
    await this.enter(joined.group, joined.member);
    return null;
  }

  /** Asks the moderators; the visitor then waits (and the panel asks again now and then). */
  async ask(name: string, message: string): Promise<void> {
    await unwrap(this.client.groups[':groupId'].requests.$post({ param: { groupId: this.groupId }, json: { name, message, session: 'cookie', site: this.env.site } }));
    await this.start();
  }

  private async enter(group: GroupPreview, member: Member): Promise<void> {
    if (this.closed) return;
    this.stopSync();
    const s = this.store;
    s.clear();
    s.groups.put({ id: group.id, name: group.name, topic: group.topic, memberLimit: group.memberLimit, updatedAt: this.env.now() });
    s.memberships.put({ groupId: group.id, hub: this.env.hub, memberId: member.id, role: member.role, memberCount: 0, seq: 0, endedAt: null, endedReason: null });
    this.caughtUp.value = false;
    this.phase.value = { t: 'member' };
    const local = new PanelSyncStore(s, this.env.hub);
    this.local = local;
    const cache = (await this.env.openCache?.(group.id, member.id).catch(() => null)) ?? null;
    const restored = (await cache?.restore(s).catch(() => false)) ?? false;
    if (this.local !== local) return cache?.close();
    local.cache = cache;
    // A first visit (nothing cached): the history it catches up with is not news.
    let cold = !restored;
    const core = new HubSync({
      hub: this.env.hub,
      store: local,
      // The cookie lets the socket in at the upgrade, and every request: nothing to say.
      auth: async () => ({ kind: 'cookie' }),
      fetch: this.env.fetch,
      WebSocket: this.env.WebSocket,
      now: () => this.env.now(),
      on: {
        synced: () => {
          // A first visit counts nothing as unread where the hub knows no read position (it told those before this).
          if (cold) for (const t of s.threads.all()) if (t.unread && t.readSeq === undefined) s.threads.update(t.id, { unread: 0 });
          cold = false;
          this.caughtUp.value = true;
        },
        ended: (_g, reason) => void this.end(reason),
        // Someone asked to join (told to owners and moderators only): the list is fetched again.
        requests: () => void this.refreshRequests().catch(() => undefined),
        // The session is gone (signed out elsewhere, or unused too long): the group's copy goes with it.
        unauthorized: (error) => void this.end(error.code === 'token_expired' ? 'expired' : 'signed-out'),
      },
    });
    this.core = core;
    core.follow(this.groupId);
  }

  private stopSync(): void {
    this.core?.close();
    this.core = null;
    this.local = null;
  }

  /** Left, removed or signed out: the group's content goes at once, and the panel shows the way in again. */
  async end(reason: Ended): Promise<void> {
    const cache = this.local?.cache ?? null;
    this.stopSync();
    this.store.clear();
    // Cleared, then closed before its next save: nothing of the group is left on disk.
    await cache?.clear().catch(() => undefined);
    cache?.close();
    if (!this.closed) await this.start(reason);
  }

  close(): void {
    this.closed = true;
    this.timers.clear();
    const cache = this.local?.cache;
    this.stopSync();
    cache?.close();
  }

  // ---- writes: the shared write functions, then the outbox goes --------------------------

  private me() {
    const m = this.store.memberships.get(this.groupId);
    if (!m || m.endedAt !== null || !this.local) throw new UserError('not_member', 'You are no longer a member of this group.');
    return m;
  }

  /** For the panel's lazily loaded writers (widget/panel/community.ts). */
  writeWith<R>(fn: (t: LocalTables, w: Writer) => Promise<R>): Promise<R> {
    return this.write(fn);
  }

  private async write<R>(fn: (t: LocalTables, w: Writer) => Promise<R>): Promise<R> {
    const me = this.me();
    const w: Writer = { hub: this.env.hub, groupId: this.groupId, memberId: me.memberId, now: this.env.now(), id: this.env.uuid };
    const r = await this.local!.write((t) => fn(t, w));
    void this.core?.flush();
    return r;
  }

  /** The thread for this page (or the creator's data-thread), made when missing; else the general discussion. */
  async openThread(context: PageContext | null): Promise<ThreadItem> {
    return toThreadItem(await this.write((t, w) => writes.openThread(t, w, context)));
  }

  async sendMessage(threadId: string, body: string): Promise<MessageItem> {
    const row = await this.write((t, w) => writes.postMessage(t, w, threadId, body));
    return toMessageItems([row], row.authorId, this.store.members.all())[0]!;
  }

  editMessage(id: string, body: string): Promise<void> {
    return this.write((t, w) => writes.editMessage(t, w, id, body));
  }

  deleteMessage(id: string): Promise<void> {
    return this.write((t, w) => writes.deleteMessage(t, w, id));
  }

  react(id: string, emoji: string, on: boolean): Promise<void> {
    return this.write((t, w) => writes.react(t, w, id, emoji, on));
  }

  retry(id: string): Promise<void> {
    return this.write((t, w) => writes.retryMessage(t, w, id));
  }

  discard(id: string): Promise<void> {
    return this.write((t) => writes.discardMessage(t, id));
  }

  markRead(threadId: string): Promise<void> {
    return this.write((t, w) => writes.markRead(t, w, threadId));
  }

  // ---- the group's people: looked at rarely, so their code loads when first used (widget/panel/people.ts)

  async invite(opts: { expiresInSeconds?: number; maxUses?: number | null }): Promise<InviteItem> {
    return (await import('./people')).invite(this, opts);
  }

  /** Join requests for moderators (not group events: fetched when the list is looked at). */
  async refreshRequests(): Promise<void> {
    if (this.me().role !== 'member') await (await import('./people')).refreshRequests(this);
  }

  async decide(requestId: string, decision: 'approve' | 'deny'): Promise<void> {
    await (await import('./people')).decide(this, requestId, decision);
  }

  async removeMember(memberId: string): Promise<{ revokedCodes: string[] }> {
    return (await import('./people')).removeMember(this, memberId);
  }

  /** Signs this device out on the hub (its token stops working, its cookie is cleared), then shows the way in again. */
  async signOut(): Promise<void> {
    await (await import('./people')).signOutHere(this);
    await this.end('signed-out');
  }

  async leave(): Promise<void> {
    await this.removeMember(this.me().memberId);
    await this.end('left');
  }
}
