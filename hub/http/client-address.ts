import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { HubEnv } from './env';

/**
 * The caller's address, for the rate limits of callers without a token. Behind N trusted
 * proxies (NOOK_TRUST_PROXY=N), each proxy appends to X-Forwarded-For the address it was
 * reached from, so the Nth entry from the right is the one the outermost trusted proxy saw;
 * everything left of it was written by the caller and proves nothing. A header shorter than
 * N (a proxy that replaces rather than appends) gives its leftmost entry.
 */
export function clientAddress(c: Context<HubEnv>): string {
  const proxies = c.var.hub.config.trustProxy;
  if (proxies > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const seen = entries[Math.max(0, entries.length - proxies)];
    if (seen) return seen;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
