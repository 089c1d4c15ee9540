import { getConnInfo } from '@hono/node-server/conninfo';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `/metrics` tells how busy the hub is and which routes fail: for the operator, never public.
 * It is read from the hub's own machine, or with `Authorization: Bearer <NOOK_METRICS_TOKEN>`.
 * A proxy on the same machine connects from loopback too, so a request that came through
 * one (it carries a forwarding header) needs the token: otherwise a proxy in front of the
 * hub would publish its metrics.
 */
export function mayReadMetrics(c: Context, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer\s+(\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), digest(token))) return true;
  }
  if (['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => c.req.header(h) !== undefined)) return false;
  try {
    return LOOPBACK.test(getConnInfo(c).remote.address ?? '');
  } catch {
    return false;
  }
}
