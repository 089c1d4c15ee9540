import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach } from 'vitest';
import { startPostgres, type TestPostgres } from '../../tests/support/postgres';
import { startHub, type HubOptions, type RunningHub } from '../server';
import { Api } from './api';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

export interface TestHub {
  hub: RunningHub;
  api: Api;
  url: string;
  /** The options it started with: start another hub with them to restart on the same data. */
  options: HubOptions;
}

/**
 * Starts real hubs on random ports for a test file, and stops them after each test.
 * Postgres starts once per file, on first use; each hub gets a schema of its own unless
 * given `databaseUrl` (to share one between instances).
 */
export function useHubs() {
  let postgres: Promise<TestPostgres> | undefined;
  const running: RunningHub[] = [];
  const dirs: string[] = [];
  const logs: string[] = [];

  afterEach(async () => {
    await Promise.all(running.splice(0).map((h) => h.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  afterAll(async () => {
    if (postgres) await (await postgres).stop();
  });

  const cluster = () => (postgres ??= startPostgres());
  let database: Promise<string> | undefined;
  let schemas = 0;

  /**
   * A fresh, empty place in Postgres for one hub (or several sharing it). A schema in one
   * database per file: creating a database takes the better part of a second, a schema
   * a few milliseconds.
   */
  async function postgresUrl(): Promise<string> {
    database ??= cluster().then((c) => c.createDatabase());
    const url = new URL(await database);
    const schema = `hub_${++schemas}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
    } finally {
      await client.end();
    }
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  }

  return {
    /** Lines the hubs logged (a 500 logs its error here). */
    logs,
    postgresUrl,
    async start(backend: Backend, options: HubOptions = {}): Promise<TestHub> {
      const o: HubOptions = { port: 0, rateLimit: false, log: (line) => logs.push(line), ...options };
      if (backend === 'postgres') o.databaseUrl ??= await postgresUrl();
      else if (!o.dataDir) {
        o.dataDir = mkdtempSync(join(tmpdir(), 'nook-hub-'));
        dirs.push(o.dataDir);
      }
      const hub = await startHub(o);
      running.push(hub);
      return { hub, api: new Api(hub.url), url: hub.url, options: o };
    },
  };
}
