import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import WebSocket from 'ws';
import { LIVE_PATH, LIVE_PROTOCOL, LIVE_TOKEN_PROTOCOL_PREFIX, LiveClose, type ClientMessage, type GroupEvent, type HubMessage } from '../../protocol';

/** A test client of `/live` that records everything the hub sends. */
export class LiveClient {
  readonly received: HubMessage[] = [];
  private waiters: (() => void)[] = [];
  closeCode: number | undefined;
  /** Bytes of every message received, to see how much the hub sent. */
  bytes = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.bytes += data.length;
      this.received.push(JSON.parse(data.toString()) as HubMessage);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  /** Opens `/live`; with `viaProtocol` the token rides in the subprotocol list, else in hello. */
  static async connect(base: string, token: string, groups: Record<string, number> = {}, viaProtocol = false) {
    const url = base.replace(/^http/, 'ws') + '/live';
    const ws = viaProtocol
      ? new WebSocket(url, [LIVE_PROTOCOL, LIVE_TOKEN_PROTOCOL_PREFIX + token])
      : new WebSocket(url, [LIVE_PROTOCOL]);
    const client = new LiveClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    client.send(viaProtocol ? { t: 'hello', groups } : { t: 'hello', token, groups });
    await client.waitFor((m) => m.t === 'ready' || m.t === 'error');
    return client;
  }

  send(msg: ClientMessage | Record<string, unknown>) {
    this.ws.send(JSON.stringify(msg));
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves with the first message (from the start) that matches. */
  async waitFor(match: (m: HubMessage) => boolean, timeoutMs = 5_000): Promise<HubMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; received ${JSON.stringify(this.received).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  events(groupId: string): GroupEvent[] {
    return this.received.flatMap((m) => (m.t === 'events' && m.group === groupId ? m.events : []));
  }

  async waitForSeq(groupId: string, seq: number, timeoutMs = 5_000) {
    await this.waitFor(() => this.events(groupId).some((e) => e.seq >= seq), timeoutMs);
  }

  async waitClosed(timeoutMs = 5_000) {
    if (this.closeCode !== undefined) return this.closeCode;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.closeCode;
  }

  close() {
    this.ws.close();
  }

  /** A client that stops reading: what the hub sends piles up in the kernel, then in the hub. */
  pause() {
    this.tcp().pause();
  }

  resume() {
    this.tcp().resume();
  }

  private tcp(): Socket {
    // `ws` keeps its socket private; a hostile client needs exactly that socket.
    return (this.ws as unknown as { _socket: Socket })._socket;
  }
}

/**
 * Speaks one raw HTTP request on `/live`'s port (e.g. an upgrade `ws` would never send)
 * and resolves with what came back before the hub closed the socket (or after `waitMs`).
 */
export function rawRequest(base: string, request: string, waitMs = 2_000): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, waitMs);
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(request);
  });
}

/**
 * A TCP proxy in front of a hub that, once, cuts the first `/live` socket as the hub would
 * tell a client to back off: a close frame with LiveClose.backOff, sent as soon as the hub
 * has said `synced`. Everything else (HTTP, later sockets) passes as is.
 */
export async function backOffProxy(hubUrl: string) {
  const { hostname, port } = new URL(hubUrl);
  let live = 0;
  let cut!: () => void;
  const cutDone = new Promise<void>((resolve) => (cut = resolve));
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
    }
    let first = true;
    let doomed = false;
    client.on('data', (d: Buffer) => {
      if (first && d.toString('latin1').startsWith(`GET ${LIVE_PATH}`)) doomed = ++live === 1;
      first = false;
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (doomed && d.toString('latin1').includes('"t":"synced"')) {
        doomed = false;
        client.write(d);
        // FIN, opcode close, 2 bytes: the code, big-endian, unmasked (server to client).
        client.end(Buffer.from([0x88, 0x02, LiveClose.backOff >> 8, LiveClose.backOff & 0xff]));
        upstream.destroy();
        cut();
        return;
      }
      client.write(d);
    });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    /** Resolves once the first socket was cut. */
    cut: cutDone,
    /** `/live` sockets opened through the proxy so far. */
    get sockets() {
      return live;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of open) s.destroy();
      }),
  };
}
