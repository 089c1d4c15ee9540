import type { WebSocket } from 'ws';
import { ClientMessage, LiveClose, type HubMessage } from '../../protocol';
import { membership } from '../store/access';
import { memberForToken } from '../store/identity';
import type { Queryable } from '../store/store';
import type { Fanout, LiveConn } from './fanout';

export interface LiveDeps {
  db: Queryable;
  fanout: Fanout;
  log: (line: string) => void;
  helloTimeoutMs: number;
}

type Parsed = ReturnType<typeof ClientMessage.parse>;

/** One client's WebSocket: authenticates, then follows the groups it asks for. */
export class LiveConnection implements LiveConn {
  memberId = '';
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
    const memberId = await memberForToken(this.deps.db, token);
    if (!memberId) return this.fail('bad_token', 'This token is not known to this hub.', LiveClose.unauthorized);
    this.memberId = memberId;
    await this.send({ t: 'ready', memberId });
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
