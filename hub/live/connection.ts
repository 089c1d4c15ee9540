import type { WebSocket } from 'ws';
import { ClientMessage, LIVE_LIMITS, LiveClose, MAX_LIVE_GROUPS, type HubMessage, type LiveLimits } from '../../protocol';
import type { Clock } from '../clock';
import { TokenBuckets } from '../http/rate-limit';
import { standings } from '../store/access';
import { checkToken, hashSecret } from '../store/identity';
import { readPositions } from '../store/reads';
import type { Db } from '../store/store';
import type { CommunityNotice, MemberNotice } from '../store/write';
import type { Fanout, LiveConn } from './fanout';
import type { Checked } from './recheck';
import type { Seats } from './seats';

export interface LiveDeps {
  db: Db;
  fanout: Fanout;
  log: (line: string) => void;
  helloTimeoutMs: number;
  clock: Clock;
  tokenTtlMs: number;
  limits?: Partial<LiveLimits> | undefined;
  /** Live sockets per member (hub/live/seats.ts); none: no cap. */
  memberSeats?: Seats | undefined;
}

type Parsed = ReturnType<typeof ClientMessage.parse>;

/**
 * One client's WebSocket: authenticates, then follows the groups it asks for. What a client
 * can make the hub do is bounded per connection, whatever it sends: frames by a token
 * bucket, groups by MAX_LIVE_GROUPS, and memory by the bytes it leaves unread.
 */
export class LiveConnection implements LiveConn, Checked {
  memberId = '';
  tokenHash = '';
  private alive = true;
  private readonly groups = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private helloTimer: NodeJS.Timeout | undefined;
  private readonly limits: LiveLimits;
  private readonly frames: TokenBuckets;
  /** Held by one subscription's page at a time, so groups take turns at the socket. */
  private turnTail: Promise<unknown> = Promise.resolve();
  /** Settles once the latest frame is handed to the kernel (or the socket is gone). */
  private flushed: Promise<void> = Promise.resolve();
  private gone: Promise<void>;
  /** The member whose seat this socket holds, once authenticated within the cap. */
  private seated: string | undefined;
  /** The communities the member is in, with their role in each: who hears a community's join requests. */
  private communityRoles = new Map<string, string>();

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: LiveDeps,
    presetToken: string | undefined,
  ) {
    this.limits = { ...LIVE_LIMITS, ...deps.limits };
    this.frames = new TokenBuckets(this.limits.framesPerSecond, this.limits.frameBurst);
    this.gone = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data, isBinary) => this.receive(data.toString(), isBinary));
    ws.on('close', () => this.closed());
    ws.on('error', () => ws.terminate());
    ws.on('pong', () => {
      this.alive = true;
    });
    if (presetToken) this.enqueue(() => this.authenticate(presetToken));
    else this.helloTimer = setTimeout(() => this.fail('unauthorized', 'Say hello first.', LiveClose.helloTimeout), deps.helloTimeoutMs);
  }

  get frameBytes(): number {
    return this.limits.frameBytes;
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(msg: HubMessage): void {
    this.sendText(JSON.stringify(msg));
  }

  sendText(text: string): void {
    if (!this.open) return;
    this.flushed = new Promise((resolve) => this.ws.send(text, () => resolve()));
    // A client that stops reading would otherwise make the hub hold all it is sent.
    if (this.ws.bufferedAmount > this.limits.maxUnreadBytes) this.backOff('too much unread');
  }

  async room(): Promise<boolean> {
    while (this.open && this.ws.bufferedAmount > this.limits.pacedBytes) await Promise.race([this.flushed, this.gone]);
    return this.open;
  }

  turn<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turnTail.then(fn, fn);
    this.turnTail = run.catch(() => undefined);
    return run;
  }

  revoked(groupId: string): void {
    this.groups.delete(groupId);
  }

  /** Called every heartbeat: a peer that did not answer the last ping is gone. */
  beat(): void {
    if (!this.alive) return void this.ws.terminate();
    this.alive = false;
    this.ws.ping();
  }

  /** The heartbeat's recheck (hub/live/recheck.ts) found the device signed out or expired since hello. */
  signedOut(why: 'expired' | 'unknown'): void {
    if (why === 'expired') this.fail('token_expired', 'This device was not used for too long and was signed out; sign in again.', LiveClose.unauthorized);
    else this.fail('bad_token', 'This device was signed out.', LiveClose.unauthorized);
  }

  /** Closes the socket when the hub goes down. */
  shutdown(): void {
    this.ws.close(LiveClose.goingAway, 'hub shutting down');
  }

  private enqueue(fn: () => Promise<void>) {
    // One message at a time: a `sub` right after `hello` must see the member it authenticated.
    this.queue = this.queue.then(fn).catch((err: Error) => {
      this.deps.log(`live: ${err.message}`);
      this.fail('internal', 'Something went wrong on the hub.', 1011);
    });
  }

  private receive(text: string, isBinary: boolean) {
    if (!this.open) return;
    if (this.frames.take('') > 0) return this.backOff('too many frames');
    let msg: Parsed;
    try {
      if (isBinary) throw new Error('binary');
      msg = ClientMessage.parse(JSON.parse(text));
    } catch {
      this.fail('bad_request', 'Not a Nook live message.', LiveClose.badMessage);
      return;
    }
    this.enqueue(() => this.handle(msg));
  }

  private async handle(msg: Parsed) {
    if (!this.open) return;
    if (msg.t === 'ping') return this.send({ t: 'pong' });
    if (msg.t === 'hello') {
      if (!this.memberId) {
        if (!msg.token) return this.fail('unauthorized', 'hello needs a token.', LiveClose.unauthorized);
        await this.authenticate(msg.token);
        if (!this.memberId) return;
      }
      return this.subscribe(msg.groups);
    }
    if (!this.memberId) return this.fail('unauthorized', 'Say hello first.', LiveClose.unauthorized);
    if (msg.t === 'sub') return this.subscribe(msg.groups);
    for (const groupId of msg.groups) {
      this.groups.delete(groupId);
      this.deps.fanout.unsubscribe(this, groupId);
    }
  }

  private async authenticate(token: string) {
    clearTimeout(this.helloTimer);
    const found = await checkToken(this.deps.db, token, this.deps.clock.now(), this.deps.tokenTtlMs);
    if (found === 'expired') return this.fail('token_expired', 'This device was not used for too long and was signed out; sign in again.', LiveClose.unauthorized);
    if (found === 'unknown') return this.fail('bad_token', 'This token is not known to this hub.', LiveClose.unauthorized);
    if (!this.open) return;
    if (this.deps.memberSeats) {
      if (!this.deps.memberSeats.take(found.memberId)) return this.backOff('too many sockets for one member');
      this.seated = found.memberId;
    }
    this.memberId = found.memberId;
    this.tokenHash = hashSecret(token);
    this.deps.fanout.seat(this, true);
    // Seated in its communities before `ready`: what they hear from then on reaches this socket.
    await this.seatCommunities();
    if (!this.open) return;
    this.send({ t: 'ready', memberId: found.memberId });
  }

  private async subscribe(cursors: Record<string, number>) {
    const ids = Object.keys(cursors);
    const known = await standings(this.deps.db, this.memberId, ids);
    const active = ids.filter((id) => known.get(id)?.status === 'active');
    if (new Set([...this.groups, ...active]).size > MAX_LIVE_GROUPS) {
      return this.fail('bad_request', `One live connection follows at most ${MAX_LIVE_GROUPS} groups.`, LiveClose.badMessage);
    }
    for (const groupId of ids) {
      const standing = known.get(groupId);
      if (standing?.status !== 'active') {
        this.deps.fanout.unsubscribe(this, groupId);
        this.groups.delete(groupId);
        this.send({ t: 'revoked', group: groupId, reason: 'not_member' });
        continue;
      }
      this.groups.add(groupId);
      // A cursor beyond the head would skip events still to come, the member's own removal among them.
      this.deps.fanout.subscribe(this, groupId, Math.min(cursors[groupId]!, standing.head));
    }
    // Where this member has read, for the groups just followed: unread counts as on their other devices.
    if (active.length) this.queueMember(() => this.sendReads(active));
  }

  /** Refreshes already queued: another notice of the same kind before it runs adds nothing. */
  private queued = new Set<string>();
  memberChanged(what: MemberNotice): void {
    this.once(what, () => {
      if (what === 'reads') return this.sendReads([...this.groups]);
      if (what === 'requests') return this.sendRequests();
      return this.communitiesChanged();
    });
  }

  /**
   * A community of the member's changed: its groups (every member hears it), or the join
   * requests to them (its owner and moderators only, by the role read when it was seated).
   */
  communityChanged(communityId: string, what: CommunityNotice): void {
    this.once(`${what} ${communityId}`, async () => {
      if (!this.open) return;
      const role = this.communityRoles.get(communityId);
      if (!role || (what === 'requests' && role !== 'owner' && role !== 'moderator')) return;
      this.send({ t: 'community', community: communityId, what });
    });
  }

  private once(key: string, fn: () => Promise<void>): void {
    if (!this.open || !this.memberId || this.queued.has(key)) return;
    this.queued.add(key);
    this.queueMember(() => {
      this.queued.delete(key);
      return fn();
    });
  }

  /** Reads the communities the member is in and their role in each, and seats the socket in them. */
  private async seatCommunities(): Promise<void> {
    const rows = await this.deps.db.all<{ community_id: string; role: string }>(
      'SELECT community_id, role FROM community_members WHERE member_id = ?',
      [this.memberId],
    );
    if (!this.open) return;
    this.communityRoles = new Map(rows.map((r) => [r.community_id, r.role]));
    this.deps.fanout.seatIn(this, [...this.communityRoles.keys()]);
  }

  /** The member joined or left a community, or their role in one changed: seated anew, and the client told. */
  private async communitiesChanged(): Promise<void> {
    await this.seatCommunities();
    if (this.open) this.send({ t: 'communities' });
  }

  /** One member notice at a time, in order, off the frame handler. */
  private memberWork: Promise<void> = Promise.resolve();
  private queueMember(fn: () => Promise<void>) {
    this.memberWork = this.memberWork.then(fn).catch((err: Error) => this.deps.log(`live: member notice failed: ${err.message}`));
  }

  private async sendReads(groupIds: string[]) {
    if (!this.open || groupIds.length === 0) return;
    this.send({ t: 'reads', reads: await readPositions(this.deps.db, this.memberId, groupIds) });
  }

  /** The groups this socket follows where the member decides on requests. */
  private async sendRequests() {
    const ids = [...this.groups];
    if (!this.open || ids.length === 0) return;
    const rows = await this.deps.db.all<{ group_id: string }>(
      `SELECT group_id FROM memberships WHERE member_id = ? AND status = 'active' AND role IN ('owner', 'moderator')
       AND group_id IN (${ids.map(() => '?').join(', ')})`,
      [this.memberId, ...ids],
    );
    for (const r of rows) this.send({ t: 'requests', group: r.group_id });
  }

  /** Not the member's fault, not an error to show: the client comes back later and resumes. */
  private backOff(why: string) {
    if (!this.open) return;
    this.deps.log(`live: a connection was told to back off (${why})`);
    this.ws.close(LiveClose.backOff, 'back off');
  }

  private fail(code: string, message: string, closeCode: number) {
    if (!this.open) return;
    this.send({ t: 'error', error: { code, message } });
    this.ws.close(closeCode, code);
  }

  private closed() {
    clearTimeout(this.helloTimer);
    if (this.memberId) this.deps.fanout.seat(this, false);
    if (this.seated !== undefined) this.deps.memberSeats?.release(this.seated);
    this.seated = undefined;
    for (const groupId of this.groups) this.deps.fanout.unsubscribe(this, groupId);
    this.groups.clear();
  }
}
