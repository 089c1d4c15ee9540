import pg from 'pg';
import { notices, type Bus } from './bus';

const CHANNEL = 'nook_events';
const RETRY_MS = 1000;
/** How long a notice waits for others to leave with it: cross-instance delivery only, well inside its 50 ms budget. */
const GATHER_MS = 3;

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

  /**
   * A NOTIFY query per post was a round trip per post. Notices wait a few ms, and while one
   * query is on its way, then leave together, one per group: its head, and the time its oldest waiting
   * event was published (the receivers' lag counts the wait). A receiver reads every event
   * up to the head from the database anyway.
   */
  const pending = new Map<string, { seq: number; at: number }>();
  let flushing: Promise<void> | undefined;
  const flush = async () => {
    // Posts answered within the next few ms share the query: at 1,400 posts/s and a round
    // trip of about a millisecond, flushing at once still cost most of a query per post.
    await new Promise((r) => setTimeout(r, GATHER_MS));
    while (pending.size > 0) {
      const payloads = [...pending].map(([groupId, n]) => codec.encode(groupId, n.seq, n.at));
      pending.clear();
      await publisher.query('SELECT COUNT(pg_notify($1, n)) FROM unnest($2::text[]) AS n', [CHANNEL, payloads]);
    }
  };

  return {
    publish(groupId, seq) {
      const waiting = pending.get(groupId);
      pending.set(groupId, { seq: Math.max(waiting?.seq ?? 0, seq), at: waiting?.at ?? Date.now() });
      return (flushing ??= flush().finally(() => (flushing = undefined)));
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
