import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { GroupEvent, LiveLimits } from '../protocol';
import { MAX_BODY_BYTES } from '../protocol';
import { createApp } from './app';
import { systemClock, type Clock } from './clock';
import type { HubConfig, HubDeps } from './http/env';
import { TokenBuckets } from './http/rate-limit';
import { communityNotice, localBus, memberNotice, type Bus } from './live/bus';
import { Fanout } from './live/fanout';
import { pgBus } from './live/pg-bus';
import { redisBus } from './live/redis-bus';
import { attachLive } from './live/server';
import { HubMetrics } from './ops/metrics';
import { Readiness } from './ops/readiness';
import { migrate } from './store/migrate';
import type { CommunityNotice, MemberNotice } from './store/write';
import { openPostgres } from './store/postgres';
import { openSqlite } from './store/sqlite';
import type { Db } from './store/store';

export interface HubOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Where the SQLite file lives (`<dataDir>/hub.sqlite`) when there is no databaseUrl. */
  dataDir?: string;
  /** postgres://... to run on Postgres; several hubs may share one. */
  databaseUrl?: string;
  /** redis://... to fan live events out through Redis rather than Postgres NOTIFY. */
  redisUrl?: string;
  clock?: Clock;
  create?: HubConfig['create'];
  /** Writes per second per member, and the burst; false turns the limit off (and the discovery limit, unless given). */
  rateLimit?: { perSecond: number; burst: number } | false;
  /** Listings, reports and join requests per minute, per member and per address, and the burst; false turns it off. */
  discoveryRateLimit?: { perMinute: number; burst: number } | false;
  /** Groups may be listed and looked up (NOOK_LISTINGS=off turns it off); on unless false. */
  listings?: boolean;
  maxBodyBytes?: number;
  publicUrl?: string;
  /** Behind this many proxies: the caller's address (for rate limits) is the one the outermost saw (hub/http/client-address.ts). */
  trustProxy?: number;
  widgetDir?: string;
  /** A token unused this long has expired; 180 days unless set. */
  tokenTtlMs?: number;
  heartbeatMs?: number;
  /** How often live subscriptions are checked against the database for lost notices (multi-instance). */
  sweepMs?: number;
  helloTimeoutMs?: number;
  /** What one live connection may cost (protocol/live.ts LIVE_LIMITS); tests lower them to reach them. */
  liveLimits?: Partial<LiveLimits>;
  log?: (line: string) => void;
  /** One JSON line per request goes here (hub/ops/request-log.ts); unset: requests are not logged. */
  requestLog?: (line: string) => void;
  /** Callers with `Authorization: Bearer <this>` may read /metrics from anywhere, not only from loopback. */
  metricsToken?: string;
  /** On a stop (`drain()`), how long /readyz says "draining" while the hub still serves, before it closes. */
  drainMs?: number;
}

/**
 * Listing a group, reporting one and asking to join: a person does a few in a sitting, a
 * script that sprays owners with requests or buckets with listings does thousands.
 */
const DISCOVERY_RATE = { perMinute: 6, burst: 20 };

/** Devices left unused this long are signed out (NOOK_TOKEN_TTL_DAYS). */
export const TOKEN_TTL_MS = 180 * 24 * 3600_000;

export interface RunningHub {
  url: string;
  port: number;
  /** Live connections open now. */
  readonly connections: number;
  /** Stops gracefully: /readyz answers 503 "draining" for `drainMs` while everything else still works, then close(). */
  drain(): Promise<void>;
  /** Stops taking requests, lets those in flight finish (a few seconds at most), closes live sockets ("going away"), then the database. */
  close(): Promise<void>;
}

/** Requests still running when the hub closes get this long to finish before their sockets are cut. */
const IN_FLIGHT_GRACE_MS = 5_000;

function openDb(o: HubOptions, log: (line: string) => void): Db {
  if (!o.databaseUrl) return openSqlite(join(resolve(o.dataDir ?? './data'), 'hub.sqlite'));
  if (!/^postgres(ql)?:\/\//.test(o.databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// URL');
  return openPostgres(o.databaseUrl, log);
}

async function openBus(o: HubOptions, db: Db, log: (line: string) => void): Promise<Bus> {
  if (o.redisUrl) return redisBus(o.redisUrl, log);
  if (db.dialect === 'postgres' && o.databaseUrl) return pgBus(o.databaseUrl, log);
  return localBus();
}

/** Starts a hub: database, live fan-out, HTTP and WebSocket on one port. */
export async function startHub(o: HubOptions = {}): Promise<RunningHub> {
  const log = o.log ?? ((line: string) => console.log(line));
  const clock = o.clock ?? systemClock;
  const db = openDb(o, log);
  let bus: Bus;
  try {
    await migrate(db, clock.now());
    bus = await openBus(o, db, log);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const fanout = new Fanout(db, log);
  let connections = () => 0;
  const metrics = new HubMetrics(() => connections());
  fanout.metrics = metrics;
  bus.subscribe({
    notify: (n) => {
      const member = memberNotice.decode(n);
      // This instance told its own sockets when it published (a notice of its own has no sentAt).
      if (member) return n.sentAt === undefined ? undefined : fanout.tellMember(member.memberId, member.what);
      const community = communityNotice.decode(n);
      if (community) return n.sentAt === undefined ? undefined : fanout.tellCommunity(community.communityId, community.what);
      if (n.sentAt !== undefined) metrics.noticed(n.sentAt);
      fanout.notify(n.groupId, n.seq);
    },
    resync: () => fanout.resync(),
  });

  const announce = (events: GroupEvent[]) => {
    metrics.eventsWritten(events.length);
    const heads = new Map<string, number>();
    for (const e of events) heads.set(e.groupId, Math.max(heads.get(e.groupId) ?? 0, e.seq));
    for (const [groupId, seq] of heads) {
      fanout.notify(groupId, seq);
      bus.publish(groupId, seq).catch((err: Error) => log(`bus: publish failed: ${err.message}`));
    }
  };

  const tellMember = (memberId: string, what: MemberNotice) => {
    fanout.tellMember(memberId, what);
    const n = memberNotice.encode(memberId, what);
    bus.publish(n.groupId, n.seq).catch((err: Error) => log(`bus: publish failed: ${err.message}`));
  };

  const tellCommunity = (communityId: string, what: CommunityNotice) => {
    fanout.tellCommunity(communityId, what);
    const n = communityNotice.encode(communityId, what);
    bus.publish(n.groupId, n.seq).catch((err: Error) => log(`bus: publish failed: ${err.message}`));
  };

  const limits = o.rateLimit ?? { perSecond: 20, burst: 60 };
  const discovery = o.discoveryRateLimit ?? (o.rateLimit === false ? false : DISCOVERY_RATE);
  const deps: HubDeps = {
    db,
    clock,
    store: { db, clock, onEvents: announce, onMember: tellMember, onCommunity: tellCommunity },
    limiter: limits ? new TokenBuckets(limits.perSecond, limits.burst) : null,
    discoveryLimiter: discovery ? new TokenBuckets(discovery.perMinute / 60, discovery.burst) : null,
    config: {
      create: o.create ?? { mode: 'open' },
      maxBodyBytes: o.maxBodyBytes ?? MAX_BODY_BYTES,
      publicUrl: o.publicUrl?.replace(/\/+$/, ''),
      trustProxy: o.trustProxy ?? 0,
      widgetDir: resolve(o.widgetDir ?? 'dist/widget'),
      tokenTtlMs: o.tokenTtlMs ?? TOKEN_TTL_MS,
      listings: o.listings ?? true,
    },
    log,
  };
  const readiness = new Readiness(db, log);
  const app = createApp(deps, { metrics, readiness, requestLog: o.requestLog, metricsToken: o.metricsToken });

  const server = await new Promise<ServerType>((ok, fail) => {
    const s = serve({ fetch: app.fetch, port: o.port ?? 8787, hostname: o.host ?? '127.0.0.1' }, () => ok(s));
    s.once('error', fail);
  }).catch(async (err: Error) => {
    await bus.close().catch(() => {});
    await db.close().catch(() => {});
    throw err;
  });
  const live = attachLive(
    server,
    { db, fanout, log, helloTimeoutMs: o.helloTimeoutMs ?? 10_000, clock, tokenTtlMs: deps.config.tokenTtlMs, limits: o.liveLimits },
    { heartbeatMs: o.heartbeatMs ?? 30_000, publicUrl: deps.config.publicUrl, trustProxy: deps.config.trustProxy },
  );
  connections = () => live.connections;
  const shared = db.dialect === 'postgres' || Boolean(o.redisUrl);
  const sweep = !shared
    ? undefined
    : setInterval(() => void fanout.sweep().catch((err: Error) => log(`sweep: ${err.message}`)), o.sweepMs ?? 5_000);
  sweep?.unref();

  const { port } = server.address() as AddressInfo;
  const host = o.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      readiness.draining = true;
      clearInterval(sweep);
      const stopped = new Promise<void>((ok) => server.close(() => ok()));
      // Idle keep-alive sockets go now; a request being answered finishes first, within a grace.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      const grace = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, IN_FLIGHT_GRACE_MS);
      await live.close();
      await stopped;
      clearTimeout(grace);
      await bus.close();
      await db.close();
    })();
    return closing;
  };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    get connections() {
      return live.connections;
    },
    async drain() {
      readiness.draining = true;
      await new Promise((ok) => setTimeout(ok, o.drainMs ?? 0));
      await close();
    },
    close,
  };
}
