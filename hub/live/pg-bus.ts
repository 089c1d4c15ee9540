import pg from 'pg';
import { notices, type Bus } from './bus';

const CHANNEL = 'nook_events';
const RETRY_MS = 1000;

/**
 * Fan-out between instances sharing one Postgres, through LISTEN/NOTIFY. The listening
 * connection is the one thing here that does not come back by itself when Postgres
 * restarts or a network drops it: it is replaced, and once it listens again every
 * subscription reads again (`resync`), since notices sent meanwhile are gone.
 */
export async function pgBus(url: string, log: (line: string) => void): Promise<Bus> {
  let handlers: Parameters<Bus['subscribe']>[0] | undefined;
  let closed = false;
  let listener: pg.Client | undefined;
  const codec = notices(log, 'postgres bus');
  const publisher = new pg.Pool({ connectionString: url, max: 2 });
  publisher.on('error', (err) => log(`postgres bus: ${err.message}`));

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL) return;
      const notice = codec.decode(msg.payload ?? '');
      if (notice) handlers?.notify(notice);
    });
    let lost = false;
    // A connection lost reports an error, an end, or both (in either order): one reconnect for all.
    const onLost = (why: string) => {
      if (lost || closed) return;
      lost = true;
      if (listener === client) listener = undefined;
      log(`postgres bus: ${why}; reconnecting`);
      void client.end().catch(() => {});
      setTimeout(() => void reconnect(), RETRY_MS);
    };
    client.on('error', (err) => onLost(err.message));
    client.on('end', () => onLost('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      lost = true;
      void client.end().catch(() => {});
      throw err;
    }
    listener = client;
  };
  const reconnect = async () => {
    if (closed) return;
    try {
      await connect();
      log('postgres bus: listening again');
      handlers?.resync();
    } catch (err) {
      log(`postgres bus: ${(err as Error).message}; retrying`);
      if (!closed) setTimeout(() => void reconnect(), RETRY_MS);
    }
  };
  await connect();

  return {
    async publish(groupId, seq) {
      await publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, codec.encode(groupId, seq)]);
    },
    subscribe(h) {
      handlers = h;
    },
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await publisher.end();
    },
  };
}
