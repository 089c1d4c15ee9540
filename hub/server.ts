import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { GroupEvent } from '../protocol';
import { MAX_BODY_BYTES } from '../protocol';
import { createApp } from './app';
import { systemClock, type Clock } from './clock';
import type { HubConfig, HubDeps } from './http/env';
import { TokenBuckets } from './http/rate-limit';
import { localBus, type Bus } from './live/bus';
import { Fanout } from './live/fanout';
import { pgBus } from './live/pg-bus';
import { redisBus } from './live/redis-bus';
import { attachLive } from './live/server';
import { migrate } from './store/migrate';
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
  /** Writes per second per member, and the burst; false turns the limit off. */
  rateLimit?: { perSecond: number; burst: number } | false;
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
  log?: (line: string) => void;
}

/** Devices left unused this long are signed out (NOOK_TOKEN_TTL_DAYS). */
export const TOKEN_TTL_MS = 180 * 24 * 3600_000;

export interface RunningHub {
  url: string;
  port: number;
  /** Live connections open now. */
  readonly connections: number;
  close(): Promise<void>;
}

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
    await migrate(db);
    bus = await openBus(o, db, log);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const fanout = new Fanout(db, log);
  bus.subscribe({ notify: (g, seq) => fanout.notify(g, seq), resync: () => fanout.resync() });

  const announce = (events: GroupEvent[]) => {
    const heads = new Map<string, number>();
    for (const e of events) heads.set(e.groupId, Math.max(heads.get(e.groupId) ?? 0, e.seq));
    for (const [groupId, seq] of heads) {
      fanout.notify(groupId, seq);
      bus.publish(groupId, seq).catch((err: Error) => log(`bus: publish failed: ${err.message}`));
    }
  };

  const limits = o.rateLimit ?? { perSecond: 20, burst: 60 };
  const deps: HubDeps = {
    db,
    clock,
    store: { db, clock, onEvents: announce },
    limiter: limits ? new TokenBuckets(limits.perSecond, limits.burst) : null,
    config: {
      create: o.create ?? { mode: 'open' },
      maxBodyBytes: o.maxBodyBytes ?? MAX_BODY_BYTES,
      publicUrl: o.publicUrl?.replace(/\/+$/, ''),
      trustProxy: o.trustProxy ?? 0,
      widgetDir: resolve(o.widgetDir ?? 'dist/widget'),
      tokenTtlMs: o.tokenTtlMs ?? TOKEN_TTL_MS,
    },
    log,
  };
  const app = createApp(deps);

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
    { db, fanout, log, helloTimeoutMs: o.helloTimeoutMs ?? 10_000, clock, tokenTtlMs: deps.config.tokenTtlMs },
    { heartbeatMs: o.heartbeatMs ?? 30_000, publicUrl: deps.config.publicUrl },
  );
  const shared = db.dialect === 'postgres' || Boolean(o.redisUrl);
  const sweep = !shared
    ? undefined
    : setInterval(() => void fanout.sweep().catch((err: Error) => log(`sweep: ${err.message}`)), o.sweepMs ?? 5_000);
  sweep?.unref();

  const { port } = server.address() as AddressInfo;
  const host = o.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    get connections() {
      return live.connections;
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        await live.close();
        await new Promise<void>((ok) => {
          server.close(() => ok());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await bus.close();
        await db.close();
      })();
      return closing;
    },
  };
}
