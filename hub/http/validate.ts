import type { MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { UserError } from '../../protocol';
import type { HubEnv } from './env';

function check<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? `${where}.${issue.path.join('.')}` : where;
  throw new UserError('bad_request', `${path}: ${issue?.message ?? 'invalid'}`);
}

type Validated<T extends 'json' | 'query' | 'param', S extends z.ZodType> = MiddlewareHandler<
  HubEnv,
  string,
  { in: { [K in T]: z.input<S> }; out: { [K in T]: z.output<S> } }
>;

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** Validates the JSON body against a protocol schema; the typed client sees the schema's input type. */
export const json = <S extends z.ZodType>(schema: S) =>
  validator('json', (value, c) => {
    // Hono hands non-JSON bodies over as {}; a body of another type is refused rather than ignored.
    const type = c.req.header('content-type')?.split(';')[0]?.trim() ?? '';
    if (type !== '' && !JSON_TYPE.test(type)) {
      throw new UserError('unsupported_media_type', 'Send the body as application/json.');
    }
    return check(schema, value, 'body');
  }) as unknown as Validated<'json', S>;

export const query = <S extends z.ZodType>(schema: S) =>
  validator('query', (value) => check(schema, value, 'query')) as unknown as Validated<'query', S>;

export const params = <S extends z.ZodType>(schema: S) =>
  validator('param', (value) => check(schema, value, 'path')) as unknown as Validated<'param', S>;
