import type { HubOptions } from './server';

/** Hub options from the environment (see the report / docs for the list). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): HubOptions {
  const create = env.NOOK_CREATE ?? 'open';
  if (create !== 'open' && create !== 'token') throw new Error('NOOK_CREATE must be "open" or "token"');
  if (create === 'token' && !env.NOOK_CREATE_TOKEN) throw new Error('NOOK_CREATE=token needs NOOK_CREATE_TOKEN');
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be a port number');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: env.NOOK_DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    create: create === 'token' ? { mode: 'token', token: env.NOOK_CREATE_TOKEN! } : { mode: 'open' },
    publicUrl: env.NOOK_PUBLIC_URL || undefined,
    trustProxy: env.NOOK_TRUST_PROXY === '1',
    widgetDir: env.NOOK_WIDGET_DIR || undefined,
  };
}
