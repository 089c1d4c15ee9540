import { WebSocket } from 'ws';
import type { HubStatus } from '../types';
import { dexieSyncStore } from '../../storage/sync-store';
import type { OutboxRow } from '../outbox/ops';
import type { MemberRow, MembershipRow, MessageRow, ThreadRow } from '../rows';
import { freshDb } from '../../storage/test-helpers';
import { PanelSyncStore } from '../../widget/panel/panel-store';
import { GroupStore } from '../../widget/panel/store';
import { HubSync, type HubSyncOptions, type SyncTiming } from '../hub-sync';
import type { LinkAuth, SocketClass } from '../link';
import type { SyncStore } from '../store';
import { zodValidate } from '../validate';
import type { ClientMessage, ErrorInfo, HubMessage } from '../wire';
import { communityOps } from '../outbox/community';
import { provideCommunityOps } from '../outbox/registry';

// Both sides' community senders, as the background gives them.
provideCommunityOps(async () => communityOps);

/**
 * The two sides the sync core serves, as the contract suite drives them: the background
 * (Dexie, bearer token, zod-checked frames) and the widget panel (memory, the hub's session
 * cookie, trusted frames). Each device records what a test looks at: its sockets, the
 * frames it sent, its statuses, and its network (which a test can break).
 */

/** Quick retries, so tests wait milliseconds, not the real seconds; pages of 2 events, so paging takes several. */
export const TEST_TIMING = { backoffMs: 40, maxBackoffMs: 400, retryMs: 40, pageSize: 2 };

export interface Net {
  /** Writes (any request but GET) fail as a network error would. */
  failWrites: boolean;
  /** The next N writes reach the hub, but their answers are lost. */
  loseAnswers: number;
  /** Writes attempted. */
  writes: number;
}

export interface Device {
  side: string;
  sync: HubSync;
  store: SyncStore;
  hub: string;
  groupId: string;
  memberId: string;
  sockets: WebSocket[];
  sent: ClientMessage[];
  statuses: HubStatus[];
  ended: string[];
  unauthorized: ErrorInfo[];
  net: Net;
  /** Frames from the hub this returns true for are lost on the way. */
  lose: ((m: HubMessage) => boolean) | null;
  membership(): Promise<MembershipRow | undefined>;
  members(): Promise<MemberRow[]>;
  threads(): Promise<ThreadRow[]>;
  messages(threadId?: string): Promise<MessageRow[]>;
  outbox(): Promise<OutboxRow[]>;
  /** The hub will not know this device any more (a token or session the hub never gave). */
  breakAuth(): Promise<void>;
  /** The same member joins another group on the same hub; answers its id (stored, not yet followed). */
  joinToo(code: string): Promise<string>;
  /** A new sync over the same store (the background restarted; the panel opened again). */
  again(): Device;
  /** A request to the hub as this member, as another of their devices would send it. */
  asMember(method: string, path: string, body?: unknown): Promise<Response>;
}

export interface Side {
  name: string;
  /** A member who joined the group with the invite code, on a device of this side. */
  join(hub: string, code: string, name: string, timing?: Partial<SyncTiming>): Promise<Device>;
}

const made: HubSync[] = [];
/** Closes every sync the sides made (call in afterEach). */
export function closeAll(): void {
  for (const s of made.splice(0)) s.close();
}

/** A socket class that records its sockets and frames, and loses the frames `lose` picks. */
function recording(Base: SocketClass, d: Pick<Device, 'sockets' | 'sent' | 'lose'>): SocketClass {
  return class extends (Base as unknown as typeof WebSocket) {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      d.sockets.push(this);
      let handler: ((ev: unknown) => void) | null = null;
      Object.defineProperty(this, 'onmessage', { get: () => handler, set: (fn) => (handler = fn) });
      this.addEventListener('message', (ev) => {
        if (d.lose?.(JSON.parse(String(ev.data)) as HubMessage)) return;
        handler?.(ev);
      });
    }
    override send(data: string) {
      d.sent.push(JSON.parse(data) as ClientMessage);
      super.send(data);
    }
  } as unknown as SocketClass;
}

function network(base: typeof fetch, net: Net): typeof fetch {
  return async (input, init) => {
    const write = (init?.method ?? 'GET') !== 'GET';
    if (write) net.writes++;
    if (write && net.failWrites) throw new TypeError('fetch failed');
    const res = await base(input, init);
    if (write && net.loseAnswers > 0) {
      net.loseAnswers--;
      throw new TypeError('the answer was lost');
    }
    return res;
  };
}

interface Made {
  store: SyncStore;
  auth(): Promise<LinkAuth | null>;
  fetch: typeof fetch;
  WebSocket: SocketClass;
  validate?: HubSyncOptions['validate'];
  reads: Pick<Device, 'membership' | 'members' | 'threads' | 'messages' | 'outbox' | 'breakAuth' | 'joinToo'>;
  timing?: Partial<SyncTiming>;
}

function device(side: string, hub: string, groupId: string, memberId: string, m: Made): Device {
  const d: Device = {
    side,
    hub,
    groupId,
    memberId,
    store: m.store,
    sockets: [],
    sent: [],
    statuses: [],
    ended: [],
    unauthorized: [],
    net: { failWrites: false, loseAnswers: 0, writes: 0 },
    lose: null,
    ...m.reads,
    sync: undefined as unknown as HubSync,
    again: () => device(side, hub, groupId, memberId, m),
    async asMember(method, path, body) {
      const auth = await m.auth();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (auth?.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
      return m.fetch(hub + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
  };
  const store: SyncStore = {
    cursors: (h) => m.store.cursors(h),
    cursor: (g) => m.store.cursor(g),
    applyEvents: (g, e) => m.store.applyEvents(g, e),
    pending: (h) => m.store.pending(h),
    bump: (n, a) => m.store.bump(n, a),
    write: (fn) => m.store.write(fn),
    endMembership: (g, r, now) => m.store.endMembership(g, r, now),
    status: (s) => {
      d.statuses.push(s);
      return m.store.status(s);
    },
  };
  d.sync = new HubSync({
    hub,
    store,
    auth: m.auth,
    fetch: network(m.fetch, d.net),
    WebSocket: recording(m.WebSocket, d),
    now: () => Date.now(),
    validate: m.validate,
    timing: { ...TEST_TIMING, ...m.timing },
    on: {
      ended: (g, reason) => d.ended.push(`${g}:${reason}`),
      unauthorized: (e) => d.unauthorized.push(e),
    },
  });
  made.push(d.sync);
  return d;
}

async function postJson(f: typeof fetch, url: string, body: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await f(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const json = (await res.json()) as { group: { id: string; name: string; topic: string; memberLimit: number; createdAt: number }; member: { id: string; role: MembershipRow['role'] }; token?: string };
  if (!res.ok) throw new Error(`join: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export const background: Side = {
  name: 'background (Dexie, bearer token)',
  async join(hub, code, name, timing) {
    const db = freshDb();
    const remember = async (joined: Awaited<ReturnType<typeof postJson>>) => {
      const { group, member } = joined;
      await db.groups.put({ ...group, hub, contexts: [], updatedAt: Date.now(), deletedAt: null });
      await db.memberships.put({ groupId: group.id, hub, memberId: member.id, role: member.role, memberCount: 0, seq: 0, endedAt: null, endedReason: null });
      return group.id;
    };
    const joined = await postJson(fetch, `${hub}/join/${code}`, { name, session: 'token' });
    const { group, member, token } = joined;
    await db.hubs.put({ url: hub, memberId: member.id, token: token! });
    await remember(joined);
    return device(this.name, hub, group.id, member.id, {
      store: dexieSyncStore(db),
      async auth() {
        const me = await db.hubs.get(hub);
        return me ? { kind: 'bearer', token: me.token } : null;
      },
      fetch: (i, init) => fetch(i, init),
      WebSocket: WebSocket as unknown as SocketClass,
      validate: zodValidate,
      timing,
      reads: {
        membership: () => db.memberships.get(group.id),
        members: () => db.members.where('groupId').equals(group.id).toArray(),
        threads: () => db.threads.where('groupId').equals(group.id).toArray(),
        messages: async (threadId) => (await db.messages.where('groupId').equals(group.id).sortBy('seq')).filter((m) => !threadId || m.threadId === threadId),
        outbox: () => db.outbox.toArray(),
        async breakAuth() {
          await db.hubs.update(hub, { token: 'x'.repeat(43) });
        },
        async joinToo(other) {
          const me = await db.hubs.get(hub);
          return remember(await postJson(fetch, `${hub}/join/${other}`, { name, session: 'token' }, me!.token));
        },
      },
    });
  },
};

/** The panel's browser in Node: a cookie jar sent on HTTP and on the WebSocket upgrade, with the hub's own Origin. */
export function browserFor(hub: string) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const fetchWithJar: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set('cookie', cookie());
    const res = await fetch(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  };
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: cookie() }, origin: hub });
    }
  }
  return { jar, fetch: fetchWithJar, WebSocket: CookieSocket as unknown as SocketClass };
}

export const panel: Side = {
  name: 'widget panel (memory, session cookie)',
  async join(hub, code, name, timing) {
    const browser = browserFor(hub);
    const { group, member } = await postJson(browser.fetch, `${hub}/join/${code}`, { name, session: 'cookie' });
    const groups = new GroupStore();
    const remember = ({ group, member }: Awaited<ReturnType<typeof postJson>>) => {
      groups.groups.put({ id: group.id, name: group.name, topic: group.topic, memberLimit: group.memberLimit, updatedAt: Date.now() });
      groups.memberships.put({ groupId: group.id, hub, memberId: member.id, role: member.role, memberCount: 0, seq: 0, endedAt: null, endedReason: null });
      return group.id;
    };
    remember({ group, member });
    const byGroup = <T extends { groupId: string }>(rows: T[]) => rows.filter((r) => r.groupId === group.id);
    return device(this.name, hub, group.id, member.id, {
      store: new PanelSyncStore(groups, hub),
      auth: async () => ({ kind: 'cookie' }),
      fetch: browser.fetch,
      WebSocket: browser.WebSocket,
      timing,
      reads: {
        membership: async () => groups.memberships.get(group.id),
        members: async () => byGroup(groups.members.all()),
        threads: async () => byGroup(groups.threads.all()),
        messages: async (threadId) =>
          byGroup(groups.messages.all())
            .filter((m) => !threadId || m.threadId === threadId)
            .sort((a, b) => a.seq - b.seq),
        outbox: async () => groups.outbox.all(),
        async breakAuth() {
          browser.jar.set('nook_session', 'x'.repeat(43));
        },
        joinToo: async (other) => remember(await postJson(browser.fetch, `${hub}/join/${other}`, { name, session: 'cookie' })),
      },
    });
  },
};

export const SIDES = [background, panel];
