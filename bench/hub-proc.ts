import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The hub benches run every party in a process of its own (the hub, the plain `ws` peer,
 * the load generator, the extension's sync engine), so the hub's event loop never shares a
 * thread with the clients measuring it. Parent and child talk over Node's IPC channel:
 * the parent calls a named command, the child answers with its result.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let spawned = 0;

interface Call {
  id: number;
  cmd: string;
  arg: unknown;
}
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface Child {
  readonly pid: number;
  call<T>(cmd: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to leave, and kills it (by its pid) if it has not within a few seconds. */
  stop(): Promise<void>;
}

/**
 * Starts `bench/<file>` under `node --import tsx`, through a shell that first raises the
 * open-file limit (thousands of sockets), and waits for the child to say it is ready.
 */
export function spawnChild(file: string, o: { nodeArgs?: string[]; env?: Record<string, string>; name?: string } = {}): Promise<Child> {
  const entry = resolve(ROOT, 'bench', file);
  const raise = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';
  const name = o.name ?? file;
  // NOOK_BENCH_CPU_PROFILE=<dir>: every child writes a CPU profile there, one folder per child.
  const profiles = process.env.NOOK_BENCH_CPU_PROFILE;
  const profile = profiles ? ['--cpu-prof', '--cpu-prof-dir', join(resolve(profiles), `${name.replace(/\W+/g, '-')}-${++spawned}`)] : [];
  const argv = [process.execPath, '--import', 'tsx', '--expose-gc', ...profile, ...(o.nodeArgs ?? []), entry];
  const proc: ChildProcess = spawn('sh', ['-c', raise, 'sh', ...argv], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...o.env },
  });
  const waiting = new Map<number, { ok(v: unknown): void; fail(e: Error): void; timer: NodeJS.Timeout }>();
  let next = 1;
  let exited = false;
  const failAll = (why: string) => {
    for (const w of waiting.values()) {
      clearTimeout(w.timer);
      w.fail(new Error(`${name}: ${why}`));
    }
    waiting.clear();
  };
  const exit = new Promise<void>((done) =>
    proc.once('exit', (code, signal) => {
      exited = true;
      failAll(`exited (${signal ?? code})`);
      done();
    }),
  );

  return new Promise<Child>((ready, fail) => {
    const onEarlyExit = () => fail(new Error(`${name} exited before it was ready`));
    proc.once('exit', onEarlyExit);
    proc.once('error', fail);
    proc.on('message', (raw) => {
      const m = raw as Reply | { ready: true };
      if ('ready' in m) {
        proc.removeListener('exit', onEarlyExit);
        ready(child);
        return;
      }
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      clearTimeout(w.timer);
      if (m.ok) w.ok(m.value);
      else w.fail(new Error(`${name}: ${m.error}`));
    });
    const child: Child = {
      pid: proc.pid ?? -1,
      call<T>(cmd: string, arg?: unknown, timeoutMs = 120_000): Promise<T> {
        if (exited) return Promise.reject(new Error(`${name} has exited`));
        const id = next++;
        return new Promise<T>((ok, no) => {
          const timer = setTimeout(() => {
            waiting.delete(id);
            no(new Error(`${name}: ${cmd} took more than ${timeoutMs} ms`));
          }, timeoutMs);
          waiting.set(id, { ok: ok as (v: unknown) => void, fail: no, timer });
          proc.send({ id, cmd, arg } satisfies Call);
        });
      },
      async stop() {
        if (exited) return;
        await child.call('exit', undefined, 10_000).catch(() => undefined);
        const timer = setTimeout(() => {
          if (!exited && proc.pid) process.kill(proc.pid, 'SIGKILL');
        }, 5_000);
        await exit;
        clearTimeout(timer);
      },
    };
  });
}

export type Handlers = Record<string, (arg: never) => unknown>;

/** In a child: answers the parent's calls with `handlers`; `exit` is built in. Leaves when the parent goes. */
export function serveParent(handlers: Handlers, onExit: () => Promise<void> | void = () => undefined): void {
  const send = (m: Reply | { ready: true }) => process.send?.(m);
  let leaving = false;
  const leave = async () => {
    if (leaving) return;
    leaving = true;
    await Promise.resolve(onExit()).catch(() => undefined);
    process.disconnect?.();
    process.exit(0);
  };
  process.on('disconnect', () => void leave());
  process.on('message', (raw) => {
    const { id, cmd, arg } = raw as Call;
    if (cmd === 'exit') {
      send({ id, ok: true, value: null });
      setImmediate(() => void leave());
      return;
    }
    const h = handlers[cmd];
    if (!h) return send({ id, ok: false, error: `no command ${cmd}` });
    Promise.resolve()
      .then(() => h(arg as never))
      .then(
        (value) => send({ id, ok: true, value }),
        (err: Error) => send({ id, ok: false, error: err.stack ?? String(err) }),
      );
  });
  send({ ready: true });
}

/** What a process costs: CPU since the last mark (as a share of one core), and memory after a full GC. */
export function cpuMeter() {
  let cpu = process.cpuUsage();
  let at = performance.now();
  return {
    /** Share of one core used since the last call (1 = one core busy all the time). */
    share(): number {
      const used = process.cpuUsage(cpu);
      const elapsed = performance.now() - at;
      cpu = process.cpuUsage();
      at = performance.now();
      return (used.user + used.system) / 1000 / elapsed;
    },
  };
}

export async function settledMemory(): Promise<{ rss: number; heapUsed: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** The machine's 1-minute load average, for the note of every row (other jobs share these cores). */
export const loadAverage = (): number => loadavg()[0]!;
export const cores = (): number => availableParallelism();
export const load = (): string => `load average ${loadAverage().toFixed(1)} on ${cores()} cores`;

/**
 * The whole machine between two calls (Linux only; nulls elsewhere): the share of all its
 * cores that was busy (/proc/stat), and CPU pressure, the share of the time some runnable
 * task was waiting for a core (/proc/pressure/cpu, "some").
 */
export function machineMeter() {
  const read = () => {
    let stat: { busy: number; total: number } | null = null;
    let waiting: number | null = null;
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      const idle = f[3]! + (f[4] ?? 0);
      const total = f.reduce((a, b) => a + b, 0);
      stat = { busy: total - idle, total };
    } catch {
      /* not Linux */
    }
    try {
      const m = /some .*total=(\d+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
      waiting = m ? Number(m[1]) : null;
    } catch {
      /* no PSI */
    }
    return { stat, waiting, at: performance.now() };
  };
  let last = read();
  return {
    share(): { busy: number | null; pressure: number | null } {
      const now = read();
      const b = last;
      last = now;
      const busy = now.stat && b.stat && now.stat.total > b.stat.total ? (now.stat.busy - b.stat.busy) / (now.stat.total - b.stat.total) : null;
      const pressure = now.waiting !== null && b.waiting !== null ? (now.waiting - b.waiting) / 1000 / (now.at - b.at) : null;
      return { busy, pressure };
    },
  };
}

/** "machine 99% busy, CPU pressure 80%": how much the other jobs on this machine were in the way. */
export function machineNote(m: { busy: number | null; pressure: number | null }): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const parts = [];
  if (m.busy !== null) parts.push(`machine ${pct(m.busy)} busy`);
  if (m.pressure !== null) parts.push(`CPU pressure ${pct(m.pressure)}`);
  return parts.join(', ');
}

/**
 * The main thread of this process between two calls (Linux /proc/self/schedstat): the share
 * of the time it ran on a core, and the share it was ready to run but waited for one.
 */
export function threadMeter() {
  const read = (): [number, number] | null => {
    try {
      const [run, wait] = readFileSync('/proc/self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
      return [run!, wait!];
    } catch {
      return null;
    }
  };
  let last = read();
  let at = performance.now();
  return {
    share(): { running: number; waiting: number } | null {
      const now = read();
      const b = last;
      const elapsedNs = (performance.now() - at) * 1e6;
      last = now;
      at = performance.now();
      if (!now || !b) return null;
      return { running: (now[0] - b[0]) / elapsedNs, waiting: (now[1] - b[1]) / elapsedNs };
    },
  };
}

export interface ServerUsage {
  /** Share of one core used by the whole process (all its threads). */
  cpu: number;
  /** Share of the time the event loop was not waiting for events. */
  loop: number;
  /** The main thread: share of the time on a core, and ready but waiting for one. */
  thread: { running: number; waiting: number } | null;
}

/** "event loop busy 100%: on a core 44%, waiting for one 40%, blocked in system calls ~16%". */
export function usageNote(u: ServerUsage): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if (!u.thread) return `event loop busy ${pct(u.loop)}, ${pct(u.cpu)} of a core`;
  const blocked = u.loop - u.thread.running - u.thread.waiting;
  return (
    `event loop busy ${pct(u.loop)} of the time: main thread on a core ${pct(u.thread.running)}, waiting for one ${pct(u.thread.waiting)}` +
    (blocked > 0.03 ? `, blocked in system calls ~${pct(blocked)}` : '')
  );
}

/**
 * CPU of one PostgreSQL cluster (its postmaster, found by its port, and the postmaster's
 * children: backends, WAL writer, checkpointer), as a share of one core between two calls.
 * Linux /proc only; null elsewhere. A backend that exits between two calls takes its time
 * with it, so the pools keep their connections open while this is read.
 */
export function postgresMeter(port: number) {
  const tick = 100; // USER_HZ: /proc/<pid>/stat counts in hundredths of a second on Linux
  const stat = (pid: string) => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      return { ppid: f[1]!, cpu: Number(f[11]) + Number(f[12]) };
    } catch {
      return null;
    }
  };
  const postmaster = (() => {
    try {
      for (const pid of readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (cmd[0]?.endsWith('/postgres') && cmd[cmd.indexOf('-p') + 1] === String(port)) return pid;
      }
    } catch {
      /* not Linux */
    }
    return null;
  })();
  const read = () => {
    if (!postmaster) return null;
    const byPid = new Map<string, number>();
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const s = stat(pid);
      if (s && (pid === postmaster || s.ppid === postmaster)) byPid.set(pid, s.cpu);
    }
    return { byPid, at: performance.now() };
  };
  let last = read();
  return {
    share(): number | null {
      const now = read();
      const before = last;
      last = now;
      if (!now || !before) return null;
      let ticks = 0;
      for (const [pid, cpu] of now.byPid) ticks += cpu - (before.byPid.get(pid) ?? 0);
      return ticks / tick / ((now.at - before.at) / 1000);
    },
  };
}
