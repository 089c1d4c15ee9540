import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const run = promisify(execFile);
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface TestNginx {
  /** https://127.0.0.1:<port> (self-signed for `serverName`) */
  httpsPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

/** Replaces `from` in the repository's config, which must hold it exactly `times` times: a config that drifted fails loudly. */
function substitute(text: string, from: string, to: string, times = 1): string {
  const found = text.split(from).length - 1;
  if (found !== times) throw new Error(`deploy/nginx.conf: expected ${times} × "${from}", found ${found}`);
  return text.split(from).join(to);
}

async function listening(port: number, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${readFileSync(log, 'utf8')}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nginx did not listen');
}

/**
 * Debian's nginx, run from a temp prefix on loopback, with the repository's
 * deploy/nginx.conf in its http block: the upstream's two instances pointed at `upstreams`,
 * its listen lines at free loopback ports, its certificate at a self-signed one.
 */
export async function startNginx(configFile: string, upstreams: [number, number], serverName: string): Promise<TestNginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} not found: apt-get install -y nginx`);
  const prefix = mkdtempSync(join(tmpdir(), 'nook-nginx-'));
  for (const d of ['logs', 'tmp']) mkdirSync(join(prefix, d));
  const cert = join(prefix, 'cert.pem');
  const key = join(prefix, 'key.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${serverName}`]);
  const [httpsPort, httpPort] = [await freePort(), await freePort()];

  let site = readFileSync(configFile, 'utf8');
  site = substitute(site, 'server 127.0.0.1:8787 ', `server 127.0.0.1:${upstreams[0]} `);
  site = substitute(site, 'server 127.0.0.1:8788 ', `server 127.0.0.1:${upstreams[1]} `);
  site = substitute(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  site = substitute(site, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
  site = substitute(site, '/etc/ssl/nook/fullchain.pem', cert);
  site = substitute(site, '/etc/ssl/nook/privkey.pem', key);
  writeFileSync(join(prefix, 'nook.conf'), site);
  const log = join(prefix, 'logs', 'error.log');
  const temp = (name: string) => `${name}_temp_path ${join(prefix, 'tmp', name)};`;
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      // As root, workers would switch to "nobody", who cannot read this prefix.
      process.getuid?.() === 0 ? 'user root;' : '',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${log} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${join(prefix, 'logs', 'access.log')};`,
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      `  include ${join(prefix, 'nook.conf')};`,
      '}',
    ].join('\n'),
  );

  const child = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', log], { stdio: 'ignore' });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  try {
    await listening(httpsPort, child, log);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(prefix, { recursive: true, force: true });
    throw err;
  }
  return {
    httpsPort,
    httpPort,
    async stop() {
      process.removeListener('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
