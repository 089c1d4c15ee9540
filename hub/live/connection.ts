import type { WebSocket } from 'ws';
import { ClientMessage, LiveClose, type HubMessage } from '../../protocol';
import { membership } from '../store/access';
import type { Clock } from '../clock';
import { checkToken } from '../store/identity';
import type { Db } from '../store/store';
import type { Fanout, LiveConn } from './fanout';

export interface LiveDeps {
  db: Db;
  fanout: Fanout;
  log: (line: string) => void;
  helloTimeoutMs: number;
  clock: Clock;
  tokenTtlMs: number;
}

type Parsed = ReturnType<typeof ClientMessage.parse>;

/** One client's WebSocket: authenticates, then follows the groups it asks for. */
export class LiveConnection implements LiveConn {
  memberId = '';
  private token = '';
  private alive = true;
  private readonly groups = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private helloTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: LiveDeps,
    presetToken: string | undefined,
  ) {
    ws.on('message', (data, isBinary) => this.receive(data.toString(), isBinary));
    ws.on('close', () => this.closed());
    ws.on('error', () => ws.terminate());
    ws.on('pong', () => {
      this.alive = true;
    });
    if (presetToken) this.enqueue(() => this.authenticate(presetToken));
    else this.helloTimer = setTimeout(() => this.fail('unauthorized', 'Say hello first.', LiveClose.helloTimeout), deps.helloTimeoutMs);
  }

  send(msg: HubMessage): Promise<void> {
    if (this.ws.readyState !== this.ws.OPEN) return Promise.resolve();
    return new Promise((resolve) => this.ws.send(JSON.stringify(msg), () => resolve()));
  }

  revoked(groupId: string): void {
    this.groups.delete(groupId);
  }

  /** Called every heartbeat: a peer that did not answer the last ping is gone. */
  beat(): void {
    if (!this.alive) return void this.ws.terminate();
    this.alive = false;
    this.ws.ping();
    // A device signed out (or expired) since hello loses its socket within a heartbeat, on
    // whichever instance holds it: one read by primary key per socket per beat.
    if (this.memberId) this.enqueue(() => this.recheck());
  }

  private async recheck() {
    const found = await checkToken(this.deps.db, this.token, this.deps.clock.now(), this.deps.tokenTtlMs);
    if (found === 'expired') this.fail('token_expired', 'This device was not used for too long and was signed out; sign in again.', LiveClose.unauthorized);
    else if (found === 'unknown') this.fail('bad_token', 'This device was signed out.', LiveClose.unauthorized);
  }

  /** Closes the socket when the hub goes down. */
  shutdown(): void {
    this.ws.close(LiveClose.goingAway, 'hub shutting down');
  }

  private enqueue(fn: () => Promise<void>) {
    // One message at a time: a `sub` right after `hello` must see the member it authenticated.
    this.queue = this.queue.then(fn).catch((err: Error) => {
      this.deps.log(`live: ${err.message}`);
      this.fail('internal', 'Something went wrong on the hub.', 1011);
    });
  }

  private receive(text: string, isBinary: boolean) {
    let msg: Parsed;
    try {
      if (isBinary) throw new Error('binary');
      msg = ClientMessage.parse(JSON.parse(text));
    } catch {
      this.fail('bad_request', 'Not a Nook live message.', LiveClose.badMessage);
      return;
    }
    this.enqueue(() => this.handle(msg));
  }

  private async handle(msg: Parsed) {
    if (msg.t === 'ping') return void (await this.send({ t: 'pong' }));
    if (msg.t === 'hello') {
      if (!this.memberId) {
        if (!msg.token) return this.fail('unauthorized', 'hello needs a token.', LiveClose.unauthorized);
        await this.authenticate(msg.token);
        if (!this.memberId) return;
      }
      return this.subscribe(msg.groups);
    }
    if (!this.memberId) return this.fail('unauthorized', 'Say hello first.', LiveClose.unauthorized);
    if (msg.t === 'sub') return this.subscribe(msg.groups);
    for (const groupId of msg.groups) {
      this.groups.delete(groupId);
      this.deps.fanout.unsubscribe(this, groupId);
    }
  }

  private async authenticate(token: string) {
    clearTimeout(this.helloTimer);
    const found = await checkToken(this.deps.db, token, this.deps.clock.now(), this.deps.tokenTtlMs);
    if (found === 'expired') return this.fail('token_expired', 'This device was not used for too long and was signed out; sign in again.', LiveClose.unauthorized);
    if (found === 'unknown') return this.fail('bad_token', 'This token is not known to this hub.', LiveClose.unauthorized);
    this.memberId = found.memberId;
    this.token = token;
    await this.send({ t: 'ready', memberId: found.memberId });
  }

  private async subscribe(cursors: Record<string, number>) {
    for (const [groupId, after] of Object.entries(cursors)) {
      const m = await membership(this.deps.db, groupId, this.memberId);
      if (m?.status !== 'active') {
        this.deps.fanout.unsubscribe(this, groupId);
        this.groups.delete(groupId);
        await this.send({ t: 'revoked', group: groupId, reason: 'not_member' });
        continue;
      }
      this.groups.add(groupId);
      this.deps.fanout.subscribe(this, groupId, after);
    }
  }

  private fail(code: string, message: string, closeCode: number) {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify({ t: 'error', error: { code, message } } satisfies HubMessage));
    this.ws.close(closeCode, code);
  }

  private closed() {
    clearTimeout(this.helloTimer);
    for (const groupId of this.groups) this.deps.fanout.unsubscribe(this, groupId);
    this.groups.clear();
  }
}
