import { hc } from 'hono/client';
import type { AppType } from '../hub/app';
import { UserError } from '../protocol/errors';

/**
 * The hub's API as a typed client, inferred from the hub's own routes (hono's `hc`), for the
 * extension's background and the widget's panel. Refusals become UserError with the hub's
 * code; a hub that cannot be reached becomes UserError('hub_unreachable').
 */
export type HubClient = ReturnType<typeof hc<AppType>>;

export function hubClient(
  base: string,
  opts: { token?: string | null; fetch?: typeof fetch; credentials?: RequestCredentials } = {},
): HubClient {
  return hc<AppType>(base.replace(/\/+$/, ''), {
    headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
    fetch: opts.fetch,
    init: opts.credentials ? { credentials: opts.credentials } : undefined,
  });
}

type Answer<T> = { ok: boolean; status: number; json(): Promise<T>; headers: Headers };
// Refusals are thrown on the hub, never returned by a route, so every typed body is a success.
type Success<R> = R extends Answer<infer T> ? T : never;

/** The body of a successful answer; the hub's refusal as a UserError otherwise. */
export async function unwrap<R extends Answer<unknown>>(request: Promise<R>): Promise<Success<R>> {
  const res = await answered(request);
  return (await res.json()) as Success<R>;
}

/** A file the hub makes (a calendar file, a CSV) as text; the hub's refusal as a UserError otherwise. */
export async function unwrapText(request: Promise<Answer<unknown> & { text(): Promise<string> }>): Promise<string> {
  return (await answered(request)).text();
}

async function answered<R extends Answer<unknown>>(request: Promise<R>): Promise<R> {
  let res: R;
  try {
    res = await request;
  } catch (e) {
    throw new UserError('hub_unreachable', `The hub could not be reached (${(e as Error).message}).`);
  }
  if (res.ok) return res;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: a proxy or a hub of another kind */
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; params?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string') {
    const retry = res.headers.get('Retry-After');
    // The refusal's own values (a mute's end and reason, the seconds to wait) fill its catalog message.
    const params = { ...hubParams(err.params), ...(retry ? { retryAfter: Number(retry) } : {}) };
    throw new UserError(err.code, String(err.message ?? err.code), Object.keys(params).length ? params : undefined);
  }
  throw new UserError(res.status >= 500 ? 'hub_error' : 'hub_refused', `The hub answered ${res.status}.`, { status: res.status });
}

/** The strings and numbers of a refusal's params; anything else a hub sent is dropped. */
function hubParams(value: unknown): Record<string, string | number> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
}

/** `<hub>/join/<code>` or a bare code: where to join and with what. */
export function parseInviteLink(input: string, defaultHub: string | null): { hub: string; code: string } | null {
  const text = input.trim();
  const bare = /^[A-Za-z0-9_-]{8,64}$/;
  if (bare.test(text)) return defaultHub ? { hub: defaultHub.replace(/\/+$/, ''), code: text } : null;
  try {
    const url = new URL(text);
    const m = /^(.*)\/join\/([A-Za-z0-9_-]{8,64})\/?$/.exec(url.pathname);
    if (!m || !/^https?:$/.test(url.protocol)) return null;
    return { hub: `${url.origin}${m[1]}`, code: m[2]! };
  } catch {
    return null;
  }
}
