import { hubClient, unwrap, type HubClient } from './client';
import type { EventPage, GroupEvent } from '../protocol/events';
import { UserError } from '../protocol/errors';
import type { HubStatus } from './types';
import { asError, isTransient } from './errors';
import { LINK_TIMING, LiveLink, type LinkAuth, type LinkTiming, type SocketClass } from './link';
import { opHandlerOf } from './outbox/registry';
import { applyReadPositions } from './reads';
import type { ReadPosition } from '../protocol/reads';
import type { SyncStore } from './store';
import type { ErrorInfo, HubMessage } from './wire';

export interface SyncTiming extends LinkTiming {
  /** First delay before a write the hub could not take is tried again (doubling, up to maxBackoffMs). */
  retryMs: number;
  /** Events per page when a gap is filled over HTTP. */
  pageSize: number;
}

/** What the hub sends, checked (the background: zod, sync/validate.ts) or trusted (the panel: its own hub). */
export interface Validate {
  live(raw: unknown): HubMessage | null;
  page(raw: unknown): EventPage | null;
}
const trusted: Validate = { live: (raw) => raw as HubMessage, page: (raw) => raw as EventPage };

export interface HubSyncOptions {
  /** The hub's address, without a trailing slash. */
  hub: string;
  store: SyncStore;
  /** Who this device is on the hub, read at every connect and request; null: nobody (yet). */
  auth(): Promise<LinkAuth | null>;
  fetch: typeof fetch;
  WebSocket: SocketClass;
  now(): number;
  validate?: Validate;
  timing?: Partial<SyncTiming>;
  random?(): number;
  /** Told after the store changed, for what each side shows beyond its tables (the toolbar badge, the panel's phase). */
  on?: {
    /**
     * Events newly applied to a group, in order (already-held ones left out); `replay` while the
     * device catches up from nothing (a first sync of the group: its whole history, nothing new).
     */
    applied?(groupId: string, count: number, events: GroupEvent[], replay: boolean): void;
    synced?(groupId: string): void;
    ended?(groupId: string, reason: 'left' | 'removed'): void;
    /** The hub no longer lets this device in (the token or session is gone or expired): the member signs in again. */
    unauthorized?(error: ErrorInfo): void;
    /** Read positions changed unread counts (the member read on another device). */
    read?(): void;
    /** A group's join requests changed (for its owners and moderators). */
    requests?(groupId: string): void;
    /**
     * A community the member is in changed: its groups, or (for its owner and moderators) the
     * join requests to them; `communityId` null: the member's own communities (joined, left, a role).
     */
    community?(communityId: string | null, what: 'communities' | 'groups' | 'requests'): void;
  };
}

const TIMING = { retryMs: 1000, pageSize: 500 };
/** Refusals that say this device is signed out: its writes wait for the member to sign in again, none is failed. */
const SIGNED_OUT = new Set(['bad_token', 'token_expired']);

/**
 * Everything the member's device keeps in step with one hub: the groups it follows and the
 * last event number of each, the events (live, and paged over HTTP where a number is
 * missing), and the outbox, sent in order. One live connection (sync/link.ts) per hub.
 */
export class HubSync {
  readonly hub: string;
  private readonly link: LiveLink;
  private readonly validate: Validate;
  private readonly timing: typeof TIMING & { maxBackoffMs: number };
  /** Events still to come per group, for "catching up (N to go)". */
  private behind = new Map<string, number>();
  /** Groups the current socket follows (said in hello, or subscribed since): a follow() for one of them sends nothing. */
  private following = new Set<string>();
  /** Groups followed since the socket's hello was written, or before the socket is up: subscribed once it is. */
  private wanted = new Set<string>();
  private online = false;
  private closed = false;
  /** Who this device is on the hub, as its `ready` said. */
  private memberId: string | null = null;
  /**
   * The read positions the hub told, by thread: they may come before the thread's own events
   * (a device catching up), so each group's are applied again once it is in step.
   */
  private reads = new Map<string, ReadPosition>();
  /** Groups this device is catching up on from nothing, until the hub says they are in step. */
  private replaying = new Set<string>();
  private error: ErrorInfo | null = null;
  private flushing: Promise<void> | null = null;
  private nudged = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly o: HubSyncOptions) {
    this.hub = o.hub;
    this.validate = o.validate ?? trusted;
    this.timing = { ...TIMING, maxBackoffMs: LINK_TIMING.maxBackoffMs, ...o.timing };
    this.link = new LiveLink({
      hub: o.hub,
      WebSocket: o.WebSocket,
      auth: o.auth,
      cursors: async () => {
        const cursors = await o.store.cursors(this.hub);
        this.following = new Set(Object.keys(cursors));
        return cursors;
      },
      greeted: () => void this.subscribeWanted(),
      parse: (raw) => this.validate.live(raw),
      receive: (m) => this.receive(m),
      connecting: () => void this.status('connecting'),
      down: (error) => {
        this.online = false;
        void this.status('offline', error);
      },
      unauthorized: (error) => this.signedOut(error),
      timing: o.timing,
      random: o.random,
    });
  }

  /** Connects when the device follows a group on this hub. */
  async start(): Promise<void> {
    if (Object.keys(await this.o.store.cursors(this.hub)).length > 0) this.link.open();
  }

  /** Connects even without a group to follow: the member's communities on this hub are heard of live too. */
  listen(): void {
    if (!this.closed) this.link.open();
  }

  /** A group joined or created on this hub: follow it live (its membership is already stored). */
  follow(groupId: string): void {
    if (this.closed) return;
    this.wanted.add(groupId);
    this.link.open();
    // Before hello, the hello says it (or, read a moment too early, the subscription right after it).
    if (this.link.ready) void this.subscribeWanted();
  }

  private async subscribeWanted(): Promise<void> {
    for (const groupId of [...this.wanted]) {
      this.wanted.delete(groupId);
      if (this.following.has(groupId)) continue;
      const seq = await this.o.store.cursor(groupId);
      if (seq === null || this.following.has(groupId)) continue;
      this.following.add(groupId);
      this.link.send({ t: 'sub', groups: { [groupId]: seq } });
    }
  }

  /** The member left: stop following the group. */
  unfollow(groupId: string): void {
    this.following.delete(groupId);
    this.forgetReads(groupId);
    this.wanted.delete(groupId);
    this.behind.delete(groupId);
    this.link.send({ t: 'unsub', groups: [groupId] });
  }

  /** The credentials changed (a new token for this hub): a new socket with them. */
  reconnect(): void {
    if (!this.closed) this.link.reconnect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.link.close();
  }

  private async client(): Promise<HubClient | null> {
    const auth = await this.o.auth();
    if (!auth) return null;
    return auth.kind === 'bearer'
      ? hubClient(this.hub, { token: auth.token, fetch: this.o.fetch })
      : hubClient(this.hub, { fetch: this.o.fetch, credentials: 'include' });
  }

  private behindTotal(): number {
    return [...this.behind.values()].reduce((a, b) => a + b, 0);
  }

  private async status(state: HubStatus['state'], error: ErrorInfo | null = null): Promise<void> {
    if (this.closed) return;
    this.error = error;
    const s: HubStatus = { hub: this.hub, state, behind: this.behindTotal(), pending: 0, error, since: this.o.now() };
    await this.o.store.status(s).catch(() => undefined);
  }

  private caughtUpStatus(): Promise<void> {
    return this.status(this.behindTotal() > 0 ? 'catching-up' : 'online', this.error);
  }

  private async receive(m: HubMessage): Promise<void> {
    if (this.closed) return;
    switch (m.t) {
      case 'ready':
        this.online = true;
        this.error = null;
        this.memberId = m.memberId;
        await this.measureBehind();
        await this.caughtUpStatus();
        void this.flush();
        return;
      case 'events':
        return this.apply(m.group, m.events);
      case 'synced':
        this.behind.set(m.group, 0);
        this.replaying.delete(m.group);
        await this.applyReads([...this.reads.values()].filter((r) => r.groupId === m.group));
        await this.caughtUpStatus();
        this.o.on?.synced?.(m.group);
        return;
      case 'revoked':
        return this.end(m.group, m.reason === 'left' ? 'left' : 'removed');
      case 'error':
        await this.status(this.online ? (this.behindTotal() > 0 ? 'catching-up' : 'online') : 'offline', m.error);
        return;
      case 'reads': {
        // Only this hub's groups that this device follows: a hub cannot move another hub's counts.
        const ours = m.reads.filter((r) => this.following.has(r.groupId));
        for (const r of ours) if ((this.reads.get(r.threadId)?.seq ?? 0) < r.seq) this.reads.set(r.threadId, r);
        return this.applyReads(ours);
      }
      case 'requests':
        this.o.on?.requests?.(m.group);
        return;
      case 'communities':
        this.o.on?.community?.(null, 'communities');
        return;
      case 'community':
        this.o.on?.community?.(m.community, m.what);
        return;
      case 'pong':
        return;
    }
  }

  private async apply(groupId: string, events: GroupEvent[]): Promise<void> {
    // Frames are handled one at a time (sync/link.ts), so nothing moves the number between this read and the batch.
    const from = (await this.o.store.cursor(groupId)) ?? 0;
    if (from === 0) this.replaying.add(groupId);
    const r = await this.o.store.applyEvents(groupId, events);
    let applied = r.applied;
    if (r.ended) return this.end(groupId, r.ended);
    // Applied events run on from the number held, one each: those are the ones just applied.
    const fresh = events.filter((e) => e.groupId === groupId && e.seq > from && e.seq <= from + r.applied);
    if (r.gap) {
      const paged = await this.page(groupId, fresh).catch(() => 0);
      if (paged === null) return;
      applied += paged;
    }
    this.behind.set(groupId, Math.max(0, (this.behind.get(groupId) ?? 0) - applied));
    if (applied > 0) {
      await this.caughtUpStatus();
      this.o.on?.applied?.(groupId, applied, fresh, this.replaying.has(groupId));
    }
  }

  private forgetReads(groupId: string): void {
    for (const [thread, r] of this.reads) if (r.groupId === groupId) this.reads.delete(thread);
  }

  private async applyReads(reads: ReadPosition[]): Promise<void> {
    const memberId = this.memberId;
    if (!memberId || reads.length === 0) return;
    const changed = await this.o.store.write((t) => applyReadPositions(t, reads, memberId));
    if (changed > 0) this.o.on?.read?.();
  }

  /** Fills a gap from the hub's event log, adding what it applied to `into`; answers how many (null: the membership ended). */
  private async page(groupId: string, into: GroupEvent[] = []): Promise<number | null> {
    const client = await this.client();
    if (!client) return 0;
    let applied = 0;
    for (;;) {
      const after = await this.o.store.cursor(groupId);
      if (after === null) return null;
      const answer = await unwrap(
        client.groups[':groupId'].events.$get({ param: { groupId }, query: { after: String(after), limit: String(this.timing.pageSize) } }),
      );
      const page = this.validate.page(answer);
      if (!page) return applied;
      const r = await this.o.store.applyEvents(groupId, page.events);
      applied += r.applied;
      into.push(...page.events.filter((e) => e.groupId === groupId && e.seq > after && e.seq <= after + r.applied));
      if (r.ended) {
        await this.end(groupId, r.ended);
        return null;
      }
      if (!page.more || page.events.length === 0 || r.applied === 0) return applied;
    }
  }

  /** How far each group is behind the hub; a courtesy for the status line, the events come anyway. */
  private async measureBehind(): Promise<void> {
    try {
      const client = await this.client();
      if (!client) return;
      const me = await unwrap(client.me.$get());
      for (const { group } of me.groups) {
        const seq = await this.o.store.cursor(group.id);
        if (seq !== null) this.behind.set(group.id, Math.max(0, group.seq - seq));
      }
    } catch {
      /* as said */
    }
  }

  private async end(groupId: string, reason: 'left' | 'removed'): Promise<void> {
    // The member's own removal event and the hub's `revoked` both say it: once is enough.
    if ((await this.o.store.cursor(groupId)) === null) return;
    this.behind.delete(groupId);
    this.following.delete(groupId);
    this.forgetReads(groupId);
    await this.o.store.endMembership(groupId, reason, this.o.now());
    this.o.on?.ended?.(groupId, reason);
  }

  /** Sends the outbox in order; stops at the first write the hub cannot take yet. */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    // Nudged while a send is under way: that send may already have found the queue empty.
    if (this.flushing) {
      this.nudged = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let emptied: boolean;
      do {
        this.nudged = false;
        emptied = await this.drain();
      } while (emptied && this.nudged && !this.closed);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Answers whether it emptied the queue; a write it stopped at waits for its own retry. */
  private async drain(): Promise<boolean> {
    const client = await this.client();
    if (!client) return false;
    let last: number | undefined;
    for (;;) {
      if (this.closed) return false;
      // The oldest row, read again each time: an answer may have changed the ones behind it (a merged thread).
      const [row] = await this.o.store.pending(this.hub);
      if (!row) return true;
      if (row.n === last) return false;
      last = row.n;
      const op = opHandlerOf(row);
      // A write of a newer version of Nook: it waits for that version.
      if (!op) return false;
      let done: Awaited<ReturnType<typeof op.send>>;
      try {
        done = await op.send(client, row);
      } catch (e) {
        if (this.closed) return false;
        if (isTransient(e)) {
          await this.later(row.n!, row.attempts);
          return false;
        }
        if (e instanceof UserError && SIGNED_OUT.has(e.code)) {
          await this.signedOut(asError(e));
          return false;
        }
        await this.o.store.write(async (t) => {
          await t.outbox.delete(row.n!);
          await op.refused?.(t, row, asError(e));
        });
        continue;
      }
      await this.o.store.write(async (t) => {
        await t.outbox.delete(row.n!);
        if (done) await done(t);
      });
    }
  }

  private async signedOut(error: ErrorInfo): Promise<void> {
    this.online = false;
    await this.status('offline', error);
    this.o.on?.unauthorized?.(error);
  }

  /** Not taken yet: counted, and tried again after a while (or when the socket is back, which flushes). */
  private async later(n: number, attempts: number): Promise<void> {
    await this.o.store.bump(n, attempts + 1);
    if (this.closed) return;
    if (!this.link.ready) return this.link.open();
    clearTimeout(this.retry);
    const delay = Math.min(this.timing.maxBackoffMs, this.timing.retryMs * 2 ** Math.min(attempts, 5));
    this.retry = setTimeout(() => void this.flush(), delay);
  }
}
