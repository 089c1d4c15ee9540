import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LIVE_PATH, LIVE_PROTOCOL, LIVE_TOKEN_PROTOCOL_PREFIX, MAX_BODY_BYTES, SESSION_COOKIE } from '../../protocol';
import { LiveConnection, type LiveDeps } from './connection';

interface Upgradable {
  on(event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown;
}

/** The token may ride in the subprotocol list (`nook.v1, nook.token.<token>`), where browsers can put it. */
function tokenFromProtocols(req: IncomingMessage): string | undefined {
  const offered = req.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim()) ?? [];
  return offered.find((p) => p.startsWith(LIVE_TOKEN_PROTOCOL_PREFIX))?.slice(LIVE_TOKEN_PROTOCOL_PREFIX.length);
}

/**
 * The widget panel cannot read its HttpOnly session cookie, so its socket is let in by the
 * cookie itself, but only from the hub's own pages: any site can open a WebSocket to the
 * hub with the cookie attached, and only the Origin header tells them apart.
 */
function tokenFromCookie(req: IncomingMessage, publicUrl: string | undefined): string | undefined {
  const origin = req.headers.origin;
  if (!origin) return undefined;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return undefined;
  }
  const ours = host === req.headers.host || (publicUrl !== undefined && host === new URL(publicUrl).host);
  if (!ours) return undefined;
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return cookie?.slice(SESSION_COOKIE.length + 1) || undefined;
}

/** Attaches `/live` to the HTTP server: one WebSocket per client, carrying all its groups. */
export function attachLive(server: Upgradable, deps: LiveDeps, o: { heartbeatMs: number; publicUrl: string | undefined }) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_BODY_BYTES,
    // Echo only our own protocol: the token-bearing entry must never come back in a header.
    handleProtocols: (protocols) => (protocols.has(LIVE_PROTOCOL) ? LIVE_PROTOCOL : false),
  });
  const conns = new Set<LiveConnection>();

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (path !== LIVE_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new LiveConnection(ws, deps, tokenFromProtocols(req) ?? tokenFromCookie(req, o.publicUrl));
      conns.add(conn);
      ws.on('close', () => conns.delete(conn));
    });
  });

  // A dead peer (sleeping laptop, dropped network) never says goodbye; pings find it.
  const heartbeat = setInterval(() => {
    for (const conn of conns) conn.beat();
  }, o.heartbeatMs);
  heartbeat.unref();

  return {
    get connections() {
      return conns.size;
    },
    async close() {
      clearInterval(heartbeat);
      for (const conn of conns) conn.shutdown();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const ws of wss.clients) ws.terminate();
    },
  };
}
