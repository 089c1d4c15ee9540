import { z } from 'zod';
import { errorStatus } from '../../protocol';
import { openApiPath, type Declared, type Operation } from './operation';

const ErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus]),
    message: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
});

const schema = (s: z.ZodType, io: 'input' | 'output') => {
  // Each schema is embedded whole; `$schema` is noise inside an OpenAPI document.
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const parameters = (op: Operation) => {
  const out: Record<string, unknown>[] = [];
  for (const [name, s] of Object.entries(op.params?.shape ?? {})) {
    out.push({ name, in: 'path', required: true, schema: schema(s as z.ZodType, 'input') });
  }
  for (const [name, description] of Object.entries(op.headers ?? {})) {
    out.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
  }
  if (op.query) {
    const q = schema(op.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(q.properties ?? {})) {
      out.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema: s });
    }
  }
  return out;
};

const security = (op: Operation) =>
  op.auth === 'none' ? [] : op.auth === 'optional' ? [{}, { bearer: [] }, { cookie: [] }] : [{ bearer: [] }, { cookie: [] }];

/** The OpenAPI 3.1 document for the hub, made from the declarations of the operations it serves. */
export function buildOpenApi(operations: readonly Declared[], serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const status = String(op.status ?? 200);
    const entry: Record<string, unknown> = {
      operationId: op.id,
      summary: op.summary,
      'x-nook-auth': op.auth,
      ...(op.roles ? { 'x-nook-roles': op.roles } : {}),
      ...(op.community ? { 'x-nook-community-managers': true } : {}),
      ...(op.idempotent ? { 'x-nook-idempotent': true } : {}),
      security: security(op),
      parameters: parameters(op),
      responses: {
        [status]: { description: 'Success', content: { [op.file ?? 'application/json']: { schema: schema(op.response, 'output') } } },
        '4XX': { description: 'Refused', content: { 'application/json': { schema: schema(ErrorBody, 'output') } } },
      },
    };
    if (op.body) {
      entry.requestBody = {
        required: true,
        content: { 'application/json': { schema: schema(op.body, 'input') } },
      };
    }
    (paths[openApiPath(op.path)] ??= {})[op.method] = entry;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Nook hub',
      version: '1',
      description:
        'Groups, invites, threads and messages of a Nook hub. Every change in a group is an event numbered by the group\'s sequence; live events travel over the WebSocket at /live.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'nook_session' },
      },
    },
    paths,
  };
}
