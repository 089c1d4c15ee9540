import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Visit } from '../protocol';
import { useHubs } from './testing/hubs';

const hubs = useHubs();
const widgetDir = mkdtempSync(join(tmpdir(), 'nook-widget-'));
afterAll(() => rmSync(widgetDir, { recursive: true, force: true }));

describe('the widget panel’s first question: GET /groups/:id/visit', () => {
  it('answers visitors, members, waiting askers and unknown groups alike with 200', async () => {
    const { api } = await hubs.start('sqlite');
    const g = await api.group({ name: 'Knitters', allowRequests: true });
    const anonymous = await api.get(`/groups/${g.groupId}/visit`);
    expect(anonymous.status).toBe(200);
    expect(Visit.parse(anonymous.body)).toEqual({
      group: { id: g.groupId, name: 'Knitters', topic: '', memberCount: 1, memberLimit: 30, allowRequests: true },
      member: null,
      seq: null,
      waiting: false,
    });

    const owner = (await api.get(`/groups/${g.groupId}/visit`, g.token)).body;
    expect(owner.member).toMatchObject({ id: g.ownerId, role: 'owner' });
    expect(owner.seq).toBeGreaterThan(0);

    const asker = await api.post(`/groups/${g.groupId}/requests`, { name: 'Asker' });
    expect((await api.get(`/groups/${g.groupId}/visit`, asker.body.token)).body).toMatchObject({ member: null, waiting: true });

    const mo = await api.member(g.groupId, g.token);
    await api.del(`/groups/${g.groupId}/members/${mo.memberId}`, g.token);
    expect((await api.get(`/groups/${g.groupId}/visit`, mo.token)).body).toMatchObject({ member: null, waiting: false });

    expect((await api.get(`/groups/${randomUUID()}/visit`)).body).toEqual({ group: null, member: null, seq: null, waiting: false });
    expect((await api.get('/groups/not-a-group/visit')).status).toBe(400);
  });
});

describe('/create', () => {
  it('serves the creators’ page with who may create groups here, never framed', async () => {
    const { api: bare } = await hubs.start('sqlite', { widgetDir: join(widgetDir, 'missing') });
    expect((await bare.get('/create')).body.error.code).toBe('not_found');

    mkdirSync(join(widgetDir, 'create'), { recursive: true });
    writeFileSync(join(widgetDir, 'create', 'index.html'), '<!doctype html><head><!--nook:config--><title>Create</title></head>');
    const { url } = await hubs.start('sqlite', { widgetDir, create: { mode: 'token', token: 'secret' }, publicUrl: 'https://nook.example' });
    const res = await fetch(`${url}/create`);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<meta name="nook-create" content="token"><meta name="nook-hub" content="https://nook.example">');
    expect(html).not.toContain('secret');
  });
});
