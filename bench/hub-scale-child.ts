import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { cpuMeter, serveParent } from './hub-proc';
import { Http, inParallel, messageBodies, messagePath, setUpGroups, type BenchGroup } from './hub-load';
import { summary } from './stats';

/**
 * The load generator for several hub instances on one database, as a load balancer would
 * spread clients: posts go to the instances in turn, and each member's live socket to one of
 * them. Every delivery is timed on this process's clock and counted as same-instance (posted
 * through the instance the socket is on) or cross-instance (the bus carried it). For the
 * failover, the sockets of a killed instance reconnect to a survivor from their last event.
 */

let urls: string[] = [];
let https: Http[] = [];
let groups: BenchGroup[] = [];
const bodies = messageBodies();
const cpu = cpuMeter();

interface Sock {
  ws: WebSocket;
  group: string;
  token: string;
  /** The instance it is on now, and the one it first connected to. */
  via: number;
  home: number;
  cursor: number;
  /** Epoch ms when the failover's target head was reached. */
  caughtUpAt?: number;
}
let socks: Sock[] = [];
/** Message id -> when and through which instance its POST was sent (measured posts only). */
const sentAt = new Map<string, { t: number; via: number }>();
let same: number[] = [];
let cross: number[] = [];
/** Per group, the highest number the hub has answered a post with. */
const answered = new Map<string, number>();
let steady: { stop: boolean; done: Promise<void> } | undefined;
let failover: { from: number; to: number; heads?: Map<string, number> } | undefined;

const rand = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

async function post(via: number, g = pick(groups), id = randomUUID()) {
  const a = await https[via]!.send('POST', messagePath(g.id, pick(g.threads)), JSON.stringify({ id, body: pick(bodies) }), pick(g.tokens), true);
  if (a.status === 200) {
    const seq = (JSON.parse(a.text) as { message: { seq: number } }).message.seq;
    answered.set(g.id, Math.max(answered.get(g.id) ?? 0, seq));
  }
  return a.status;
}

function listen(s: Sock) {
  s.ws.on('message', (raw) => {
    const now = performance.now();
    const m = JSON.parse(raw.toString()) as { t: string; events?: { seq: number; kind: string; data: { id?: string } }[] };
    if (m.t !== 'events') return;
    for (const e of m.events!) {
      s.cursor = Math.max(s.cursor, e.seq);
      if (e.kind !== 'message.posted') continue;
      const sent = sentAt.get(e.data.id!);
      if (sent) (sent.via === s.via ? same : cross).push(now - sent.t);
    }
    const head = failover?.heads?.get(s.group);
    if (head !== undefined && s.via === failover!.to && s.cursor >= head) s.caughtUpAt ??= Date.now();
  });
}

function open(s: Sock, via: number): Promise<void> {
  s.via = via;
  s.ws = new WebSocket(`${urls[via]!.replace(/^http/, 'ws')}/live`, ['nook.v1'], { perMessageDeflate: false });
  return new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('socket not synced within 30 s')), 30_000);
    s.ws.once('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    s.ws.on('open', () => s.ws.send(JSON.stringify({ t: 'hello', token: s.token, groups: { [s.group]: s.cursor } })));
    s.ws.on('message', function first(raw) {
      const m = JSON.parse(raw.toString()) as { t: string };
      if (m.t !== 'synced') return;
      clearTimeout(timer);
      s.ws.off('message', first);
      ok();
    });
    listen(s);
    s.ws.on('close', () => {
      // As through a load balancer: the killed instance's clients come back on the survivor.
      if (failover && s.via === failover.from) void reconnect(s);
    });
  });
}

async function reconnect(s: Sock) {
  for (;;) {
    try {
      await open(s, failover!.to);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

serveParent(
  {
    /** Groups made through the first instance; every instance shares the database. */
    async setup(o: { urls: string[]; groups: number; members: number; threads: number; sockets: number }) {
      urls = o.urls;
      https = urls.map((u) => new Http(u, o.sockets));
      const t0 = performance.now();
      groups = await setUpGroups(https[0]!, o);
      return { seconds: (performance.now() - t0) / 1000 };
    },

    /** Other instances (on the same database) to use from now on, in place of the old ones. */
    retarget(o: { urls: string[]; sockets: number }) {
      for (const h of https) h.close();
      urls = o.urls;
      https = urls.map((u) => new Http(u, o.sockets));
      return null;
    },

    /** Closed loop, `concurrency` posts in flight, spread over the instances in `via`. */
    async throughput(o: { concurrency: number; warmupS: number; seconds: number; via: number[] }) {
      const from = performance.now() + o.warmupS * 1000;
      const until = from + o.seconds * 1000;
      let ok = 0;
      let other = 0;
      setTimeout(() => cpu.share(), o.warmupS * 1000);
      await Promise.all(
        Array.from({ length: o.concurrency }, async (_, w) => {
          while (performance.now() < until) {
            const status = await post(o.via[w % o.via.length]!).catch(() => -1);
            const done = performance.now();
            if (done < from || done > until) continue;
            if (status === 200) ok++;
            else other++;
          }
        }),
      );
      return { perSecond: ok / o.seconds, other, clientCpu: cpu.share() };
    },

    /** One socket per member, the i-th on instance via[i % via.length]; resolves once all are synced. */
    async connect(o: { via: number[] }) {
      const members = groups.flatMap((g) => g.tokens.map((token) => ({ g, token })));
      const t0 = performance.now();
      socks = members.map(({ g, token }, i) => ({ ws: undefined as unknown as WebSocket, group: g.id, token, via: o.via[i % o.via.length]!, home: o.via[i % o.via.length]!, cursor: 0 }));
      await inParallel(socks, 100, (s) => open(s, s.via));
      return { sockets: socks.length, seconds: (performance.now() - t0) / 1000 };
    },

    /** Open loop at `rate` posts/s, through the instances in `via` in turn; latencies same- and cross-instance. */
    async deliver(o: { rate: number; warmupS: number; seconds: number; via: number[]; drainMs: number }) {
      same = [];
      cross = [];
      sentAt.clear();
      const total = Math.round(o.rate * (o.warmupS + o.seconds));
      const firstMeasured = Math.round(o.rate * o.warmupS);
      const followers = new Map<string, number[]>();
      for (const s of socks) followers.set(s.group, [...(followers.get(s.group) ?? []), s.via]);
      let expected = { same: 0, cross: 0 };
      let refused = 0;
      let sent = 0;
      const answers: Promise<void>[] = [];
      const start = performance.now();
      await new Promise<void>((done) => {
        const tick = () => {
          const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * o.rate) + 1);
          for (; sent < due; sent++) {
            const g = pick(groups);
            const via = o.via[sent % o.via.length]!;
            const id = randomUUID();
            const measured = sent >= firstMeasured;
            if (measured) sentAt.set(id, { t: performance.now(), via });
            answers.push(
              post(via, g, id).then(
                (status) => {
                  if (!measured) return;
                  if (status !== 200) return void refused++;
                  for (const v of followers.get(g.id) ?? []) expected = v === via ? { ...expected, same: expected.same + 1 } : { ...expected, cross: expected.cross + 1 };
                },
                () => void (measured && refused++),
              ),
            );
          }
          if (sent < total) setTimeout(tick, 1);
          else done();
        };
        tick();
      });
      await Promise.all(answers);
      const deadline = performance.now() + o.drainMs;
      while (same.length + cross.length < expected.same + expected.cross && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return { refused, expected, received: { same: same.length, cross: cross.length }, same: summary(same), cross: summary(cross), all: summary([...same, ...cross]) };
    },

    /** Posts at `rate` through instance `via` until `stopSteady`. */
    steady(o: { rate: number; via: number }) {
      const state = { stop: false, done: Promise.resolve() };
      state.done = (async () => {
        const pending: Promise<unknown>[] = [];
        while (!state.stop) {
          pending.push(post(o.via).catch(() => -1));
          await new Promise((r) => setTimeout(r, 1000 / o.rate));
        }
        await Promise.all(pending);
      })();
      steady = state;
      return null;
    },
    async stopSteady() {
      if (steady) steady.stop = true;
      await steady?.done;
      return null;
    },

    /** From now on, a socket on `from` that closes comes back on `to`. */
    armFailover(o: { from: number; to: number }) {
      failover = { from: o.from, to: o.to };
      return socks.filter((s) => s.via === o.from).length;
    },

    /**
     * Called right after the parent killed instance `from` at `killedAt` (epoch ms): every
     * socket that was on it must reach its group's head as answered by then. Resolves with
     * each one's time from the kill.
     */
    async caughtUp(o: { killedAt: number; timeoutMs: number }) {
      const f = failover!;
      f.heads = new Map(answered);
      const moved = socks.filter((x) => x.home === f.from);
      const check = () => {
        for (const x of moved) if (x.via === f.to && x.cursor >= (f.heads!.get(x.group) ?? 0)) x.caughtUpAt ??= Date.now();
      };
      const deadline = Date.now() + o.timeoutMs;
      for (check(); moved.some((x) => x.caughtUpAt === undefined) && Date.now() < deadline; check()) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const times = moved.filter((x) => x.caughtUpAt !== undefined).map((x) => x.caughtUpAt! - o.killedAt);
      return { clients: moved.length, caughtUp: times.length, times: summary(times) };
    },

    disconnect() {
      failover = undefined;
      for (const s of socks) s.ws.terminate();
      socks = [];
      return null;
    },
  },
  () => {
    for (const s of socks) s.ws.terminate();
    for (const h of https) h.close();
  },
);

