import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { LIVE_PATH, LIVE_PROTOCOL, LIVE_TOKEN_PROTOCOL_PREFIX, LiveClose, MAX_BODY_BYTES, SESSION_COOKIE } from '../../protocol';
import { LiveConnection, type LiveDeps } from './connection';
import { callerAddress, isLoopback } from '../http/client-address';
import { TokenRecheck } from './recheck';
import { Seats, SOCKETS_PER_ADDRESS, SOCKETS_PER_MEMBER } from './seats';

interface Upgradable {
  on(event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown;
}

/** The token may ride in the subprotocol list (`nook.v1, nook.token.<token>`), where browsers can put it. */
function tokenFromProtocols(req: IncomingMessage): string | undefined {
  const offered = req.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim()) ?? [];
  return offered.find((p) => p.startsWith(LIVE_TOKEN_PROTOCOL_PREFIX))?.slice(LIVE_TOKEN_PROTOCOL_PREFIX.length);
}

/** Scheme, host and port, as browsers write them in `Origin`; undefined for what is not a URL. */
function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The widget panel cannot read its HttpOnly session cookie, so its socket is let in by the
 * cookie itself, but only from the hub's own pages: any site can open a WebSocket to the
 * hub with the cookie attached, and only the Origin header tells them apart. Whole origins
 * are compared, as for HTTP (hub/http/auth.ts): a page on `http://` (or another port) of
 * the hub's host is another site to the browser, and may be anyone's.
 */
function tokenFromCookie(req: IncomingMessage, publicOrigin: string | undefined, trustProxy: number): string | undefined {
  const origin = originOf(req.headers.origin);
  if (!origin) return undefined;
  const scheme = schemeOf(req, trustProxy);
  const ours = origin === originOf(`${scheme}://${req.headers.host ?? ''}`) || origin === publicOrigin;
  if (!ours) return undefined;
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return cookie?.slice(SESSION_COOKIE.length + 1) || undefined;
}

/**
 * The scheme the browser used. Behind a TLS proxy the hub's own socket is plain http, so with
 * a trusted proxy (NOOK_TRUST_PROXY ≥ 1) X-Forwarded-Proto says it: the value the nearest
 * proxy set, the last one (nginx replaces the header; a proxy that appends puts its own last,
 * after whatever the caller wrote). Without one the header is anyone's and is ignored.
 */
function schemeOf(req: IncomingMessage, trustProxy: number): 'http' | 'https' {
  const own = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  if (trustProxy < 1) return own;
  const header = req.headers['x-forwarded-proto'];
  const said = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').at(-1)?.trim().toLowerCase();
  return said === 'https' || said === 'http' ? said : own;
}

function refuse(socket: Duplex, status: string) {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}

/** Attaches `/live` to the HTTP server: one WebSocket per client, carrying all its groups. */
export function attachLive(server: Upgradable, deps: LiveDeps, o: { heartbeatMs: number; publicUrl: string | undefined; trustProxy: number }) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_BODY_BYTES,
    // Echo only our own protocol: the token-bearing entry must never come back in a header.
    handleProtocols: (protocols) => (protocols.has(LIVE_PROTOCOL) ? LIVE_PROTOCOL : false),
  });
  const conns = new Set<LiveConnection>();
  const byAddress = new Seats(SOCKETS_PER_ADDRESS);
  const connDeps: LiveDeps = { ...deps, memberSeats: new Seats(SOCKETS_PER_MEMBER) };
  const publicOrigin = originOf(o.publicUrl);
  if (o.publicUrl !== undefined && !publicOrigin) {
    deps.log(`live: the public URL ${JSON.stringify(o.publicUrl)} is not a URL; sockets are let in by cookie from the hub's own origin only`);
  }
  if (o.trustProxy > 0 && o.publicUrl === undefined) {
    deps.log(
      'live: NOOK_TRUST_PROXY is set but NOOK_PUBLIC_URL is not: the widget\'s sockets are let in by cookie from the origin the proxy forwards (Host, X-Forwarded-Proto); set NOOK_PUBLIC_URL to the address members use',
    );
  }

  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://hub').pathname;
    } catch {
      return refuse(socket, '400 Bad Request');
    }
    if (path !== LIVE_PATH) return refuse(socket, '404 Not Found');
    const forwarded = req.headers['x-forwarded-for'];
    const address = callerAddress(Array.isArray(forwarded) ? forwarded.join(',') : forwarded, req.socket.remoteAddress, o.trustProxy);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The machine's own connections are not one caller: tools, tests, or every member through an undeclared local proxy.
      const capped = !isLoopback(address);
      if (capped && !byAddress.take(address)) {
        deps.log('live: a connection was told to back off (too many sockets from one address)');
        return ws.close(LiveClose.backOff, 'back off');
      }
      if (capped) ws.once('close', () => byAddress.release(address));
      try {
        const conn = new LiveConnection(ws, connDeps, tokenFromProtocols(req) ?? tokenFromCookie(req, publicOrigin, o.trustProxy));
        conns.add(conn);
        ws.on('close', () => conns.delete(conn));
      } catch (err) {
        deps.log(`live: after the upgrade: ${(err as Error).message}`);
        ws.close(1011, 'internal');
      }
    });
  };

  // Whatever a request holds, the answer is an HTTP status on its socket, never an exception
  // out of this listener (which would end the process).
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    try {
      accept(req, socket, head);
    } catch (err) {
      deps.log(`live: upgrade: ${(err as Error).message}`);
      refuse(socket, '500 Internal Server Error');
    }
  });

  // A dead peer (sleeping laptop, dropped network) never says goodbye; pings find it.
  const recheck = new TokenRecheck(deps.db, deps.clock, deps.tokenTtlMs, deps.log);
  const heartbeat = setInterval(() => {
    for (const conn of conns) conn.beat();
    void recheck.run(conns);
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
