/* eslint-disable @typescript-eslint/no-explicit-any -- answers are arbitrary JSON that tests assert on field by field */
import { randomUUID } from 'node:crypto';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  token?: string;
  /** Sent as is, instead of JSON of `body`. */
  raw?: string;
  headers?: Record<string, string>;
}

/** A thin HTTP client over fetch for tests: every answer is parsed JSON with its status. */
export class Api {
  constructor(readonly base: string) {}

  async call<T = any>(method: string, path: string, o: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // left as text: the assertions will say so
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(path: string, token?: string) => this.call<T>('GET', path, { token });
  post = <T = any>(path: string, body: unknown, token?: string) => this.call<T>('POST', path, { body, token });
  patch = <T = any>(path: string, body: unknown, token?: string) => this.call<T>('PATCH', path, { body, token });
  put = <T = any>(path: string, body: unknown, token?: string) => this.call<T>('PUT', path, { body, token });
  del = <T = any>(path: string, token?: string) => this.call<T>('DELETE', path, { token });

  /** Creates a group and answers its id, the owner's token and member id. */
  async group(o: { name?: string; topic?: string; memberLimit?: number; allowRequests?: boolean; ownerName?: string; token?: string } = {}) {
    const r = await this.post(
      '/groups',
      {
        id: randomUUID(),
        name: o.name ?? 'Knitting circle',
        topic: o.topic,
        ownerName: o.ownerName ?? 'Olive',
        memberLimit: o.memberLimit,
        allowRequests: o.allowRequests,
      },
      o.token,
    );
    expectOk(r);
    return { groupId: r.body.group.id as string, token: (o.token ?? r.body.token) as string, ownerId: r.body.member.id as string };
  }

  async invite(groupId: string, token: string, body: Record<string, unknown> = {}) {
    const r = await this.post(`/groups/${groupId}/invites`, body, token);
    expectOk(r);
    return r.body.invite as { id: string; code: string; url: string };
  }

  /** A new member joins through a fresh invite; answers their token and id. */
  async member(groupId: string, ownerToken: string, name = 'Mo', token?: string) {
    const invite = await this.invite(groupId, ownerToken);
    const r = await this.post(`/join/${invite.code}`, { name }, token);
    expectOk(r);
    return { token: (token ?? r.body.token) as string, memberId: r.body.member.id as string };
  }

  async thread(groupId: string, token: string, extra: Record<string, unknown> = {}) {
    const r = await this.post(`/groups/${groupId}/threads`, { id: randomUUID(), ...extra }, token);
    expectOk(r);
    return r.body.thread.id as string;
  }

  async message(groupId: string, threadId: string, token: string, body = 'hello') {
    const r = await this.post(`/groups/${groupId}/threads/${threadId}/messages`, { id: randomUUID(), body }, token);
    expectOk(r);
    return r.body.message as { id: string; seq: number; mentions: string[] };
  }

  async events(groupId: string, token: string, after = 0) {
    const all: any[] = [];
    for (;;) {
      const r = await this.get(`/groups/${groupId}/events?after=${after}&limit=1000`, token);
      expectOk(r);
      all.push(...r.body.events);
      after = r.body.events.at(-1)?.seq ?? after;
      if (!r.body.more) return all;
    }
  }
}

export function expectOk(r: Answer) {
  if (r.status !== 200) throw new Error(`expected 200, got ${r.status}: ${JSON.stringify(r.body)}`);
}
