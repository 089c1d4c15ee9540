import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { startHub, type RunningHub } from '../hub/server';
import { cpuMeter, serveParent, settledMemory, threadMeter, type ServerUsage } from './hub-proc';
import { startPeer, type Peer } from './hub-peer';

/**
 * A child process holding one server under test: the Nook hub (SQLite or Postgres), or the
 * plain `ws` broadcast peer. The parent asks it for its memory and CPU between phases.
 */
let server: RunningHub | Peer | undefined;
const cpu = cpuMeter();
const thread = threadMeter();
let elu: EventLoopUtilization = performance.eventLoopUtilization();
/** The first lines the hub logged (a 5xx logs its error). */
const logs: string[] = [];

serveParent(
  {
    async hub(o: { dataDir?: string; databaseUrl?: string; redisUrl?: string }) {
      server = await startHub({
        port: 0,
        dataDir: o.dataDir,
        databaseUrl: o.databaseUrl,
        redisUrl: o.redisUrl,
        rateLimit: false,
        // The benches open thousands of idle sockets; the default heartbeat (30 s) stays.
        log: (line) => {
          if (logs.length < 20) logs.push(line);
        },
      });
      return { url: server.url };
    },
    async peer(o: { sqliteFile?: string } = {}) {
      server = await startPeer(o);
      return { url: server.url };
    },
    memory: () => settledMemory(),
    /**
     * Since the last call: the share of one core the server used, and the share of the time
     * its event loop was not waiting (CPU, but also blocking I/O such as SQLite's fsync, and
     * time the OS gave the core to another process).
     */
    usage: (): ServerUsage => {
      const now = performance.eventLoopUtilization();
      const loop = performance.eventLoopUtilization(now, elu).utilization;
      elu = now;
      return { cpu: cpu.share(), loop, thread: thread.share() };
    },
    connections: () => server?.connections ?? 0,
    logs: () => logs,
  },
  async () => {
    await server?.close();
  },
);
