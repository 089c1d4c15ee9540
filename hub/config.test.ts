import { describe, expect, it } from 'vitest';
import { optionsFromEnv } from './config';

describe('hub configuration from the environment', () => {
  it('defaults to a local hub on SQLite, open to group creation', () => {
    expect(optionsFromEnv({})).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      dataDir: './data',
      databaseUrl: undefined,
      redisUrl: undefined,
      create: { mode: 'open' },
      trustProxy: false,
    });
  });

  it('reads the operator’s choices and refuses inconsistent ones', () => {
    const o = optionsFromEnv({
      PORT: '9000',
      DATABASE_URL: 'postgres://hub@db/nook',
      REDIS_URL: 'redis://cache',
      NOOK_CREATE: 'token',
      NOOK_CREATE_TOKEN: 's3cret',
      NOOK_PUBLIC_URL: 'https://hub.example',
    });
    expect(o).toMatchObject({ port: 9000, databaseUrl: 'postgres://hub@db/nook', create: { mode: 'token', token: 's3cret' } });
    expect(() => optionsFromEnv({ NOOK_CREATE: 'token' })).toThrow(/NOOK_CREATE_TOKEN/);
    expect(() => optionsFromEnv({ NOOK_CREATE: 'maybe' })).toThrow();
    expect(() => optionsFromEnv({ PORT: 'eighty' })).toThrow();
  });
});
