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

  it('an IPv6 caller is one bucket for its whole /64, however it writes or rotates the addresses in it', async () => {
    const { url } = await hubs.start('sqlite', { trustProxy: 1, rateLimit: { perSecond: 0.01, burst: 3 } });
    const statuses: number[] = [];
    // One host hands itself a new address of its prefix for every request (as privacy extensions do, faster).
    for (const seen of ['2001:db8:1:2::1', '2001:db8:1:2:aaaa::9', '2001:DB8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:0:0:0:7', '2001:db8:1:2::1.2.3.4']) {
      statuses.push(await createAs(url, `10.0.0.1, ${seen}`));
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // The next /64 is someone else; an IPv4 address written as IPv6 is that IPv4 address.
    expect(await createAs(url, '2001:db8:1:3::1')).toBe(200);
    for (let i = 0; i < 3; i++) expect(await createAs(url, '::ffff:198.51.100.9')).toBe(200);
    expect(await createAs(url, '198.51.100.9')).toBe(429);
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: the connection’s address counts', async () => {
    const { url } = await hubs.start('sqlite', { rateLimit: { perSecond: 0.01, burst: 2 } });
    expect(await createAs(url, '1.1.1.1')).toBe(200);
    expect(await createAs(url, '2.2.2.2')).toBe(200);
    expect(await createAs(url, '3.3.3.3')).toBe(429);
  });
});
