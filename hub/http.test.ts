/* eslint-disable @typescript-eslint/no-explicit-any -- answers are arbitrary JSON */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hc } from 'hono/client';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppType } from './app';
import { useHubs } from './testing/hubs';

const hubs = useHubs();
const widgetDir = mkdtempSync(join(tmpdir(), 'nook-widget-'));
afterAll(() => rmSync(widgetDir, { recursive: true, force: true }));

describe('HTTP hygiene', () => {
  it('answers every refusal as JSON with a 4xx', async () => {
    const { api } = await hubs.start('sqlite');
    const expectError = async (p: Promise<{ status: number; body: any }>, status: number, code: string) => {
      const r = await p;
      expect([r.status, r.body?.error?.code]).toEqual([status, code]);
      expect(typeof r.body.error.message).toBe('string');
    };
    await expectError(api.get('/nope'), 404, 'not_found');
    await expectError(api.call('PUT', '/groups'), 404, 'not_found');
    await expectError(api.call('POST', '/groups', { raw: '{"name":', headers: { 'content-type': 'application/json' } }), 400, 'bad_json');
    await expectError(api.call('POST', '/groups', { raw: 'name=x', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    await expectError(api.post('/groups', { name: 'x', ownerName: 'y', pad: 'x'.repeat(70_000) }), 413, 'too_large');
    await expectError(api.post('/groups', { name: 'x', ownerName: 'y', admin: true }), 400, 'bad_request');
    await expectError(api.get('/me'), 401, 'unauthorized');
    await expectError(api.call('GET', '/me', { headers: { authorization: 'Token abc' } }), 401, 'bad_token');
    await expectError(api.get('/live'), 426, 'upgrade_required');
  });

  it('rate-limits writes per member with Retry-After, and leaves reads alone', async () => {
    const { api } = await hubs.start('sqlite', { rateLimit: { perSecond: 1, burst: 3 } });
    const g = await api.group(); // 1 write from this address
    const invite = await api.post(`/groups/${g.groupId}/invites`, {}, g.token);
    expect(invite.status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.post(`/groups/${g.groupId}/invites`, {}, g.token)).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    const limited = await api.post(`/groups/${g.groupId}/invites`, {}, g.token);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 10; i++) expect((await api.get(`/groups/${g.groupId}`, g.token)).status).toBe(200);
    // Another member has a bucket of their own.
    const other = await api.group({ name: 'Other' });
    expect((await api.post(`/groups/${other.groupId}/invites`, {}, other.token)).status).toBe(200);
  });

  it('allows the extension’s origin with bearer tokens, never with credentials', async () => {
    const { api } = await hubs.start('sqlite');
    const preflight = await fetch(`${api.base}/groups`, {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const get = await api.call('GET', '/health', { headers: { origin: 'moz-extension://x' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the built widget files when present, and only those', async () => {
    const { api: bare } = await hubs.start('sqlite', { widgetDir: join(widgetDir, 'missing') });
    expect((await bare.get('/widget.js')).body.error.code).toBe('not_found');

    mkdirSync(join(widgetDir, 'panel'), { recursive: true });
    writeFileSync(join(widgetDir, 'widget.js'), 'console.log("nook")');
    writeFileSync(join(widgetDir, 'panel', 'index.html'), '<!doctype html><title>Nook discussion</title>');
    writeFileSync(join(widgetDir, 'secret.txt'), 'no');
    const { api } = await hubs.start('sqlite', { widgetDir });
    const js = await fetch(`${api.base}/widget.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toBe('console.log("nook")');
    const panel = await fetch(`${api.base}/panel/`);
    expect(panel.headers.get('content-type')).toContain('text/html');
    expect(await panel.text()).toContain('Nook discussion');
    for (const path of ['/panel/../secret.txt', '/panel/%2e%2e/secret.txt', '/panel/..%2fsecret.txt', '/secret.txt']) {
      const r = await fetch(api.base + path);
      expect(r.status, path).toBe(404);
    }
  });

  it('works with the typed client hc<AppType>', async () => {
    const { url } = await hubs.start('sqlite');
    const client = hc<AppType>(url);
    const created = await client.groups.$post({ json: { name: 'Typed', ownerName: 'Tess' } });
    expect(created.status).toBe(200);
    const { group, token } = await created.json();
    const view = await client.groups[':groupId'].$get(
      { param: { groupId: group.id } },
      { headers: { authorization: `Bearer ${token}` } },
    );
    const body = await view.json();
    expect('group' in body && body.group.name).toBe('Typed');
  });
});
