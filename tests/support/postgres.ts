import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports';

const run = promisify(execFile);

export interface TestPostgres {
  /** A superuser URL to the `postgres` database. */
  adminUrl: string;
  /** A new, empty database; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
  /** Stops the server (fast: open connections are cut) and keeps its data, for fault tests; `start` brings it back on the same port. */
  halt(): Promise<void>;
  start(): Promise<void>;
}

/** Debian keeps the server binaries outside PATH, one directory per major version. */
function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    if (initdb) return join(initdb, '..');
  } catch {
    // fall through to the error below
  }
  throw new Error('PostgreSQL server binaries not found: apt-get install -y postgresql (or set NOOK_TEST_DATABASE_URL)');
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function databases(adminUrl: string) {
  const created: string[] = [];
  return {
    created,
    async create(): Promise<string> {
      const name = `nook_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
  };
}

/**
 * A throwaway PostgreSQL on 127.0.0.1 with trust auth, in a temp directory removed on
 * stop. Postgres refuses to run as root, so as root the cluster belongs to user
 * `postgres` and its commands run through runuser. NOOK_TEST_DATABASE_URL (a role that
 * may create databases) skips all of this.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.NOOK_TEST_DATABASE_URL;
  if (external) {
    const dbs = databases(external);
    const cannot = async () => {
      throw new Error('an external database (NOOK_TEST_DATABASE_URL) cannot be stopped by the tests');
    };
    return {
      adminUrl: external,
      createDatabase: dbs.create,
      halt: cannot,
      start: cannot,
      async stop() {
        const client = new pg.Client({ connectionString: external });
        await client.connect();
        for (const name of dbs.created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
        await client.end();
      },
    };
  }

  const bin = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'nook-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  const as = (cmd: string, args: string[]) =>
    asRoot ? (['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] as const) : ([join(bin, cmd), args] as const);
  const exec = async (cmd: string, args: string[]) => {
    const [file, argv] = as(cmd, args);
    await run(file, [...argv]);
  };

  await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const serverOptions = [
    `-h 127.0.0.1 -p ${port} -k ${dir}`,
    '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
    '-c max_connections=300 -c shared_buffers=32MB',
  ].join(' ');
  const start = () => exec('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  await start();

  // If the test process dies without stop(), the server must not outlive it.
  const kill = () => {
    try {
      const [file, argv] = as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      execFileSync(file, [...argv], { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', kill);

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const dbs = databases(adminUrl);
  return {
    adminUrl,
    createDatabase: dbs.create,
    halt: () => exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    start,
    async stop() {
      process.removeListener('exit', kill);
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
