import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The limit the hub is compared with: the least a server can do to deliver a post to a
 * group's live sockets with Node and `ws` on this machine. It speaks just enough of the
 * hub's protocol for the same load generator to drive it: `POST /groups/:g/threads/:t/messages`
 * answers the message, `/live` (subprotocol nook.v1) takes `hello` with the groups to follow
 * and sends each post as `{t:'events'}` with an event shaped like the hub's. No
 * authentication, validation, storage or ordering guarantees: one JSON.stringify per post
 * and one `ws.send` per member.
 *
 * Given `sqliteFile`, it also stores each post, the least a server that keeps posts can do:
 * one prepared INSERT per post (its own transaction) into one table, SQLite in WAL mode with
 * synchronous=NORMAL as the hub runs it. The throughput budget is a share of this.
 */
export interface Peer {
  url: string;
  readonly connections: number;
  close(): Promise<void>;
}

export async function startPeer(o: { sqliteFile?: string } = {}): Promise<Peer> {
  const db = o.sqliteFile ? new Database(o.sqliteFile) : undefined;
  db?.pragma('journal_mode = WAL');
  db?.pragma('synchronous = NORMAL');
  db?.exec('CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, group_id TEXT, thread_id TEXT, body TEXT, created_at INTEGER)');
  const insert = db?.prepare('INSERT INTO messages (id, group_id, thread_id, body, created_at) VALUES (?, ?, ?, ?, ?)');
  const groups = new Map<string, Set<WebSocket>>();
  const seqs = new Map<string, number>();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('nook.v1') ? 'nook.v1' : false) });
  const POST = /^\/groups\/([^/]+)\/threads\/([^/]+)\/messages$/;

  const server = createServer((req, res) => {
    const m = req.method === 'POST' ? POST.exec(req.url ?? '') : null;
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { id?: string; body?: string };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString()) as typeof body;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const groupId = m[1]!;
      const seq = (seqs.get(groupId) ?? 0) + 1;
      seqs.set(groupId, seq);
      const now = Date.now();
      const message = {
        id: body.id ?? randomUUID(),
        groupId,
        threadId: m[2]!,
        authorId: '00000000-0000-4000-8000-000000000000',
        body: body.body ?? '',
        mentions: [],
        reactions: {},
        seq,
        createdAt: now,
        editedAt: null,
        deletedAt: null,
        deletedBy: null,
      };
      insert?.run(message.id, groupId, message.threadId, message.body, now);
      const frame = JSON.stringify({
        t: 'events',
        group: groupId,
        events: [{ groupId, seq, kind: 'message.posted', by: message.authorId, at: now, data: message }],
      });
      for (const ws of groups.get(groupId) ?? []) ws.send(frame);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
    });
  });

  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const mine: string[] = [];
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as { t: string; groups?: Record<string, number> };
        if (msg.t !== 'hello') return;
        ws.send(JSON.stringify({ t: 'ready', memberId: randomUUID() }));
        for (const g of Object.keys(msg.groups ?? {})) {
          let set = groups.get(g);
          if (!set) groups.set(g, (set = new Set()));
          set.add(ws);
          mine.push(g);
          ws.send(JSON.stringify({ t: 'synced', group: g, seq: seqs.get(g) ?? 0 }));
        }
      });
      ws.on('close', () => {
        for (const g of mine) groups.get(g)?.delete(ws);
      });
    });
  });

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return wss.clients.size;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((ok) => wss.close(() => ok()));
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      db?.close();
    },
  };
}
