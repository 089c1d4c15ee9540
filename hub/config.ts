import { isIP } from 'node:net';
import type { HubOptions } from './server';

export type { HubOptions };

/** A setting that is wrong: the hub does not start, and says which and what it expects. */
export class SettingError extends Error {
  constructor(name: string, expected: string, got?: string) {
    // Secrets (database and Redis URLs, the creation token) are never repeated back.
    super(`${name} must be ${expected}${got === undefined ? '' : ` (it is "${got}")`}`);
    this.name = 'SettingError';
  }
}

// An empty variable is an unset one: `DATABASE_URL=` in an env file means "none".
const read = (env: NodeJS.ProcessEnv, name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The origin members reach the hub at: invite links and the WebSocket's Origin check use it as is. */
function publicUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const expected = 'the hub’s address with its scheme and no path, like https://hub.example.com';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingError('NOOK_PUBLIC_URL', expected, value);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingError('NOOK_PUBLIC_URL', expected, value);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) throw new SettingError('NOOK_PUBLIC_URL', expected, value);
  return url.origin;
}

function url(name: string, value: string | undefined, schemes: RegExp, expected: string): string | undefined {
  if (value === undefined) return undefined;
  let ok = false;
  try {
    ok = schemes.test(new URL(value).protocol);
  } catch {
    // Not a URL at all: refused below.
  }
  if (!ok) throw new SettingError(name, expected);
  return value;
}

function dir(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !value.trim()) throw new SettingError(name, 'a directory path');
  return value;
}

/** Hub options from the environment (README's hub row lists them); a wrong one throws a SettingError. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): HubOptions {
  const create = read(env, 'NOOK_CREATE') ?? 'open';
  if (create !== 'open' && create !== 'token') throw new SettingError('NOOK_CREATE', '"open" or "token"', create);
  const createToken = read(env, 'NOOK_CREATE_TOKEN');
  if (create === 'token' && (!createToken || /\s/.test(createToken))) {
    throw new SettingError('NOOK_CREATE_TOKEN', 'set, without spaces, when NOOK_CREATE=token (creators send it in a header)');
  }
  // A token with creation left open protects nothing, which its operator surely did not mean.
  if (create === 'open' && createToken) throw new SettingError('NOOK_CREATE_TOKEN', 'used with NOOK_CREATE=token (creation is open without it)');

  const portText = read(env, 'PORT') ?? '8787';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) throw new SettingError('PORT', 'a port number, 0 to 65535 (0: any free port)', portText);

  const host = read(env, 'HOST') ?? '127.0.0.1';
  if (!isIP(host) && !HOST_NAME.test(host)) throw new SettingError('HOST', 'an address or host name to listen on, like 127.0.0.1 or 0.0.0.0 (no scheme, no port)', host);

  const proxies = read(env, 'NOOK_TRUST_PROXY') ?? '0';
  if (!/^\d{1,2}$/.test(proxies)) throw new SettingError('NOOK_TRUST_PROXY', 'the number of proxies in front of the hub that append to X-Forwarded-For (0: none)', proxies);

  const ttlDays = read(env, 'NOOK_TOKEN_TTL_DAYS');
  if (ttlDays !== undefined && (!/^\d{1,5}$/.test(ttlDays) || Number(ttlDays) < 1)) throw new SettingError('NOOK_TOKEN_TTL_DAYS', 'a whole number of days, at least 1, after which a device left unused is signed out', ttlDays);

  const metricsToken = read(env, 'NOOK_METRICS_TOKEN');
  if (metricsToken !== undefined && (metricsToken.length < 16 || /\s/.test(metricsToken))) throw new SettingError('NOOK_METRICS_TOKEN', 'at least 16 characters without spaces (Prometheus sends it as a bearer token)');
  const drainText = read(env, 'NOOK_DRAIN_MS') ?? '0';
  if (!/^\d{1,6}$/.test(drainText)) throw new SettingError('NOOK_DRAIN_MS', 'milliseconds (0 to 999999) that /readyz says "draining" on SIGTERM before the hub closes', drainText);

  const listings = read(env, 'NOOK_LISTINGS') ?? 'on';
  if (listings !== 'on' && listings !== 'off') throw new SettingError('NOOK_LISTINGS', '"on" or "off" (off: no group can be listed or looked up on this hub)', listings);

  return {
    port,
    host,
    dataDir: dir('NOOK_DATA_DIR', read(env, 'NOOK_DATA_DIR')) ?? './data',
    databaseUrl: url('DATABASE_URL', read(env, 'DATABASE_URL'), /^postgres(ql)?:$/, 'a postgres:// URL (unset: SQLite in NOOK_DATA_DIR)'),
    redisUrl: url('REDIS_URL', read(env, 'REDIS_URL'), /^rediss?:$/, 'a redis:// or rediss:// URL'),
    create: create === 'token' ? { mode: 'token', token: createToken! } : { mode: 'open' },
    publicUrl: publicUrl(read(env, 'NOOK_PUBLIC_URL')),
    trustProxy: Number(proxies),
    widgetDir: dir('NOOK_WIDGET_DIR', read(env, 'NOOK_WIDGET_DIR')),
    metricsToken,
    drainMs: Number(drainText),
    tokenTtlMs: ttlDays === undefined ? undefined : Number(ttlDays) * 24 * 3600_000,
    listings: listings === 'on',
  };
}
