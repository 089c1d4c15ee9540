import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useHubs } from '../testing/hubs';

const hubs = useHubs();

/** Creates a group without a token (a new identity each time), as a caller behind `forwarded`. */
const createAs = (base: string, forwarded: string) =>
  fetch(`${base}/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
    body: JSON.stringify({ id: randomUUID(), name: 'Flood', ownerName: 'Bot' }),
  }).then((r) => r.status);

describe('the caller’s address behind proxies (NOOK_TRUST_PROXY)', () => {
  it('a caller who rotates the leftmost X-Forwarded-For entry through one trusted proxy stays in one rate-limit bucket', async () => {
    const { url } = await hubs.start('sqlite', { trustProxy: 1, rateLimit: { perSecond: 0.01, burst: 3 } });
    const statuses: number[] = [];
    // The proxy appends the address it saw (203.0.113.7); whatever the caller wrote comes before it.
    for (let i = 0; i < 6; i++) statuses.push(await createAs(url, `10.0.0.${i}, 203.0.113.7`));
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    // Another caller seen by the proxy has a bucket of its own.
    expect(await createAs(url, '10.0.0.1, 198.51.100.4')).toBe(200);
  });

  it('with two trusted proxies, the address the outer proxy saw counts; a short header falls back to its leftmost entry', async () => {
    const { url } = await hubs.start('sqlite', { trustProxy: 2, rateLimit: { perSecond: 0.01, burst: 2 } });
    // client-written, seen by the outer proxy, seen by the inner proxy (the load balancer's own address).
    expect(await createAs(url, '1.1.1.1, 203.0.113.7, 10.1.0.1')).toBe(200);
    expect(await createAs(url, '2.2.2.2, 203.0.113.7, 10.1.0.2')).toBe(200);
    expect(await createAs(url, '3.3.3.3, 203.0.113.7, 10.1.0.3')).toBe(429);
    expect(await createAs(url, '198.51.100.4')).toBe(200);
    expect(await createAs(url, '198.51.100.4')).toBe(200);
    expect(await createAs(url, '198.51.100.4')).toBe(429);
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: the connection’s address counts', async () => {
    const { url } = await hubs.start('sqlite', { rateLimit: { perSecond: 0.01, burst: 2 } });
    expect(await createAs(url, '1.1.1.1')).toBe(200);
    expect(await createAs(url, '2.2.2.2')).toBe(200);
    expect(await createAs(url, '3.3.3.3')).toBe(429);
  });
});
