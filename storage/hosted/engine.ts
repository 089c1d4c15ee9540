import type { GroupEvent } from '../../protocol/events';
import { HubSync, type SyncTiming } from '../../sync/hub-sync';
import { communityOps } from '../../sync/outbox/community';
import { provideCommunityOps } from '../../sync/outbox/registry';
import type { SocketClass } from '../../sync/link';
import { zodValidate } from '../../sync/validate';
import type { NookDB } from '../db';
import { dexieSyncStore } from '../sync-store';
import { isSecureHub } from '../validate';
import { unreadTotal } from './queries';

export interface SyncEnv {
  fetch: typeof fetch;
  WebSocket: SocketClass;
  now(): number;
  /** Told after each change that may move the unread count (the toolbar badge). */
  onUnread?(total: number): void;
  /** A group this member decides on has a new join request (told live by the hub). */
  onRequests?(groupId: string): void;
  /**
   * A community the member is in changed on this hub: its groups, or the join requests to them
   * (its owner and moderators hear those); `communityId` null: the member's own communities.
   */
  onCommunity?(hub: string, communityId: string | null, what: 'communities' | 'groups' | 'requests'): void;
  /** A batch of a group's events was applied (notifications look at it); `replay`: a first sync, nothing in it is news. */
  onEvents?(groupId: string, events: GroupEvent[], replay: boolean): void;
  /** Tests shorten the waits; the background uses the core's own. */
  timing?: Partial<SyncTiming>;
}

// The background is a service worker, where import() is refused: its outbox has every sender from the start.
provideCommunityOps(async () => communityOps);

const INSECURE = { code: 'hub_insecure', message: 'Plain http:// is allowed only for a hub on this computer.' };

/**
 * The background's side of the sync core (sync/hub-sync.ts): one HubSync per hub over the
 * member's Dexie database, let in by the bearer token stored for that hub.
 */
export class SyncEngine {
  private hubs = new Map<string, HubSync>();
  constructor(
    readonly db: NookDB,
    readonly env: SyncEnv,
  ) {}

  /** Connects to every hub the member belongs to (the background calls this when it starts). */
  async start(): Promise<void> {
    const active = (await this.db.memberships.toArray()).filter((m) => m.endedAt === null);
    await Promise.all([...new Set(active.map((m) => m.hub))].map((hub) => this.sync(hub).start()));
    // A hub where the member is in a community, though in none of its groups, is heard of too.
    for (const row of await this.db.hubs.toArray()) if (row.communities?.length) this.listen(row.url);
  }

  /** Keeps a socket to the hub though no group there is followed (the member's communities live there). */
  listen(hub: string): void {
    if (isSecureHub(hub)) this.sync(hub).listen();
  }

  private sync(hub: string): HubSync {
    let s = this.hubs.get(hub);
    if (s) return s;
    s = new HubSync({
      hub,
      store: dexieSyncStore(this.db),
      // A plain http hub off this computer, stored before they were refused: no token goes there.
      auth: async () => {
        if (!isSecureHub(hub)) return null;
        const me = await this.db.hubs.get(hub);
        return me ? { kind: 'bearer', token: me.token } : null;
      },
      fetch: this.env.fetch,
      WebSocket: this.env.WebSocket,
      now: () => this.env.now(),
      validate: zodValidate,
      timing: this.env.timing,
      on: {
        applied: (groupId, _count, events, replay) => {
          void this.notifyUnread();
          this.env.onEvents?.(groupId, events, replay);
        },
        ended: () => void this.notifyUnread(),
        read: () => void this.notifyUnread(),
        requests: (groupId) => this.env.onRequests?.(groupId),
        community: (communityId, what) => this.env.onCommunity?.(hub, communityId, what),
      },
    });
    this.hubs.set(hub, s);
    if (!isSecureHub(hub)) void this.db.hubStatus.put({ hub, state: 'offline', behind: 0, pending: 0, error: INSECURE, since: this.env.now() });
    return s;
  }

  /** A new group (created or joined) on a hub: follow it live. */
  follow(hub: string, groupId: string): void {
    this.sync(hub).follow(groupId);
  }

  /** This device has a new token for the hub (joined anew, or linked): a new socket with it. */
  reconnect(hub: string): void {
    this.sync(hub).reconnect();
  }

  /** Something was written to the outbox: send it now if the hub is there. */
  kick(hub: string): void {
    void this.sync(hub).flush();
  }

  /** The member left or was removed: stop following the group. */
  unfollow(hub: string, groupId: string): void {
    this.hubs.get(hub)?.unfollow(groupId);
  }

  async notifyUnread(): Promise<void> {
    this.env.onUnread?.(await unreadTotal(this.db));
  }

  stop(): void {
    for (const s of this.hubs.values()) s.close();
    this.hubs.clear();
  }
}
