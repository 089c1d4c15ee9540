import { hubClient, unwrap } from '../../protocol/client';
import { HubMessage, LIVE_PATH, LIVE_PROTOCOL, LiveClose, type ClientMessage } from '../../protocol/live';
import type { NookDB } from '../db';
import { isSecureHub } from '../validate';
import type { HubStatus } from '../hosted-types';
import { applyEvents } from './apply';
import { asError, isTransient } from './errors';
import { endMembership } from './membership';
import { pendingFor } from './outbox';
import { sendOp } from './send';
import type { HubRow, OutboxRow } from './rows';
import { unreadTotal } from './queries';

export interface SyncEnv {
  fetch: typeof fetch;
  WebSocket: { new (url: string, protocols?: string | string[]): WebSocket };
  now(): number;
  /** Told after each change that may move the unread count (the toolbar badge). */
  onUnread?(total: number): void;
}

const PING_MS = 20_000;
const MAX_BACKOFF_MS = 30_000;
/** After LiveClose.backOff the first retry waits about 500 ms * 2^this: 2 s, then longer. */
const BACK_OFF_ATTEMPT = 2;
const PAGE = 500;

/**
 * One live connection per hub for every tab. It resumes each group from the last event
 * number held locally, so nothing is missed across reconnects, sleeps or hub restarts, and
 * it sends the outbox in order whenever the hub is reachable.
 */
export class SyncEngine {
  private conns = new Map<string, HubConnection>();
  constructor(
    readonly db: NookDB,
    readonly env: SyncEnv,
  ) {}

  /** Connects to every hub the member belongs to (the background calls this when it starts). */
  async start(): Promise<void> {
    const active = (await this.db.memberships.toArray()).filter((m) => m.endedAt === null);
    for (const hub of new Set(active.map((m) => m.hub))) this.connection(hub).open();
  }

  connection(hub: string): HubConnection {
    let c = this.conns.get(hub);
    if (!c) {
      c = new HubConnection(this, hub);
      this.conns.set(hub, c);
    }
    return c;
  }

  /** A new group (created or joined) on a hub: follow it live. */
  follow(hub: string, groupId: string): void {
    this.connection(hub).follow(groupId);
  }

  /** Something was written to the outbox: send it now if the hub is there. */
  kick(hub: string): void {
    void this.connection(hub).flush();
  }

  /** The member left or was removed: stop following the group. */
  unfollow(hub: string, groupId: string): void {
    this.conns.get(hub)?.unfollow(groupId);
  }

  async notifyUnread(): Promise<void> {
    this.env.onUnread?.(await unreadTotal(this.db));
  }

  stop(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }
}

export class HubConnection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private behind = new Map<string, number>();
  private online = false;
  private inbox: Promise<void> = Promise.resolve();
  /** What the hub said before it closed the socket (token_expired, bad_token): shown as the reason. */
  private refusal: HubStatus['error'] = null;

  constructor(
    private engine: SyncEngine,
    readonly hub: string,
  ) {}

  private get db() {
    return this.engine.db;
  }

  /** Nothing (no token, no socket) for a plain http hub off this computer, stored before they were refused. */
  private async identity(): Promise<HubRow | undefined> {
    if (!isSecureHub(this.hub)) return undefined;
    return this.db.hubs.get(this.hub);
  }

  private async status(state: HubStatus['state'], error: HubStatus['error'] = null): Promise<void> {
    const behind = [...this.behind.values()].reduce((a, b) => a + b, 0);
    await this.db.hubStatus.put({ hub: this.hub, state, behind, pending: 0, error, since: this.engine.env.now() });
  }

  open(): void {
    if (this.ws || this.closed) return;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (!isSecureHub(this.hub)) return this.status('offline', { code: 'hub_insecure', message: 'Plain http:// is allowed only for a hub on this computer.' });
    const me = await this.identity();
    if (!me || this.closed) return;
    await this.status('connecting');
    const url = `${this.hub.replace(/^http/, 'ws')}${LIVE_PATH}`;
    let ws: WebSocket;
    try {
      ws = new this.engine.env.WebSocket(url, [LIVE_PROTOCOL]);
    } catch (e) {
      await this.status('offline', asError(e));
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = async () => {
      const groups = Object.fromEntries(
        (await this.db.memberships.where('hub').equals(this.hub).toArray()).filter((m) => m.endedAt === null).map((m) => [m.groupId, m.seq]),
      );
      this.send({ t: 'hello', token: me.token, groups });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ t: 'ping' }), PING_MS);
    };
    // One frame at a time, in order: each batch is applied (and visible) before the next is read.
    ws.onmessage = (ev) => {
      const raw = String(ev.data);
      this.inbox = this.inbox.then(() => this.receive(raw)).catch((e) => console.error('[nook] sync', e));
    };
    ws.onclose = (ev) => {
      clearInterval(this.pingTimer);
      this.ws = null;
      this.online = false;
      if (this.closed) return;
      const unauthorized = ev.code === LiveClose.unauthorized;
      // After the frames before the close are read: the hub's own reason (token_expired) wins.
      this.inbox = this.inbox.then(async () => {
        const reason = this.refusal ?? { code: 'unauthorized', message: 'The hub no longer knows this device.' };
        this.refusal = null;
        await this.status('offline', unauthorized ? reason : null);
        // A token the hub refuses stays refused: nothing to retry until the member signs in
        // again (joining or linking opens the connection anew, with the new token).
        if (unauthorized && (reason.code === 'token_expired' || reason.code === 'bad_token')) return;
        // Told to back off (too much at once): no error, but not straight back either; hello resumes from the last event.
        if (ev.code === LiveClose.backOff) this.attempt = Math.max(this.attempt, BACK_OFF_ATTEMPT);
        this.scheduleReconnect(unauthorized);
      });
    };
    ws.onerror = () => undefined;
  }

  private scheduleReconnect(slow = false): void {
    clearTimeout(this.retryTimer);
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt++);
    const delay = (slow ? MAX_BACKOFF_MS : base) * (0.75 + Math.random() * 0.5);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private send(m: ClientMessage): void {
    if (this.ws?.readyState === 1) this.ws.send(JSON.stringify(m));
  }

  follow(groupId: string): void {
    if (!this.ws) return this.open();
    void this.db.memberships.get(groupId).then((m) => {
      if (m) this.send({ t: 'sub', groups: { [groupId]: m.seq } });
    });
  }

  unfollow(groupId: string): void {
    this.send({ t: 'unsub', groups: [groupId] });
    this.behind.delete(groupId);
  }

  private async receive(raw: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return;
    }
    // The hub is another party: what it sends is checked before it is stored.
    const msg = HubMessage.safeParse(parsed);
    if (!msg.success) return;
    const m = msg.data;
    switch (m.t) {
      case 'ready':
        this.attempt = 0;
        this.online = true;
        await this.measureBehind();
        await this.status(this.behindTotal() > 0 ? 'catching-up' : 'online');
        void this.flush();
        break;
      case 'events': {
        const r = await applyEvents(this.db, m.group, m.events);
        if (r.gap) await this.page(m.group);
        if (r.ended) await this.end(m.group, r.ended);
        const left = Math.max(0, (this.behind.get(m.group) ?? 0) - r.applied);
        this.behind.set(m.group, left);
        if (r.applied) {
          await this.status(this.behindTotal() > 0 ? 'catching-up' : 'online');
          await this.engine.notifyUnread();
        }
        break;
      }
      case 'synced':
        this.behind.set(m.group, 0);
        await this.status(this.behindTotal() > 0 ? 'catching-up' : 'online');
        break;
      case 'revoked':
        await this.end(m.group, m.reason === 'left' ? 'left' : 'removed');
        break;
      case 'error':
        this.refusal = m.error;
        await this.status(this.online ? 'online' : 'offline', m.error);
        break;
      case 'pong':
        break;
    }
  }

  private behindTotal(): number {
    return [...this.behind.values()].reduce((a, b) => a + b, 0);
  }

  /** How far each group is behind the hub, for "catching up (N to go)". */
  private async measureBehind(): Promise<void> {
    const me = await this.identity();
    if (!me) return;
    try {
      const answer = await unwrap(hubClient(this.hub, { token: me.token, fetch: this.engine.env.fetch }).me.$get());
      for (const { group } of answer.groups) {
        const local = await this.db.memberships.get(group.id);
        if (local && local.endedAt === null) this.behind.set(group.id, Math.max(0, group.seq - local.seq));
      }
    } catch {
      /* the count is a courtesy; the events still come */
    }
  }

  /** Fills a gap by paging the group's events over HTTP. */
  private async page(groupId: string): Promise<void> {
    const me = await this.identity();
    if (!me) return;
    const client = hubClient(this.hub, { token: me.token, fetch: this.engine.env.fetch });
    for (;;) {
      const m = await this.db.memberships.get(groupId);
      if (!m || m.endedAt !== null) return;
      const page = await unwrap(
        client.groups[':groupId'].events.$get({ param: { groupId }, query: { after: String(m.seq), limit: String(PAGE) } }),
      );
      const r = await applyEvents(this.db, groupId, page.events);
      if (r.ended) return this.end(groupId, r.ended);
      if (!page.more || page.events.length === 0) return;
    }
  }

  private async end(groupId: string, reason: 'left' | 'removed'): Promise<void> {
    this.behind.delete(groupId);
    await endMembership(this.db, groupId, reason, this.engine.env.now());
    await this.engine.notifyUnread();
  }

  /** Sends the outbox in order; stops at the first write the hub cannot take yet. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    const me = await this.identity();
    if (!me) return;
    const client = hubClient(this.hub, { token: me.token, fetch: this.engine.env.fetch });
    for (const row of await pendingFor(this.db, this.hub)) {
      try {
        await sendOne(this.db, client, row);
        await this.db.outbox.delete(row.n!);
      } catch (e) {
        if (isTransient(e)) {
          await this.db.outbox.update(row.n!, { attempts: row.attempts + 1 });
          if (!this.ws) this.open();
          else setTimeout(() => void this.flush(), Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(row.attempts, 5)));
          return;
        }
        await refuse(this.db, row, asError(e));
      }
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.ws?.close(1000);
    this.ws = null;
  }
}

type Client = ReturnType<typeof hubClient>;

async function sendOne(db: NookDB, client: Client, row: OutboxRow): Promise<void> {
  const { thread, message } = await sendOp(client, row.groupId, row);
  // Someone anchored a thread to this page first: ours becomes theirs.
  if (row.op === 'thread.create' && thread && thread.id !== row.threadId) await mergeThread(db, row.threadId, thread.id);
  if (row.op === 'message.post' && message) {
    await db.messages.where('id').equals(message.id).modify((m) => {
      if (!m.fromEvent) Object.assign(m, { delivery: 'sent', error: null, seq: message.seq, createdAt: message.createdAt });
    });
  }
}

async function mergeThread(db: NookDB, from: string, to: string): Promise<void> {
  await db.transaction('rw', [db.threads, db.messages, db.outbox], async () => {
    await db.messages.where('threadId').equals(from).modify({ threadId: to });
    await db.outbox.filter((o) => 'threadId' in o && o.threadId === from).modify((o) => {
      (o as { threadId: string }).threadId = to;
    });
    await db.threads.delete(from);
  });
}

/** The hub refused a write for good: the member sees why, and can retry or discard it. */
async function refuse(db: NookDB, row: OutboxRow, error: { code: string; message: string }): Promise<void> {
  await db.transaction('rw', [db.outbox, db.messages], async () => {
    await db.outbox.delete(row.n!);
    if (row.op === 'message.post') await db.messages.update(row.messageId, { delivery: 'failed', error });
    if (row.op === 'thread.create') {
      await db.messages.where('threadId').equals(row.threadId).modify({ delivery: 'failed', error });
      await db.outbox.filter((o) => o.op === 'message.post' && o.threadId === row.threadId).delete();
    }
  });
}
