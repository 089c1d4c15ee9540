import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the live code reports; optional everywhere, so a hub without metrics wires nothing. */
export interface LiveMetrics {
  /** Events handed to live sockets (one event to two members counts two). */
  delivered(n: number): void;
}

/**
 * The hub's Prometheus metrics. Each hub has a registry of its own: tests and the bench
 * run several hubs in one process, and a global registry would add their counts together.
 */
export class HubMetrics implements LiveMetrics {
  readonly registry = new Registry();
  private readonly written = new Counter({
    name: 'nook_events_written_total',
    help: 'Events written to the database by this instance.',
    registers: [this.registry],
  });
  private readonly deliveredTotal = new Counter({
    name: 'nook_events_delivered_total',
    help: 'Events sent to live sockets by this instance (one per event and subscriber).',
    registers: [this.registry],
  });
  private readonly lag = new Histogram({
    name: 'nook_fanout_lag_seconds',
    help: 'From the commit of an event on another instance to its notice arriving here.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly requests = new Histogram({
    name: 'nook_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'nook_write_refusals_total',
    help: 'Writes the hub refused (4xx answers to POST, PUT, PATCH, DELETE), by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(connections: () => number) {
    new Gauge({
      name: 'nook_live_connections',
      help: 'Live WebSockets open on this instance.',
      registers: [this.registry],
      collect() {
        this.set(connections());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  eventsWritten(n: number): void {
    this.written.inc(n);
  }

  delivered(n: number): void {
    this.deliveredTotal.inc(n);
  }

  /** A notice from another instance, published at `sentAt` (epoch ms, that instance's clock). */
  noticed(sentAt: number, now = Date.now()): void {
    this.lag.observe(Math.max(0, now - sentAt) / 1000);
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  refused(code: string): void {
    this.refusals.inc({ code });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
