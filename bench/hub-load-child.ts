import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { cpuMeter, serveParent, threadMeter } from './hub-proc';
import { fakeGroups, Http, inParallel, messageBodies, messagePath, setUpGroups, type BenchGroup } from './hub-load';
import { summary } from './stats';

/**
 * The load generator, in a process of its own: it sets groups up through the API, posts
 * (closed loop for throughput, open loop at a fixed rate for delivery), and holds the live
 * sockets whose arrival times are the delivery latencies. Send and arrival times come from
 * this one process's clock.
 */

let base = '';
let http: Http | undefined;
let groups: BenchGroup[] = [];
const bodies = messageBodies();
const sockets: WebSocket[] = [];
const cpu = cpuMeter();
const thread = threadMeter();

/** Message id -> when its POST was sent, for the posts being measured. */
const sentAt = new Map<string, number>();
let latencies: number[] = [];

const rand = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

function post(g: BenchGroup, id: string, read = false) {
  const body = JSON.stringify({ id, body: pick(bodies) });
  return http!.send('POST', messagePath(g.id, pick(g.threads)), body, pick(g.tokens), read);
}

function arrived(raw: WebSocket.RawData) {
  const now = performance.now();
  const m = JSON.parse(raw.toString()) as { t: string; events?: { kind: string; data: { id?: string } }[] };
  if (m.t !== 'events') return;
  for (const e of m.events!) {
    if (e.kind !== 'message.posted') continue;
    const t = sentAt.get(e.data.id!);
    if (t !== undefined) latencies.push(now - t);
  }
}

serveParent(
  {
    /** Groups on a real hub (made through its API), or made-up ones for the peer. */
    async setup(o: { url: string; groups: number; members: number; threads: number; fake?: boolean; sockets: number }) {
      base = o.url;
      http = new Http(o.url, o.sockets);
      const t0 = performance.now();
      groups = o.fake ? fakeGroups(o) : await setUpGroups(http, o);
      return { seconds: (performance.now() - t0) / 1000, members: groups.reduce((n, g) => n + g.tokens.length, 0) };
    },

    /** Closed loop: `concurrency` posts in flight, each sent as soon as the last one answered. */
    async throughput(o: { concurrency: number; warmupS: number; seconds: number }) {
      const start = performance.now();
      const from = start + o.warmupS * 1000;
      const until = from + o.seconds * 1000;
      let ok = 0;
      let refused = 0;
      let failed = 0;
      const statuses: Record<string, number> = {};
      const times: number[] = [];
      let cpuShare = 0;
      setTimeout(() => cpu.share(), o.warmupS * 1000);
      await Promise.all(
        Array.from({ length: o.concurrency }, async () => {
          while (performance.now() < until) {
            const t = performance.now();
            let status = 0;
            try {
              status = (await post(pick(groups), randomUUID())).status;
            } catch {
              status = -1;
            }
            const done = performance.now();
            if (t < from || done > until) continue;
            if (status >= 200 && status < 300) ok++;
            else if (status === -1) failed++;
            else refused++;
            statuses[status] = (statuses[status] ?? 0) + 1;
            times.push(done - t);
          }
        }),
      );
      cpuShare = cpu.share();
      return { ok, refused, failed, statuses, perSecond: ok / o.seconds, latency: summary(times), clientCpu: cpuShare };
    },

    /** One live socket per member, each following its group; resolves once every socket is synced. */
    async connect(o: { concurrency: number }) {
      const wsBase = base.replace(/^http/, 'ws');
      const members = groups.flatMap((g) => g.tokens.map((token) => ({ g, token })));
      const t0 = performance.now();
      await inParallel(members, o.concurrency, ({ g, token }) => {
        const ws = new WebSocket(`${wsBase}/live`, ['nook.v1'], { perMessageDeflate: false });
        sockets.push(ws);
        return new Promise<void>((ok, fail) => {
          const timer = setTimeout(() => fail(new Error('socket not synced within 30 s')), 30_000);
          ws.once('error', fail);
          ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', token, groups: { [g.id]: 0 } })));
          ws.on('message', function first(raw) {
            const m = JSON.parse(raw.toString()) as { t: string };
            if (m.t === 'error') fail(new Error(raw.toString()));
            if (m.t !== 'synced') return;
            clearTimeout(timer);
            ws.off('message', first);
            ws.on('message', arrived);
            ok();
          });
        });
      });
      return { sockets: sockets.length, seconds: (performance.now() - t0) / 1000 };
    },

    /**
     * Open loop: posts at `rate` per second whatever the answers, each into a random group
     * by a random member; latency is from the moment a POST is sent to its arrival on each
     * member's socket. Posts of the warm-up are not measured.
     */
    async deliver(o: { rate: number; warmupS: number; seconds: number; drainMs: number }) {
      latencies = [];
      sentAt.clear();
      const total = Math.round(o.rate * (o.warmupS + o.seconds));
      const firstMeasured = Math.round(o.rate * o.warmupS);
      const members = new Map(groups.map((g) => [g.id, g.tokens.length]));
      let expected = 0;
      let refused = 0;
      let failed = 0;
      const problems: Record<string, number> = {};
      let sent = 0;
      const lags: number[] = [];
      const answers: Promise<void>[] = [];
      const start = performance.now();
      await new Promise<void>((done) => {
        const tick = () => {
          const now = performance.now();
          const due = Math.min(total, Math.floor(((now - start) / 1000) * o.rate) + 1);
          for (; sent < due; sent++) {
            const g = pick(groups);
            const id = randomUUID();
            const measured = sent >= firstMeasured;
            if (sent === firstMeasured) {
              cpu.share();
              thread.share();
            }
            const t = performance.now();
            if (measured) {
              sentAt.set(id, t);
              lags.push(t - (start + (sent / o.rate) * 1000));
            }
            answers.push(
              post(g, id).then(
                (a) => {
                  if (!measured) return;
                  if (a.status >= 200 && a.status < 300) expected += members.get(g.id)!;
                  else {
                    refused++;
                    problems[a.status] = (problems[a.status] ?? 0) + 1;
                  }
                },
                (err: Error) => {
                  if (!measured) return;
                  failed++;
                  problems[err.message] = (problems[err.message] ?? 0) + 1;
                },
              ),
            );
          }
          if (sent < total) setTimeout(tick, 1);
          else done();
        };
        tick();
      });
      const clientCpu = cpu.share();
      const clientWaiting = thread.share()?.waiting ?? null;
      await Promise.all(answers);
      const deadline = performance.now() + o.drainMs;
      while (latencies.length < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const got = latencies;
      latencies = [];
      return {
        posts: total - firstMeasured,
        refused,
        failed,
        problems,
        expected,
        received: got.length,
        latency: summary(got),
        sendLag: summary(lags),
        clientCpu,
        clientWaiting,
      };
    },

    /** `count` messages into the first group, `concurrency` at a time; answers the seqs they took. */
    async seed(o: { count: number; concurrency: number }) {
      const g = groups[0]!;
      const t0 = performance.now();
      let first = Infinity;
      let last = 0;
      await inParallel(Array.from({ length: o.count }), o.concurrency, async () => {
        const a = await post(g, randomUUID(), true);
        if (a.status !== 200) throw new Error(`seed post: ${a.status} ${a.text.slice(0, 200)}`);
        const seq = (JSON.parse(a.text) as { message: { seq: number } }).message.seq;
        first = Math.min(first, seq);
        last = Math.max(last, seq);
      });
      return { seconds: (performance.now() - t0) / 1000, firstSeq: first, lastSeq: last, groupId: g.id };
    },

    /** An invite link into the first group, made by its owner. */
    async invite() {
      const g = groups[0]!;
      const { invite } = await http!.json<{ invite: { url: string } }>('POST', `/groups/${g.id}/invites`, { maxUses: 10 }, g.tokens[0]);
      return invite.url;
    },

    async disconnect() {
      await Promise.all(
        sockets.splice(0).map(
          (ws) =>
            new Promise<void>((ok) => {
              if (ws.readyState === WebSocket.CLOSED) return ok();
              ws.once('close', () => ok());
              ws.terminate();
            }),
        ),
      );
      return null;
    },
  },
  () => {
    for (const ws of sockets) ws.terminate();
    http?.close();
  },
);
