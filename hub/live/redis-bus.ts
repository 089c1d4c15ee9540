import { Redis } from 'ioredis';
import { notices, type Bus } from './bus';

const CHANNEL = 'nook:events';

/** The URL for a log line or an error: a password in it stays out. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * Fan-out between instances through Redis pub/sub. REDIS_URL set means Redis is required:
 * a hub that cannot reach it at start refuses to start, rather than fall back to NOTIFY,
 * because instances that fan out through different channels do not hear each other
 * (their members would see each other's messages only at the next sweep). Once running,
 * ioredis reconnects by itself; notices lost meanwhile are made up by `resync` on its
 * return and by the periodic sweep.
 */
export async function redisBus(url: string, log: (line: string) => void): Promise<Bus> {
  let handlers: Parameters<Bus['subscribe']>[0] | undefined;
  const codec = notices(log, 'redis bus');
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: true });
  // ioredis repeats the same error on every retry; one line per kind of trouble is enough.
  let lastError = '';
  for (const r of [pub, sub])
    r.on('error', (err: Error) => {
      if (err.message !== lastError) log(`redis bus: ${err.message}`);
      lastError = err.message;
    });
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (err) {
    pub.disconnect();
    sub.disconnect();
    throw new Error(
      // ioredis rejects with "Connection is closed"; the error it reported first says why.
      `REDIS_URL ${redactUrl(url)}: Redis cannot be reached (${lastError || (err as Error).message}). ` +
        'Start Redis, or unset REDIS_URL to fan out through PostgreSQL LISTEN/NOTIFY on every instance.',
    );
  }
  sub.on('message', (channel: string, payload: string) => {
    if (channel !== CHANNEL) return;
    const notice = codec.decode(payload);
    if (notice) handlers?.notify(notice);
  });
  await sub.subscribe(CHANNEL);
  // Registered after the first connect, so it fires on reconnects only. ioredis resubscribes
  // by itself then, but notices sent while it was away are gone.
  sub.on('ready', () => {
    lastError = '';
    log('redis bus: connected again');
    handlers?.resync();
  });

  return {
    async publish(groupId, seq) {
      await pub.publish(CHANNEL, codec.encode(groupId, seq));
    },
    subscribe(h) {
      handlers = h;
    },
    async close() {
      // QUIT waits for a connection; while Redis is away it would wait for its return.
      await Promise.allSettled([pub, sub].map((r) => (r.status === 'ready' ? r.quit() : r.disconnect())));
    },
  };
}
