import type { GroupEvent, HubMessage } from '../../protocol';
import { membership } from '../store/access';
import { pageAfter } from '../store/events';
import type { Queryable } from '../store/store';
import type { LiveMetrics } from '../ops/metrics';
import type { CommunityNotice, MemberNotice } from '../store/write';

/** One end of the live channel, as the fan-out sees it. */
export interface LiveConn {
  readonly memberId: string;
  /** How big one `events` frame may grow (LIVE_LIMITS.frameBytes). */
  readonly frameBytes: number;
  /** Small messages go at once; the connection closes itself rather than hold too much unread. */
  send(msg: HubMessage): void;
  /** A message already serialized (an `events` frame). */
  sendText(text: string): void;
  /** Resolves when the client has read enough of what it was sent (false: the socket is gone). */
  room(): Promise<boolean>;
  /** Runs fn when the connection's other subscriptions are done with the socket: one page at a time. */
  turn<T>(fn: () => Promise<T>): Promise<T>;
  /** The member lost the group: the connection forgets the subscription. */
  revoked(groupId: string): void;
  /** Something for this member's devices only changed (hub/store/write.ts MemberNotice). */
  memberChanged?(what: MemberNotice): void;
  /** Something changed in a community the member is in (the connection knows their role there). */
  communityChanged?(communityId: string, what: CommunityNotice): void;
}

/** One subscription's page of events: so many rows, and about so many bytes (long messages make fewer rows). */
export const PAGE = 500;
export const PAGE_BYTES = 256 * 1024;

type Page = { events: GroupEvent[]; more: boolean };

/**
 * Events in frames of about `frameBytes`, each serialized once: a page of long messages is
 * several frames, so the socket can be paced between them.
 */
function frames(groupId: string, events: GroupEvent[], frameBytes: number): { text: string; events: GroupEvent[] }[] {
  const head = `{"t":"events","group":${JSON.stringify(groupId)},"events":[`;
  const out: { text: string; events: GroupEvent[] }[] = [];
  let parts: string[] = [];
  let batch: GroupEvent[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length) out.push({ text: `${head}${parts.join(',')}]}`, events: batch });
    parts = [];
    batch = [];
    size = 0;
  };
  for (const e of events) {
    const text = JSON.stringify(e);
    if (size > 0 && size + text.length > frameBytes) flush();
    parts.push(text);
    batch.push(e);
    size += text.length + 1;
  }
  flush();
  return out;
}

/**
 * One member's subscription to one group. Everything it sends comes from the database,
 * read after its cursor, so whether a notice is early, late, doubled or lost, the client
 * gets each event exactly once and in order.
 */
class Subscription {
  private pumping = false;
  private again = false;
  private synced = false;
  closed = false;

  constructor(
    private readonly fanout: Fanout,
    readonly conn: LiveConn,
    readonly groupId: string,
    public cursor: number,
  ) {}

  async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        // Between pages the hub's other work runs: a page is synchronous SQLite reads and a
        // socket write that does not wait while the client keeps up, so a long history sent
        // without a pause would hold the event loop, and every request (this member's own
        // GET /me, others' posts) would wait until it ended.
        while (await this.conn.turn(() => this.page())) await new Promise<void>((go) => setImmediate(go));
      } while (this.again && !this.closed);
      if (!this.synced && !this.closed) {
        this.synced = true;
        this.conn.send({ t: 'synced', group: this.groupId, seq: this.cursor });
      }
    } catch (err) {
      this.fanout.log(`live: pump ${this.groupId}: ${(err as Error).message}`);
    } finally {
      this.pumping = false;
    }
  }

  /**
   * One page, read only once the client has room for it: a replaced or ended subscription
   * waiting for its turn reads nothing, and no page sits in memory for a client that does
   * not read. True when there may be more.
   */
  private async page(): Promise<boolean> {
    if (this.closed || !(await this.conn.room()) || this.closed) return false;
    const { events, more } = await this.fanout.read(this.groupId, this.cursor);
    if (this.closed || events.length === 0) return false;
    await this.deliver(events);
    return !this.closed && more;
  }

  private async deliver(events: GroupEvent[]) {
    const fresh = events.filter((e) => e.seq > this.cursor);
    for (let i = 0; i < fresh.length; i++) {
      const e = fresh[i]!;
      const gone = (e.kind === 'member.removed' || e.kind === 'member.left') && e.data.memberId === this.conn.memberId;
      if (gone && !(await this.fanout.isActive(this.groupId, this.conn.memberId))) {
        await this.send(fresh.slice(0, i + 1));
        this.fanout.revoke(this, e.kind === 'member.left' ? 'left' : 'removed');
        return;
      }
    }
    await this.send(fresh);
  }

  private async send(events: GroupEvent[]) {
    for (const frame of frames(this.groupId, events, this.conn.frameBytes)) {
      if (this.closed || !(await this.conn.room()) || this.closed) return;
      this.cursor = frame.events.at(-1)!.seq;
      this.fanout.metrics?.delivered(frame.events.length);
      this.conn.sendText(frame.text);
    }
  }
}

/** The live subscriptions of one hub instance, by group. */
export class Fanout {
  private channels = new Map<string, Map<LiveConn, Subscription>>();
  /** Authenticated connections by member, for what only that member's devices hear. */
  private members = new Map<string, Set<LiveConn>>();
  /** Authenticated connections by the communities their member is in, for what its members hear. */
  private communities = new Map<string, Set<LiveConn>>();
  private seatedIn = new Map<LiveConn, readonly string[]>();
  private reads = new Map<string, Promise<Page>>();
  metrics?: LiveMetrics;

  constructor(
    private readonly db: Queryable,
    readonly log: (line: string) => void,
  ) {}

  subscribe(conn: LiveConn, groupId: string, after: number): void {
    let channel = this.channels.get(groupId);
    if (!channel) this.channels.set(groupId, (channel = new Map()));
    const previous = channel.get(conn);
    if (previous) previous.closed = true;
    const sub = new Subscription(this, conn, groupId, after);
    channel.set(conn, sub);
    void sub.pump();
  }

  unsubscribe(conn: LiveConn, groupId: string): void {
    const channel = this.channels.get(groupId);
    const sub = channel?.get(conn);
    if (!channel || !sub) return;
    sub.closed = true;
    channel.delete(conn);
    if (channel.size === 0) this.channels.delete(groupId);
  }

  /** A group has events up to `seq` (from this instance or, through the bus, another). */
  notify(groupId: string, seq: number): void {
    const channel = this.channels.get(groupId);
    if (!channel) return;
    for (const sub of channel.values()) if (sub.cursor < seq) void sub.pump();
  }

  /** A connection says who it is (after hello) or goes: it hears its member's own notices meanwhile. */
  seat(conn: LiveConn, on: boolean): void {
    let set = this.members.get(conn.memberId);
    if (on) {
      if (!set) this.members.set(conn.memberId, (set = new Set()));
      set.add(conn);
    } else {
      if (set) {
        set.delete(conn);
        if (set.size === 0) this.members.delete(conn.memberId);
      }
      this.seatIn(conn, []);
    }
  }

  /** The communities a connection's member is in now (read by the connection after hello, and again when they change). */
  seatIn(conn: LiveConn, communityIds: readonly string[]): void {
    for (const id of this.seatedIn.get(conn) ?? []) {
      const set = this.communities.get(id);
      set?.delete(conn);
      if (set?.size === 0) this.communities.delete(id);
    }
    if (communityIds.length === 0) return void this.seatedIn.delete(conn);
    this.seatedIn.set(conn, communityIds);
    for (const id of communityIds) {
      let set = this.communities.get(id);
      if (!set) this.communities.set(id, (set = new Set()));
      set.add(conn);
    }
  }

  /** A member's read positions, join requests or communities changed (here, or through the bus on another instance). */
  tellMember(memberId: string, what: MemberNotice): void {
    for (const conn of this.members.get(memberId) ?? []) conn.memberChanged?.(what);
  }

  /** A community's groups, or the join requests to them, changed: each of its members' connections decides what it says. */
  tellCommunity(communityId: string, what: CommunityNotice): void {
    for (const conn of this.communities.get(communityId) ?? []) conn.communityChanged?.(communityId, what);
  }

  /** After notices may have been lost: every subscription looks again. */
  resync(): void {
    for (const channel of this.channels.values()) for (const sub of channel.values()) void sub.pump();
    // Member notices may have been lost too: each seated socket hears where its member stands,
    // and looks again at the communities its member is in (and tells its client to).
    for (const conns of this.members.values()) {
      for (const conn of conns) {
        conn.memberChanged?.('reads');
        conn.memberChanged?.('communities');
      }
    }
  }

  /** Safety net for lost notices: compares each followed group's head with its subscribers. */
  async sweep(): Promise<void> {
    for (const groupId of [...this.channels.keys()]) {
      const row = await this.db.one<{ seq: number }>('SELECT seq FROM groups WHERE id = ?', [groupId]);
      if (row) this.notify(groupId, row.seq);
    }
  }

  /** Subscribers at the same cursor share one read. */
  read(groupId: string, after: number): Promise<Page> {
    const key = `${groupId} ${after}`;
    let pending = this.reads.get(key);
    if (!pending) {
      pending = pageAfter(this.db, groupId, after, PAGE, PAGE_BYTES).finally(() => this.reads.delete(key));
      this.reads.set(key, pending);
    }
    return pending;
  }

  async isActive(groupId: string, memberId: string): Promise<boolean> {
    return (await membership(this.db, groupId, memberId))?.status === 'active';
  }

  revoke(sub: Subscription, reason: 'removed' | 'left'): void {
    this.unsubscribe(sub.conn, sub.groupId);
    sub.conn.revoked(sub.groupId);
    sub.conn.send({ t: 'revoked', group: sub.groupId, reason });
  }
}
