import { createMiddleware } from 'hono/factory';
import { UserError } from '../../protocol';
import { clientAddress } from './client-address';
import type { HubEnv } from './env';

/**
 * Listing, reporting and asking to join reach other people (owners, the operator, whoever
 * looks a bucket up), so they are limited twice: per member, and per address. A script
 * that makes a new identity for each request still meets its address's limit, and many
 * members behind one address each keep their own.
 */
export const discoveryLimit = createMiddleware<HubEnv>(async (c, next) => {
  const limiter = c.var.hub.discoveryLimiter;
  if (limiter) {
    const keys = [`addr:${clientAddress(c)}`, ...(c.var.memberId ? [`member:${c.var.memberId}`] : [])];
    const wait = Math.max(...keys.map((k) => limiter.take(k)));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new UserError('rate_limited', 'Too many requests to join or listings at once; try again later.', { retryAfter: wait });
    }
  }
  await next();
});
