import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorStatus, isErrorCode, UserError, type ErrorCode, type NookError } from '../../protocol';
import { routeOf } from '../ops/request-log';
import type { HubEnv } from './env';

export const errorJson = (c: Context, status: number, error: NookError) =>
  c.json({ error }, status as ContentfulStatusCode);

const httpCodes: Record<number, ErrorCode> = {
  400: 'bad_json',
  401: 'unauthorized',
  404: 'not_found',
  413: 'too_large',
  415: 'unsupported_media_type',
};

/**
 * Refusals become `{"error":{"code","message"}}` with their 4xx status. Anything else is
 * a bug: it is logged, and the caller gets a 500 that says nothing about the inside.
 */
export function onError(err: Error, c: Context<HubEnv>) {
  if (err instanceof UserError) {
    const status = isErrorCode(err.code) ? errorStatus[err.code] : 400;
    return errorJson(c, status, err.toJSON());
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code = httpCodes[err.status] ?? 'bad_request';
    const message = err.status === 400 ? 'The body is not valid JSON.' : err.message || code;
    return errorJson(c, err.status, { code, message });
  }
  const log = c.var.hub?.log ?? console.error;
  // The route's pattern, not the path: a path may hold an invite code (/join/:code).
  log(`error: ${c.req.method} ${routeOf(c)}: ${err.stack ?? err.message}`);
  return errorJson(c, 500, { code: 'internal', message: 'Something went wrong on the hub.' });
}

export const notFound = (c: Context) => errorJson(c, 404, { code: 'not_found', message: 'No such route.' });
