import { Redis } from 'ioredis';
import { decodeNotice, encodeNotice, type Bus } from './bus';

const CHANNEL = 'nook:events';

/** Fan-out between instances through Redis pub/sub. */
export async function redisBus(url: string, log: (line: string) => void): Promise<Bus> {
  let handlers: Parameters<Bus['subscribe']>[0] | undefined;
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: true });
  for (const r of [pub, sub]) r.on('error', (err: Error) => log(`redis bus: ${err.message}`));
  await Promise.all([pub.connect(), sub.connect()]);
  sub.on('message', (_channel: string, payload: string) => {
    const notice = decodeNotice(payload);
    if (notice) handlers?.notify(notice.groupId, notice.seq);
  });
  await sub.subscribe(CHANNEL);
  // Registered after the first connect, so it fires on reconnects only. ioredis resubscribes
  // by itself then, but notices sent while it was away are gone.
  sub.on('ready', () => handlers?.resync());

  return {
    async publish(groupId, seq) {
      await pub.publish(CHANNEL, encodeNotice(groupId, seq));
    },
    subscribe(h) {
      handlers = h;
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
