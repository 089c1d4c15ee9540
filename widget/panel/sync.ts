import { signal } from '@preact/signals';
import { hubClient, parseInviteLink, unwrap, type HubClient } from '../../protocol/client';
import { UserError } from '../../protocol/errors';
import type { GroupPreview, Member } from '../../protocol/groups';
import type { ClientMessage, HubMessage } from '../../protocol/live';
import type { PageContext } from '../../sites/types';
import type { HubStatus, InviteItem, MessageItem, ThreadItem } from '../../storage/hosted-types';
import { applyEventsTo } from '../../storage/sync/apply';
import { asError, isTransient } from '../../storage/sync/errors';
import { checkMessageBody, newThreadRow, pendingMessageRow, toggleReaction } from '../../storage/sync/local';
import { pickGeneral, toMessageItems, toThreadItem } from '../../storage/sync/queries';
import type { OutboxOp, OutboxRow } from '../../storage/sync/rows';
import { sendOp } from '../../storage/sync/send';
import type { PanelCache } from './cache';
import { GroupStore } from './store';

// protocol/live.ts holds these beside its zod schemas; importing them would ship zod.
const LIVE_PATH = '/live';
const LIVE_PROTOCOL = 'nook.v1';
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_BACK_OFF = 4429;
/** After CLOSE_BACK_OFF the first retry waits about 500 ms * 2^this: 2 s, then longer. */
const BACK_OFF_ATTEMPT = 2;
const PING_MS = 20_000;
const MAX_BACKOFF_MS = 30_000;
const PAGE = '500';

export interface PanelEnv {
  /** The hub's address: the panel's own origin. */
  hub: string;
  fetch: typeof fetch;
  WebSocket: { new (url: string, protocols?: string | string[]): WebSocket };
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
 * The panel's data owner for one group, on the hub's own origin: the session is the hub's
 * HttpOnly cookie (never seen by any script), HTTP carries reads and writes, one WebSocket
 * (let in by the same cookie) carries the group's events, and writes wait in an outbox
 * until the hub acknowledges them, as in the extension (storage/sync/engine.ts).
 */
export class PanelSync {
  readonly store = new GroupStore();
  readonly phase = signal<Phase>({ t: 'loading' });
  /** The member's copy has caught up with the hub once since the panel opened (unread counts mean something). */
  readonly caughtUp = signal(false);
  readonly client: HubClient;
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private flushing: Promise<void> | null = null;
  private nextOutbox = 1;
  private behind = 0;
  private cold = false;
  private cache: PanelCache | null = null;
  private closed = false;
  /** The code of the hub's last refusal on the socket (token_expired says why it closed). */
  private refusal: string | null = null;

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
      if (v.member) return this.enter(v.group, v.member, v.seq ?? 0);
      this.phase.value = { t: 'visitor', about: v.group, waiting: v.waiting, ended };
      if (v.waiting) this.later(() => void this.start(), this.env.waitPollMs ?? 15_000);
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
    await this.enter(joined.group, joined.member, joined.group.seq);
    return null;
  }

  /** Asks the moderators; the visitor then waits (and the panel asks again now and then). */
  async ask(name: string, message: string): Promise<void> {
    await unwrap(this.client.groups[':groupId'].requests.$post({ param: { groupId: this.groupId }, json: { name, message, session: 'cookie', site: this.env.site } }));
    await this.start();
  }

  private async enter(group: GroupPreview, member: Member, seq: number): Promise<void> {
    const s = this.store;
    s.clear();
    s.groups.put({ id: group.id, name: group.name, topic: group.topic, memberLimit: group.memberLimit, updatedAt: this.env.now() });
    s.memberships.put({ groupId: group.id, hub: this.env.hub, memberId: member.id, role: member.role, memberCount: 0, seq: 0, endedAt: null, endedReason: null });
    this.caughtUp.value = false;
    this.phase.value = { t: 'member' };
    this.cache = (await this.env.openCache?.(group.id, member.id).catch(() => null)) ?? null;
    const restored = (await this.cache?.restore(s).catch(() => false)) ?? false;
    this.cold = !restored;
    this.nextOutbox = Math.max(0, ...s.outbox.all().map((o) => o.n!)) + 1;
    this.behind = Math.max(0, seq - (s.memberships.get(group.id)?.seq ?? 0));
    this.connect();
  }

  // ---- the live connection -------------------------------------------------------------

  private setStatus(state: HubStatus['state'], error: HubStatus['error'] = null): void {
    this.store.status.value = { hub: this.env.hub, state, behind: this.behind, pending: 0, error, since: this.env.now() };
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== timer);
      fn();
    }, ms);
    this.timers.push(timer);
  }

  private send(m: ClientMessage): void {
    if (this.ws?.readyState === 1) this.ws.send(JSON.stringify(m));
  }

  private connect(): void {
    if (this.ws || this.closed || this.phase.value.t !== 'member') return;
    this.setStatus('connecting');
    let ws: WebSocket;
    try {
      ws = new this.env.WebSocket(`${this.env.hub.replace(/^http/, 'ws')}${LIVE_PATH}`, [LIVE_PROTOCOL]);
    } catch (e) {
      this.setStatus('offline', asError(e));
      return this.reconnect();
    }
    this.ws = ws;
    ws.onopen = () => {
      // No token: the cookie let this socket in at the upgrade.
      this.send({ t: 'hello', groups: { [this.groupId]: this.store.memberships.get(this.groupId)?.seq ?? 0 } });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ t: 'ping' }), PING_MS);
    };
    // One message at a time: a batch is applied before the next one is looked at.
    ws.onmessage = (ev) => {
      this.queue = this.queue.then(() => this.receive(String(ev.data))).catch(() => undefined);
    };
    ws.onclose = (ev) => {
      clearInterval(this.pingTimer);
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.closed) return;
      // The session is gone (signed out elsewhere, or unused too long): what this device held of
      // the group goes with it, and the panel asks again who is looking.
      if (ev.code === CLOSE_UNAUTHORIZED) {
        this.queue = this.queue.then(() => this.end(this.refusal === 'token_expired' ? 'expired' : 'signed-out'));
        return;
      }
      // Told to back off (too much at once): no error, but not straight back either; hello resumes from the last event.
      if (ev.code === CLOSE_BACK_OFF) this.attempt = Math.max(this.attempt, BACK_OFF_ATTEMPT);
      this.setStatus('offline');
      this.reconnect();
    };
    ws.onerror = () => undefined;
  }

  private reconnect(): void {
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt++) * (0.75 + Math.random() * 0.5);
    this.later(() => this.connect(), delay);
  }

  private async receive(raw: string): Promise<void> {
    let m: HubMessage;
    try {
      // The hub serves this very page: what it sends is as trusted as the panel's own code.
      m = JSON.parse(raw) as HubMessage;
    } catch {
      return;
    }
    if (m.t === 'ready') {
      this.attempt = 0;
      this.setStatus(this.behind > 0 ? 'catching-up' : 'online');
      void this.flush();
    } else if (m.t === 'events' && m.group === this.groupId) {
      const r = await applyEventsTo(this.store, this.groupId, m.events);
      if (r.gap) await this.page();
      if (r.ended) return this.end(r.ended);
      this.behind = Math.max(0, this.behind - r.applied);
      this.setStatus(this.behind > 0 ? 'catching-up' : 'online');
    } else if (m.t === 'synced' && m.group === this.groupId) {
      this.behind = 0;
      this.setStatus('online');
      // A first visit (nothing cached): the history is not news.
      if (this.cold) for (const t of this.store.threads.all()) if (t.unread) this.store.threads.update(t.id, { unread: 0 });
      this.cold = false;
      this.caughtUp.value = true;
    } else if (m.t === 'revoked' && m.group === this.groupId) {
      await this.end(m.reason === 'left' ? 'left' : 'removed');
    } else if (m.t === 'error') {
      this.refusal = m.error.code;
      this.setStatus(this.ws ? 'online' : 'offline', m.error);
    }
  }

  /** Fills a gap by paging the group's events over HTTP. */
  private async page(): Promise<void> {
    for (;;) {
      const m = this.store.memberships.get(this.groupId);
      if (!m || m.endedAt !== null) return;
      const page = await unwrap(this.client.groups[':groupId'].events.$get({ param: { groupId: this.groupId }, query: { after: String(m.seq), limit: PAGE } }));
      const r = await applyEventsTo(this.store, this.groupId, page.events);
      if (r.ended) return this.end(r.ended);
      if (!page.more || page.events.length === 0) return;
    }
  }

  /** Left or removed: the group's content goes at once, and the panel shows the way in again. */
  private async end(reason: Ended): Promise<void> {
    this.stop();
    this.closed = false;
    this.store.clear();
    await this.cache?.clear().catch(() => undefined);
    this.cache?.close();
    this.cache = null;
    await this.start(reason);
  }

  private stop(): void {
    this.closed = true;
    for (const t of this.timers.splice(0)) clearTimeout(t);
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
  }

  close(): void {
    this.stop();
    this.cache?.close();
  }

  // ---- writes: optimistic rows plus the outbox ----------------------------------------

  private me() {
    const m = this.store.memberships.get(this.groupId);
    if (!m || m.endedAt !== null) throw new UserError('not_member', 'You are no longer a member of this group.');
    return m;
  }

  private enqueue(op: OutboxOp): void {
    this.store.outbox.put({ ...op, n: this.nextOutbox++, hub: this.env.hub, groupId: this.groupId, createdAt: this.env.now(), attempts: 0 } as OutboxRow);
    void this.flush();
  }

  /** Sends the outbox in order; stops at the first write the hub cannot take yet. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    const { outbox, messages } = this.store;
    for (const row of outbox.all().sort((a, b) => a.n! - b.n!)) {
      if (!outbox.get(row.n!)) continue;
      try {
        const { thread, message } = await sendOp(this.client, row.groupId, row);
        outbox.delete(row.n!);
        if (row.op === 'thread.create' && thread && thread.id !== row.threadId) this.mergeThread(row.threadId, thread.id);
        if (row.op === 'message.post' && message && !messages.get(message.id)?.fromEvent) {
          messages.update(message.id, { delivery: 'sent', error: null, seq: message.seq, createdAt: message.createdAt });
        }
      } catch (e) {
        if (!isTransient(e)) {
          this.refuse(row, asError(e));
          continue;
        }
        outbox.update(row.n!, { attempts: row.attempts + 1 });
        if (this.ws) this.later(() => void this.flush(), Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(row.attempts, 5)));
        return;
      }
    }
  }

  /** Someone anchored a thread to the same page first: ours becomes theirs. */
  private mergeThread(from: string, to: string): void {
    const { threads, messages, outbox } = this.store;
    for (const m of messages.all()) if (m.threadId === from) messages.update(m.id, { threadId: to });
    for (const o of outbox.all()) if ('threadId' in o && o.threadId === from) outbox.update(o.n!, { threadId: to });
    threads.delete(from);
  }

  /** The hub refused a write for good: the member sees why, and can retry or discard it. */
  private refuse(row: OutboxRow, error: { code: string; message: string }): void {
    const { outbox, messages } = this.store;
    outbox.delete(row.n!);
    if (row.op === 'message.post') messages.update(row.messageId, { delivery: 'failed', error });
    if (row.op === 'thread.create') {
      for (const m of messages.all()) if (m.threadId === row.threadId) messages.update(m.id, { delivery: 'failed', error });
      for (const o of outbox.all()) if (o.op === 'message.post' && o.threadId === row.threadId) outbox.delete(o.n!);
    }
  }

  /** The thread for this page (or the creator's data-thread), made when missing; else the general discussion. */
  openThread(context: PageContext | null): ThreadItem {
    const me = this.me();
    const all = this.store.threads.all().filter((t) => t.groupId === this.groupId);
    let row = context ? all.find((t) => t.anchorUrl === context.url) : pickGeneral(all);
    if (!row) {
      row = newThreadRow(this.env.uuid(), this.groupId, me.memberId, context?.title ?? null, context, this.env.now());
      this.store.threads.put(row);
      this.enqueue({ op: 'thread.create', threadId: row.id, title: row.title, anchor: row.anchor });
    }
    return toThreadItem(row);
  }

  sendMessage(threadId: string, body: string): MessageItem {
    const me = this.me();
    checkMessageBody(body);
    const row = pendingMessageRow(this.env.uuid(), this.groupId, threadId, me.memberId, body, this.env.now());
    this.store.messages.put(row);
    this.enqueue({ op: 'message.post', threadId, messageId: row.id, body });
    return toMessageItems([row], me.memberId, this.store.members.all())[0]!;
  }

  private own(id: string) {
    const msg = this.store.messages.get(id);
    if (!msg) throw new UserError('message_not_found', 'That message is gone.');
    return { msg, me: this.me() };
  }

  editMessage(id: string, body: string): void {
    this.own(id);
    checkMessageBody(body);
    this.store.messages.update(id, { body, editedAt: this.env.now() });
    this.enqueue({ op: 'message.edit', messageId: id, body });
  }

  deleteMessage(id: string): void {
    const { me } = this.own(id);
    this.store.messages.update(id, { body: '', deletedAt: this.env.now(), deletedBy: me.memberId });
    this.enqueue({ op: 'message.delete', messageId: id });
  }

  react(id: string, emoji: string, on: boolean): void {
    const { msg, me } = this.own(id);
    this.store.messages.update(id, { reactions: toggleReaction(msg.reactions, emoji, me.memberId, on) });
    this.enqueue({ op: 'reaction', messageId: id, emoji, on });
  }

  retry(id: string): void {
    const { msg } = this.own(id);
    if (msg.delivery !== 'failed') return;
    this.store.messages.update(id, { delivery: 'pending', error: null });
    this.enqueue({ op: 'message.post', threadId: msg.threadId, messageId: id, body: msg.body });
  }

  discard(id: string): void {
    if (this.store.messages.get(id)?.delivery === 'failed') this.store.messages.delete(id);
  }

  markRead(threadId: string): void {
    this.store.threads.update(threadId, { unread: 0 });
  }

  // ---- the group's people --------------------------------------------------------------

  async invite(opts: { expiresInSeconds?: number; maxUses?: number | null }): Promise<InviteItem> {
    const { invite } = await unwrap(
      this.client.groups[':groupId'].invites.$post({ param: { groupId: this.groupId }, json: { expiresInSeconds: opts.expiresInSeconds, maxUses: opts.maxUses ?? null } }),
    );
    return { url: invite.url, code: invite.code, expiresAt: invite.expiresAt, maxUses: invite.maxUses, uses: invite.uses };
  }

  /** Join requests for moderators (not group events: fetched when the list is looked at). */
  async refreshRequests(): Promise<void> {
    if (this.me().role === 'member') return;
    const { requests } = await unwrap(this.client.groups[':groupId'].requests.$get({ param: { groupId: this.groupId } }));
    this.store.requests.value = requests.filter((r) => r.status === 'pending').map(({ id, name, message, createdAt }) => ({ id, name, message, createdAt }));
  }

  async decide(requestId: string, decision: 'approve' | 'deny'): Promise<void> {
    await unwrap(this.client.groups[':groupId'].requests[':requestId'].$post({ param: { groupId: this.groupId, requestId }, json: { decision } }));
    this.store.requests.value = this.store.requests.value.filter((r) => r.id !== requestId);
  }

  async removeMember(memberId: string): Promise<{ revokedCodes: string[] }> {
    const { revokedInvites } = await unwrap(this.client.groups[':groupId'].members[':memberId'].$delete({ param: { groupId: this.groupId, memberId } }));
    return { revokedCodes: revokedInvites.map((i) => i.code) };
  }

  /** Signs this device out on the hub (its token stops working, its cookie is cleared), then shows the way in again. */
  async signOut(): Promise<void> {
    const { devices } = await unwrap(this.client.me.devices.$get());
    const here = devices.find((d) => d.current);
    if (here) await unwrap(this.client.me.devices[':deviceId'].$delete({ param: { deviceId: here.id } }));
    await this.end('signed-out');
  }

  async leave(): Promise<void> {
    await this.removeMember(this.me().memberId);
    await this.end('left');
  }
}
