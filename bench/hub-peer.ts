import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
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
 *
 * `stack: 'hono'` serves the same route on the hub's own HTTP stack: `@hono/node-server`
 * (a web Request and Response made for each Node request) and a Hono app with that one
 * route, as hub/server.ts starts it. Against it, the hub's figure measures what Nook's own
 * code costs per post; against plain node:http, that plus the adapter.
 */
export interface Peer {
  url: string;
  readonly connections: number;
  close(): Promise<void>;
}

export type PeerStack = 'node' | 'hono';

export async function startPeer(o: { sqliteFile?: string; stack?: PeerStack } = {}): Promise<Peer> {
  const db = o.sqliteFile ? new Database(o.sqliteFile) : undefined;
  db?.pragma('journal_mode = WAL');
  db?.pragma('synchronous = NORMAL');
  db?.exec('CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, group_id TEXT, thread_id TEXT, body TEXT, created_at INTEGER)');
  const insert = db?.prepare('INSERT INTO messages (id, group_id, thread_id, body, created_at) VALUES (?, ?, ?, ?, ?)');
  const groups = new Map<string, Set<WebSocket>>();
  const seqs = new Map<string, number>();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('nook.v1') ? 'nook.v1' : false) });
  const POST = /^\/groups\/([^/]+)\/threads\/([^/]+)\/messages$/;

  /** Stores and broadcasts one post; its answer's body. */
  const post = (groupId: string, threadId: string, body: { id?: string; body?: string }) => {
    const seq = (seqs.get(groupId) ?? 0) + 1;
    seqs.set(groupId, seq);
    const now = Date.now();
    const message = {
      id: body.id ?? randomUUID(),
      groupId,
      threadId,
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
    return { message };
  };

  const server = await (o.stack === 'hono' ? honoServer(post) : nodeServer(POST, post));

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

type Post = (groupId: string, threadId: string, body: { id?: string; body?: string }) => object;

async function nodeServer(route: RegExp, post: Post): Promise<Server> {
  const server = createServer((req, res) => {
    const m = req.method === 'POST' ? route.exec(req.url ?? '') : null;
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
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(post(m[1]!, m[2]!, body)));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}

async function honoServer(post: Post): Promise<Server> {
  const app = new Hono().post('/groups/:groupId/threads/:threadId/messages', async (c) =>
    c.json(post(c.req.param('groupId'), c.req.param('threadId'), await c.req.json<{ id?: string; body?: string }>())),
  );
  return new Promise<Server>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s as Server));
  });
}
