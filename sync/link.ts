import { Timers } from './timers';
import { CLOSE_BACK_OFF, CLOSE_UNAUTHORIZED, LIVE_PATH, LIVE_PROTOCOL, type ClientMessage, type ErrorInfo, type HubMessage } from './wire';

/** How the socket is let in: the background's bearer token, said in hello; or the panel's session cookie, at the upgrade. */
export type LinkAuth = { kind: 'bearer'; token: string } | { kind: 'cookie' };

export type SocketClass = { new (url: string, protocols?: string | string[]): WebSocket };

export interface LinkTiming {
  pingMs: number;
  /** First reconnect delay; it doubles per failed attempt up to maxBackoffMs, with ±25 % jitter. */
  backoffMs: number;
  maxBackoffMs: number;
}
export const LINK_TIMING: LinkTiming = { pingMs: 20_000, backoffMs: 500, maxBackoffMs: 30_000 };
const BACK_OFF_ATTEMPT = 2;

export interface LinkOptions {
  hub: string;
  WebSocket: SocketClass;
  /** Read at every connect (a token can change); null: nobody to connect as, stay closed. */
  auth(): Promise<LinkAuth | null>;
  /** The groups to say hello with, and the last number held of each: read when the socket opens. */
  cursors(): Promise<Record<string, number>>;
  /** The frame as a hub message, or null to drop it (the background validates; the panel trusts its own hub). */
  parse(raw: unknown): HubMessage | null;
  /** Each frame, strictly in order: the next one waits until this one's promise settles. */
  receive(m: HubMessage): Promise<void>;
  /** Hello went: what is sent from now on reaches the hub after it. */
  greeted?(): void;
  /** A socket is being opened. */
  connecting(): void;
  /** The socket closed (or never opened) for a passing reason; the link tries again by itself. */
  down(error: ErrorInfo | null): void;
  /** The hub does not let this client in; the link stays closed until open() is called again. */
  unauthorized(error: ErrorInfo): void;
  timing?: Partial<LinkTiming>;
  random?(): number;
}

/**
 * The one place in the clients that opens the live socket: at most one socket at a time,
 * every timer tracked, frames handled one at a time in order, and only the current socket's
 * events heard — a socket being replaced cannot close or speak for its successor.
 */
export class LiveLink {
  private ws: WebSocket | null = null;
  /** Between open() and the socket's creation, which waits for auth(): a second open() must not start another. */
  private opening = false;
  private retrying = false;
  private closed = false;
  private greeted = false;
  private attempt = 0;
  /** Messages asked for before hello went: sent right after it, in order. */
  private outgoing: ClientMessage[] = [];
  private inbox: Promise<void> = Promise.resolve();
  private timers = new Timers();
  private stopPing: (() => void) | null = null;
  private readonly timing: LinkTiming;
  /** Moves on reconnect(): a connect still waiting for the old credentials starts over. */
  private generation = 0;

  constructor(private readonly o: LinkOptions) {
    this.timing = { ...LINK_TIMING, ...o.timing };
  }

  /** Hello went on the current socket: messages now reach the hub in order after it. */
  get ready(): boolean {
    return this.greeted && this.ws?.readyState === 1;
  }

  /** Connects unless a socket is open, opening, or waiting out its backoff (or the link was closed, for good). */
  open(): void {
    if (this.ws || this.opening || this.retrying || this.closed) return;
    void this.connect();
  }

  /** A new socket now (the credentials changed): the current one is let go first. */
  reconnect(): void {
    this.generation++;
    this.drop();
    this.timers.clear();
    this.retrying = false;
    this.open();
  }

  /** Sent after hello on the current socket; dropped when there is none (the next hello says it all). */
  send(m: ClientMessage): void {
    if (!this.ws) return;
    if (this.ready) this.ws.send(JSON.stringify(m));
    else this.outgoing.push(m);
  }

  close(): void {
    this.closed = true;
    this.timers.clear();
    this.retrying = false;
    this.drop();
  }

  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    this.greeted = false;
    this.outgoing = [];
    this.stopPing?.();
    this.stopPing = null;
    ws?.close(1000);
  }

  private async connect(): Promise<void> {
    this.opening = true;
    const generation = this.generation;
    let ws: WebSocket;
    try {
      const auth = await this.o.auth();
      if (generation !== this.generation) return void queueMicrotask(() => this.open());
      if (!auth || this.closed) return;
      this.o.connecting();
      try {
        ws = new this.o.WebSocket(`${this.o.hub.replace(/^http/, 'ws')}${LIVE_PATH}`, [LIVE_PROTOCOL]);
      } catch (e) {
        this.o.down({ code: 'hub_unreachable', message: e instanceof Error ? e.message : String(e) });
        return this.backoff();
      }
      this.ws = ws;
      this.listen(ws, auth);
    } catch (e) {
      this.o.down({ code: 'unexpected', message: e instanceof Error ? e.message : String(e) });
      this.backoff();
    } finally {
      this.opening = false;
    }
  }

  private listen(ws: WebSocket, auth: LinkAuth): void {
    let refusal: ErrorInfo | null = null;
    ws.onopen = async () => {
      let groups: Record<string, number>;
      try {
        groups = await this.o.cursors();
      } catch {
        // A hello without its groups would follow nothing: this socket goes, the next one tries again.
        return ws.close(1000);
      }
      if (ws !== this.ws || ws.readyState !== 1) return;
      // The cookie let this socket in at the upgrade; a bearer token is said here, never in the URL.
      ws.send(JSON.stringify({ t: 'hello', ...(auth.kind === 'bearer' ? { token: auth.token } : {}), groups } satisfies ClientMessage));
      this.greeted = true;
      for (const m of this.outgoing.splice(0)) ws.send(JSON.stringify(m));
      this.o.greeted?.();
      this.stopPing?.();
      this.stopPing = this.timers.every(() => this.send({ t: 'ping' }), this.timing.pingMs);
    };
    ws.onmessage = (ev) => {
      if (ws !== this.ws) return;
      let m: HubMessage | null;
      try {
        m = this.o.parse(JSON.parse(String(ev.data)));
      } catch {
        m = null;
      }
      if (!m) return;
      // Read now, not in turn: the close that follows it may come before the queue gets there.
      if (m.t === 'error') refusal = m.error;
      if (m.t === 'ready') this.attempt = 0;
      const msg = m;
      this.inbox = this.inbox.then(() => this.o.receive(msg)).catch((e) => console.error('[nook] sync', e));
    };
    ws.onclose = (ev) => {
      if (ws !== this.ws) return;
      this.ws = null;
      this.greeted = false;
      this.outgoing = [];
      this.stopPing?.();
      this.stopPing = null;
      if (this.closed) return;
      if (ev.code === CLOSE_UNAUTHORIZED) {
        const why = refusal ?? { code: 'unauthorized', message: 'The hub does not let this device in.' };
        // After the frames before it: the member's state is settled before they are asked to sign in again.
        this.inbox = this.inbox.then(() => this.o.unauthorized(why));
        return;
      }
      // Told to back off: the first retry waits as the third would (backoffMs × 4), then longer.
      if (ev.code === CLOSE_BACK_OFF) this.attempt = Math.max(this.attempt, BACK_OFF_ATTEMPT);
      this.o.down(null);
      this.backoff();
    };
    ws.onerror = () => undefined;
  }

  private backoff(): void {
    if (this.closed) return;
    const base = Math.min(this.timing.maxBackoffMs, this.timing.backoffMs * 2 ** this.attempt++);
    const delay = base * (0.75 + (this.o.random ?? Math.random)() * 0.5);
    this.retrying = true;
    this.timers.later(() => {
      this.retrying = false;
      this.open();
    }, delay);
  }
}
