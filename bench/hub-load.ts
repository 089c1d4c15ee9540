import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { generateNotes } from './notes-gen';

/**
 * What the hub load generators share: a keep-alive HTTP client that does no more than a
 * load tool would (no fetch, no body parsing unless asked), the groups a bench sets up
 * through the hub's own API, and message bodies that read like a group's discussion.
 */

export interface Answer {
  status: number;
  text: string;
}

export class Http {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(base: string, maxSockets: number) {
    const u = new URL(base);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** Sends a JSON body; answers the status and, when `read`, the body text (otherwise it is drained unread). */
  send(method: string, path: string, payload: string | undefined, token: string | undefined, read = true): Promise<Answer> {
    return new Promise((ok, fail) => {
      const headers: Record<string, string> = {};
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      if (token) headers.authorization = `Bearer ${token}`;
      const req = request({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const status = res.statusCode ?? 0;
        if (!read) {
          res.resume();
          res.on('end', () => ok({ status, text: '' }));
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', fail);
      req.end(payload);
    });
  }

  /** A call whose answer must be 200 and JSON. */
  async json<T>(method: string, path: string, body: unknown, token?: string): Promise<T> {
    const a = await this.send(method, path, body === undefined ? undefined : JSON.stringify(body), token);
    if (a.status !== 200) throw new Error(`${method} ${path}: ${a.status} ${a.text.slice(0, 300)}`);
    return JSON.parse(a.text) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface BenchGroup {
  id: string;
  threads: string[];
  /** Every member's token; the owner's first. */
  tokens: string[];
}

/** Runs `fn` over `items` with at most `n` at once. */
export async function inParallel<T, R>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
    }),
  );
  return out;
}

/**
 * Groups of `members` members each (an owner, the rest joined through one invite), with
 * `threads` threads, made through the hub's HTTP API as clients would make them.
 */
export async function setUpGroups(http: Http, o: { groups: number; members: number; threads: number }): Promise<BenchGroup[]> {
  const limit = Math.max(30, o.members + 5);
  return inParallel(Array.from({ length: o.groups }), 16, async (_, g) => {
    const created = await http.json<{ group: { id: string }; token: string }>('POST', '/groups', {
      id: randomUUID(),
      name: `Bench group ${g + 1}`,
      ownerName: 'Owner',
      memberLimit: limit,
    });
    const id = created.group.id;
    const owner = created.token;
    const { invite } = await http.json<{ invite: { code: string } }>('POST', `/groups/${id}/invites`, { maxUses: 1000 }, owner);
    const joined = await inParallel(Array.from({ length: o.members - 1 }), 4, async (__, i) => {
      const r = await http.json<{ token: string }>('POST', `/join/${invite.code}`, { name: `Member ${i + 2}` });
      return r.token;
    });
    const threads: string[] = [];
    for (let t = 0; t < o.threads; t++) {
      const r = await http.json<{ thread: { id: string } }>('POST', `/groups/${id}/threads`, { id: randomUUID(), title: `Thread ${t + 1}` }, owner);
      threads.push(r.thread.id);
    }
    return { id, threads, tokens: [owner, ...joined] };
  });
}

/** The same shape for the plain `ws` peer, which keeps no groups: ids and tokens are made up. */
export function fakeGroups(o: { groups: number; members: number; threads: number }): BenchGroup[] {
  return Array.from({ length: o.groups }, () => ({
    id: randomUUID(),
    threads: Array.from({ length: o.threads }, () => randomUUID()),
    tokens: Array.from({ length: o.members }, () => `nk_${randomUUID().replaceAll('-', '')}${randomUUID().replaceAll('-', '')}`.slice(0, 46)),
  }));
}

/** A thousand message bodies: the first one to three lines of generated notes (Zipf-distributed words). */
export function messageBodies(): string[] {
  return generateNotes(1000, 7).notes.map((n, i) =>
    n.body
      .split('\n')
      .slice(0, 1 + (i % 3))
      .join('\n')
      .replaceAll('@', ''),
  );
}

export const messagePath = (groupId: string, threadId: string) => `/groups/${groupId}/threads/${threadId}/messages`;
