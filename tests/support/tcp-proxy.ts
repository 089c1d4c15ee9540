import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  url: string;
  /** Connections made to each upstream so far, by port. */
  readonly served: Map<number, number>;
  close(): Promise<void>;
}

/**
 * A round-robin TCP balancer for tests (what a load balancer without affinity does): each
 * connection goes to the next upstream, and one that refuses is skipped, so a stopped
 * instance loses its connections and new ones reach the others.
 */
export function startTcpProxy(upstreams: number[]): Promise<TcpProxy> {
  let next = 0;
  const open = new Set<Socket>();
  const served = new Map<number, number>();
  const server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const attempt = (left: number) => {
      if (left === 0 || client.destroyed) return void client.destroy();
      const port = upstreams[next++ % upstreams.length]!;
      const upstream = connect(port, '127.0.0.1');
      let connected = false;
      upstream.once('error', () => {
        upstream.destroy();
        // Refused before anything passed: try the next instance. Lost midway: so is the client's connection.
        if (!connected) attempt(left - 1);
        else client.destroy();
      });
      upstream.once('connect', () => {
        connected = true;
        served.set(port, (served.get(port) ?? 0) + 1);
        open.add(upstream);
        upstream.once('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(upstreams.length);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        served,
        close: () =>
          new Promise<void>((done) => {
            for (const s of open) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
