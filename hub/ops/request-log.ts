import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { HubEnv } from '../http/env';
import type { Ops } from './ops';

/** An incoming X-Request-Id is kept only in a shape that cannot forge or break a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Probes a load balancer makes every few seconds: logged only when they fail. */
const PROBES = new Set(['/health', '/healthz', '/readyz', '/metrics']);

/**
 * The route's pattern (`/groups/:groupId/invites`), never the path: paths hold invite codes
 * (`/join/:code`) and ids, and a label per raw path would grow the metrics without bound.
 * Middleware is registered for every method (`ALL`); the handler that matched is the last
 * route with a method of its own.
 */
export function routeOf(c: Context): string {
  const handler = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return handler?.path ?? 'unmatched';
}

async function refusalCode(res: Response): Promise<string> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface RequestLogEntry {
  time: string;
  level: 'info' | 'warn' | 'error';
  id: string;
  method: string;
  route: string;
  status: number;
  ms: number;
}

/**
 * One JSON line per request, and the request metrics. What a line holds is fixed here:
 * no header, no query, no body, no raw path, so tokens, cookies, invite codes and message
 * text cannot reach the log however a request is made.
 */
export function requestLog(o: Ops): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const start = performance.now();
    const given = c.req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    await next();
    c.header('X-Request-Id', id);
    const ms = performance.now() - start;
    const route = routeOf(c);
    const { method } = c.req;
    const status = c.res.status;
    o.metrics?.request(method, route, status, ms / 1000);
    if (o.metrics && WRITES.has(method) && status >= 400 && status < 500) o.metrics.refused(await refusalCode(c.res));
    if (!o.requestLog || (PROBES.has(route) && status < 400)) return;
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      id,
      method,
      route,
      status,
      ms: Math.round(ms * 10) / 10,
    };
    o.requestLog(JSON.stringify(entry));
  };
}
