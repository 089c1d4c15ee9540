// `npm start`: the whole product running locally on an embedded default.
// Builds the extension (Chrome, and Firefox with `npm run build:firefox`) and the widget,
// then runs the hub on http://127.0.0.1:8787 with SQLite under ./data and a demo creator
// page on http://127.0.0.1:8788 that embeds the widget.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const step = (label, cmd, args) => {
  process.stdout.write(`▶ ${label}… `);
  const r = spawnSync(cmd, args, { encoding: 'utf8', shell: false });
  if (r.status !== 0) {
    console.log('failed\n');
    console.log(r.stdout, r.stderr);
    process.exit(r.status ?? 1);
  }
  console.log('done');
};

step('building the extension', 'npx', ['wxt', 'build']);
if (existsSync('scripts/build-widget.mjs')) step('building the widget', 'node', ['scripts/build-widget.mjs']);

const port = process.env.PORT ?? '8787';
const env = { ...process.env, PORT: port, NOOK_DATA_DIR: process.env.NOOK_DATA_DIR ?? './data' };
const children = [spawn('node', ['--import', 'tsx', 'hub/main.ts'], { stdio: 'inherit', env })];
if (existsSync('scripts/demo.ts')) children.push(spawn('node', ['--import', 'tsx', 'scripts/demo.ts'], { stdio: 'inherit', env }));

console.log(`
Nook is running.

  Hub            http://127.0.0.1:${port}   (data in ${resolve(env.NOOK_DATA_DIR)})
  Demo page      http://127.0.0.1:8788   (a creator's page with the widget, an invite link to try, and its events)
  Create a group http://127.0.0.1:${port}/create   (the widget's snippet for creators without the extension)
  Extension      ${resolve('.output/chrome-mv3')}

Load the extension in Chrome or Chromium:
  1. open chrome://extensions and turn on "Developer mode" (top right);
  2. click "Load unpacked" and choose the folder above;
  3. open a Reddit thread, a Patreon post or a course lesson: the "Nook" button sits at the
     right edge. Alt+Shift+N opens Nook on any page.
  For a shared group, put http://127.0.0.1:${port} in "Hub" when you create it.
Firefox: \`npm run build:firefox\`, then about:debugging → This Firefox → Load Temporary Add-on →
  .output/firefox-mv3/manifest.json.

Stop with Ctrl+C.
`);

const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => {
  if (code && code !== 0) {
    stop();
    process.exit(code);
  }
});
