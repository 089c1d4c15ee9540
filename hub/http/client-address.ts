import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { isIPv4, isIPv6 } from 'node:net';
import type { HubEnv } from './env';

/**
 * Who an address stands for in a limit: an IPv4 address itself (one written as IPv6,
 * `::ffff:a.b.c.d`, included), an IPv6 address its /64. One host is given a whole /64 and can
 * take a new address in it for every request, so counting addresses would count nothing.
 */
export function addressKey(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(bare)) return address;
  const [left = '', right] = bare.split('::');
  const words = (part: string) => {
    if (part === '') return [];
    const out = part.split(':');
    const last = out.at(-1)!;
    // A dotted IPv4 tail fills the last two words.
    if (isIPv4(last)) {
      const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
      out.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    }
    return out.map((w) => parseInt(w, 16));
  };
  const head = words(left);
  const tail = right === undefined ? [] : words(right);
  const all = [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  if (all.slice(0, 5).every((w) => w === 0) && all[5] === 0xffff) {
    return [all[6]! >> 8, all[6]! & 255, all[7]! >> 8, all[7]! & 255].join('.');
  }
  return `${all
    .slice(0, 4)
    .map((w) => w.toString(16))
    .join(':')}::/64`;
}

/**
 * The caller, for the limits of callers without a token: their address (addressKey: an IPv6
 * caller's /64). Behind N trusted proxies (NOOK_TRUST_PROXY=N), each proxy appends to
 * X-Forwarded-For the address it was reached from, so the Nth entry from the right is the one
 * the outermost trusted proxy saw; everything left of it was written by the caller and proves
 * nothing. A header shorter than N (a proxy that replaces rather than appends) gives its
 * leftmost entry.
 */
export function clientAddress(c: Context<HubEnv>): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined;
  }
  return callerAddress(c.req.header('x-forwarded-for'), remote, c.var.hub.config.trustProxy);
}

/** clientAddress from the parts of a request (a WebSocket upgrade has no Hono context). */
export function callerAddress(forwardedFor: string | undefined, remote: string | undefined, proxies: number): string {
  if (proxies > 0) {
    const entries = (forwardedFor ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const seen = entries[Math.max(0, entries.length - proxies)];
    if (seen) return addressKey(seen);
  }
  return remote ? addressKey(remote) : 'unknown';
}

/** This machine: the operator's own tools, or a proxy on it that the hub was not told to trust. */
export const isLoopback = (key: string) => /^127\./.test(key) || key === '0:0:0:0::/64';
