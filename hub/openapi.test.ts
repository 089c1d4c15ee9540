import { describe, expect, it } from 'vitest';
import { operations, type Operation } from '../protocol';
import { createApp } from './app';
import type { HubDeps } from './http/env';
import { useHubs } from './testing/hubs';

const hubs = useHubs();

/** Routes that serve files, not the API. */
const FILE_ROUTES = ['GET /widget.js', 'GET /panel', 'GET /panel/*', 'GET /create'];
/** The operator's probes and metrics (docs/DEPLOY.md), not part of the API clients call. */
const OPS_ROUTES = ['GET /healthz', 'GET /readyz', 'GET /metrics'];

const toOpenApiPath = (honoPath: string) => honoPath.replace(/:(\w+)/g, '{$1}');

function appRoutes(): string[] {
  const app = createApp({ config: { maxBodyBytes: 1 } } as HubDeps);
  const handlers = app.routes.filter((r) => r.method !== 'ALL');
  return [...new Set(handlers.map((r) => `${r.method} ${toOpenApiPath(r.path.replace(/\/$/, '') || '/')}`))];
}

describe('OpenAPI', () => {
  it('describes exactly the routes the app serves', () => {
    const described = Object.values(operations as Record<string, Operation>).map((op) => `${op.method.toUpperCase()} ${op.path}`);
    const served = appRoutes().filter((r) => !FILE_ROUTES.includes(r) && !OPS_ROUTES.includes(r));
    expect(new Set(served)).toEqual(new Set(described));
    expect(served).toHaveLength(described.length);
  });

  it('is served at /openapi.json with every operation, its schemas and its errors', async () => {
    const { api } = await hubs.start('sqlite');
    const doc = (await api.get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: api.base }]);
    let count = 0;
    for (const [id, op] of Object.entries(operations as Record<string, Operation>)) {
      const entry = doc.paths[op.path]?.[op.method];
      expect(entry, id).toBeDefined();
      expect(entry.operationId).toBe(id);
      expect(entry.responses['4XX']).toBeDefined();
      if (op.body) expect(entry.requestBody.content['application/json'].schema.type, id).toBe('object');
      for (const name of op.path.match(/\{(\w+)\}/g) ?? []) {
        expect(entry.parameters.map((p: { name: string }) => `{${p.name}}`), id).toContain(name);
      }
      count++;
    }
    expect(count).toBe(Object.keys(operations).length);
    const create = doc.paths['/groups'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(['name', 'ownerName']);
    expect(create.properties.memberLimit).toMatchObject({ minimum: 2, maximum: 100, default: 30 });
    expect(create.additionalProperties).toBe(false);
  });
});
