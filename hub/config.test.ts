import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      trustProxy: 0,
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

describe('every setting is checked at start, and a wrong one is named with what it should be', () => {
  const refused: [Record<string, string>, RegExp][] = [
    [{ NOOK_PUBLIC_URL: 'hub.example.com' }, /NOOK_PUBLIC_URL.*https:\/\/.*hub\.example\.com/],
    [{ NOOK_PUBLIC_URL: 'ftp://hub.example.com' }, /NOOK_PUBLIC_URL/],
    [{ NOOK_PUBLIC_URL: 'https://hub.example.com/nook' }, /NOOK_PUBLIC_URL.*no path/],
    [{ PORT: 'eighty' }, /PORT.*0 to 65535.*eighty/],
    [{ PORT: '70000' }, /PORT/],
    [{ PORT: '0x50' }, /PORT/],
    [{ HOST: 'http://0.0.0.0' }, /HOST.*address or host name/],
    [{ HOST: '0.0.0.0:8787' }, /HOST/],
    [{ DATABASE_URL: 'mysql://hub@db/nook' }, /DATABASE_URL.*postgres:\/\//],
    [{ DATABASE_URL: 'db.internal/nook' }, /DATABASE_URL/],
    [{ REDIS_URL: 'cache:6379' }, /REDIS_URL.*redis:\/\//],
    [{ NOOK_TRUST_PROXY: 'yes' }, /NOOK_TRUST_PROXY.*number of proxies/],
    [{ NOOK_TRUST_PROXY: '-1' }, /NOOK_TRUST_PROXY/],
    [{ NOOK_TRUST_PROXY: 'true' }, /NOOK_TRUST_PROXY/],
    [{ NOOK_CREATE: 'maybe' }, /NOOK_CREATE.*"open" or "token".*maybe/],
    [{ NOOK_CREATE: 'token' }, /NOOK_CREATE_TOKEN/],
    [{ NOOK_CREATE: 'token', NOOK_CREATE_TOKEN: 'has space' }, /NOOK_CREATE_TOKEN/],
    [{ NOOK_CREATE_TOKEN: 's3cret' }, /NOOK_CREATE_TOKEN.*NOOK_CREATE=token/],
    [{ NOOK_DATA_DIR: '   ' }, /NOOK_DATA_DIR/],
    [{ NOOK_WIDGET_DIR: '   ' }, /NOOK_WIDGET_DIR/],
  ];
  for (const [env, message] of refused) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      expect(() => optionsFromEnv(env)).toThrow(message);
    });
  }

  it('never repeats a secret in its message', () => {
    expect(() => optionsFromEnv({ DATABASE_URL: 'mysql://hub:hunter2@db/nook' })).toThrow(/^(?!.*hunter2)/s);
    expect(() => optionsFromEnv({ REDIS_URL: 'cache://:hunter2@cache' })).toThrow(/^(?!.*hunter2)/s);
    expect(() => optionsFromEnv({ NOOK_CREATE: 'token', NOOK_CREATE_TOKEN: 'hunter2 x' })).toThrow(/^(?!.*hunter2)/s);
  });

  it('takes what is well formed', () => {
    expect(
      optionsFromEnv({
        PORT: '0',
        HOST: '::',
        DATABASE_URL: 'postgresql://hub@db/nook',
        REDIS_URL: 'rediss://cache:6380',
        NOOK_PUBLIC_URL: 'https://hub.example.com/',
        NOOK_TRUST_PROXY: '2',
      }),
    ).toMatchObject({ port: 0, host: '::', publicUrl: 'https://hub.example.com', trustProxy: 2 });
    expect(optionsFromEnv({ HOST: '0.0.0.0', NOOK_PUBLIC_URL: 'http://127.0.0.1:8787', NOOK_TRUST_PROXY: '0' })).toMatchObject({
      host: '0.0.0.0',
      publicUrl: 'http://127.0.0.1:8787',
      trustProxy: 0,
    });
    // The deployments of before still mean what they meant.
    expect(optionsFromEnv({ NOOK_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(optionsFromEnv({ HOST: 'hub.internal', DATABASE_URL: '', REDIS_URL: '' })).toMatchObject({ host: 'hub.internal', databaseUrl: undefined });
  });

  it('npm run hub with a bad setting stops at once, non-zero, with one line that names it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nook-config-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
      env: { ...process.env, PORT: '0', NOOK_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', NOOK_PUBLIC_URL: 'hub.example.com' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      let err = '';
      // Exited, or started (which it must not): whichever comes first.
      const code = await new Promise<number | null | 'listening'>((resolve) => {
        child.once('exit', resolve);
        child.stdout.on('data', (d) => {
          out += String(d);
          if (out.includes('listening')) resolve('listening');
        });
        child.stderr.on('data', (d) => (err += String(d)));
      });
      expect(code).not.toBe('listening');
      expect(code).not.toBe(0);
      expect(err.trim().split('\n')).toEqual([expect.stringMatching(/^nook hub: NOOK_PUBLIC_URL must be .*https:\/\/.*"hub\.example\.com"/)]);
    } finally {
      // A hub that took the setting would still be running.
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
