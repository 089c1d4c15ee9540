import pg from 'pg';
import { decodeNotice, encodeNotice, type Bus } from './bus';

const CHANNEL = 'nook_events';

/** Fan-out between instances sharing one Postgres, through LISTEN/NOTIFY. */
export async function pgBus(url: string, log: (line: string) => void): Promise<Bus> {
  let handlers: Parameters<Bus['subscribe']>[0] | undefined;
  let closed = false;
  let listener: pg.Client | undefined;
  const publisher = new pg.Pool({ connectionString: url, max: 2 });
  publisher.on('error', (err) => log(`postgres bus: ${err.message}`));

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (msg) => {
      const notice = msg.payload ? decodeNotice(msg.payload) : null;
      if (notice) handlers?.notify(notice.groupId, notice.seq);
    });
    let failed = false;
    client.on('error', (err) => {
      // One reconnect per lost connection, however many errors it reports on the way down.
      if (failed) return;
      failed = true;
      log(`postgres bus: ${err.message}; reconnecting`);
      void client.end().catch(() => {});
      if (!closed) setTimeout(() => void reconnect(), 1000);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  };
  const reconnect = async () => {
    try {
      await connect();
      handlers?.resync();
    } catch (err) {
      log(`postgres bus: ${(err as Error).message}; retrying`);
      if (!closed) setTimeout(() => void reconnect(), 1000);
    }
  };
  await connect();

  return {
    async publish(groupId, seq) {
      await publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, encodeNotice(groupId, seq)]);
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
