// The demo creator's page that `npm start` serves beside the hub: a page on another origin
// than the hub (as a creator's own site is) with the widget's snippet in it, an invite link
// to try, and a log of the widget's events (which carry no content).
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { embedSnippet } from '../components/invite/snippet';
import { INVITE_MAX_TTL_S } from '../protocol/limits';

const HUB = `http://127.0.0.1:${process.env.PORT ?? '8787'}`;
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 8788);
const STATE = join(resolve(process.env.NOOK_DATA_DIR ?? './data'), 'demo.json');

interface Demo {
  groupId: string;
  threadId: string;
  /** The demo owner's bearer token on this hub (local demo data, like the hub's own file). */
  token: string;
  invite: { url: string; expiresAt: number | null };
}

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${HUB}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${method} ${path}: ${json.error?.message ?? res.status}`);
  return json;
}

async function untilHubAnswers(): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${HUB}/health`)).ok) return;
    } catch {
      // not up yet
    }
    if (i > 600) throw new Error(`the hub at ${HUB} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const invite = (groupId: string, token: string) =>
  call<{ invite: { url: string; expiresAt: number | null } }>('POST', `/groups/${groupId}/invites`, { expiresInSeconds: INVITE_MAX_TTL_S }, token).then((r) => ({
    url: r.invite.url,
    expiresAt: r.invite.expiresAt,
  }));

/** The demo group, made once and remembered in <NOOK_DATA_DIR>/demo.json (made again if the hub lost it). */
async function demoGroup(): Promise<Demo> {
  let demo: Demo | null = null;
  try {
    demo = JSON.parse(readFileSync(STATE, 'utf8')) as Demo;
  } catch {
    // first start
  }
  if (demo) {
    const visit = await call<{ member: unknown }>('GET', `/groups/${demo.groupId}/visit`, undefined, demo.token).catch(() => null);
    if (!visit?.member) demo = null;
  }
  if (!demo) {
    const made = await call<{ group: { id: string }; token: string }>('POST', '/groups', {
      id: randomUUID(),
      name: 'Watercolour circle',
      topic: 'Lesson talk for the Watercolour Foundations course',
      ownerName: 'Luna (teacher)',
      allowRequests: true,
    });
    const groupId = made.group.id;
    const threadId = randomUUID();
    await call('POST', `/groups/${groupId}/threads`, { id: threadId, title: null, anchor: null }, made.token);
    await call('POST', `/groups/${groupId}/threads/${threadId}/messages`, { id: randomUUID(), body: 'Welcome! Say hello and tell us what you are painting this week.' }, made.token);
    demo = { groupId, threadId, token: made.token, invite: await invite(groupId, made.token) };
  } else if (demo.invite.expiresAt !== null && demo.invite.expiresAt < Date.now() + 86_400_000) {
    demo.invite = await invite(demo.groupId, demo.token);
  }
  writeFileSync(STATE, JSON.stringify(demo, null, 2));
  return demo;
}

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(demo: Demo): string {
  const tag = embedSnippet(HUB, demo.groupId);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lesson 1: wet on wet · Watercolour Foundations</title>
<style>
  body { font: 16px/1.5 Georgia, serif; margin: 0; background: #fbf8f3; color: #2b2b2b; }
  main { max-width: 46rem; margin: 0 auto; padding: 2rem 1rem 4rem; }
  aside { font: 14px/1.5 system-ui, sans-serif; background: #fff; border: 1px solid #e5ddd0; border-radius: 8px; padding: 0.75rem 1rem; margin: 1.5rem 0; }
  code, pre { font: 13px ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
  #log { font: 13px ui-monospace, monospace; max-height: 10rem; overflow: auto; margin: 0; }
  button { font: inherit; padding: 0.3rem 0.7rem; }
</style></head>
<body><main>
  <h1>Lesson 1: wet on wet</h1>
  <p>Wet the paper evenly, load the brush, and let the pigment travel. This page stands for a creator's own
  site: it is served from another origin than the hub, and the discussion below is Nook's widget.</p>
  <aside>
    <strong>Try it.</strong> Join with this invite link (paste it into “Invite link or code”):<br>
    <code>${html(demo.invite.url)}</code><br>
    or ask to join and approve yourself from the extension or <a href="${HUB}/create">${HUB}/create</a>.
    <p>The snippet on this page:</p><pre>${html(tag.replace('async>', 'data-thread="lesson-1" async>'))}</pre>
  </aside>
  ${tag.replace('async>', 'id="nook" data-thread="lesson-1" async>')}
  <aside>
    <strong>Events on the script element</strong> (what this page may know: no text, no names)
    <ol id="log"></ol>
    <p><button type="button" id="dark">Nook.setTheme('dark')</button> <button type="button" id="light">Nook.setTheme('light')</button>
    <button type="button" id="general">Nook.open(general thread)</button></p>
  </aside>
  <script>
    const log = document.getElementById('log');
    for (const type of ['nook:ready', 'nook:joined', 'nook:unread', 'nook:error']) {
      document.getElementById('nook').addEventListener(type, (e) => {
        const li = document.createElement('li');
        li.textContent = new Date().toLocaleTimeString() + '  ' + type + '  ' + JSON.stringify(e.detail);
        log.append(li);
      });
    }
    document.getElementById('dark').onclick = () => window.Nook?.setTheme('dark');
    document.getElementById('light').onclick = () => window.Nook?.setTheme('light');
    document.getElementById('general').onclick = () => window.Nook?.open(${JSON.stringify(demo.threadId)});
  </script>
</main></body></html>`;
}

await untilHubAnswers();
const demo = await demoGroup();
const body = page(demo);
createServer((req, res) => {
  if (req.url === '/' || req.url?.startsWith('/?')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  } else if (req.url === '/favicon.ico') {
    res.writeHead(204).end();
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
  }
}).listen(DEMO_PORT, '127.0.0.1', () => {
  console.log(`nook demo: a creator's page with the widget on http://127.0.0.1:${DEMO_PORT} (invite: ${demo.invite.url})`);
});
