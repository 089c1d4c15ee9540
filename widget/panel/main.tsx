import { computed, effect, signal } from '@preact/signals';
import { render } from 'preact';
import '../../components/theme.css';
import './panel.css';
import { loadEnglishRest, setLocale, t } from '../../i18n/index';
import { App, type ThreadRequest } from './App';
import { uuid } from './browser';
import { openCache } from './cache';
import { applyTheme, echoedOrigin, hostOrigin, isUuid, readConfig, threadContext } from './config';
import { connectHost } from './host';
import { PanelSync } from './sync';
import { panelTransport } from './transport';

const config = readConfig(location.hash);
// The page that really frames the panel, whatever the fragment claims (config.ts says how).
const framedBy = hostOrigin(config.host, { framed: window.parent !== window, ancestors: location.ancestorOrigins, echoed: echoedOrigin(document) });
const root = document.documentElement;
applyTheme(root, config.theme, config.accent);
void setLocale(config.lang || navigator.language).then(() => (document.title = t('widget.title')));

const thread = signal<ThreadRequest | null>(config.thread ? { key: config.thread, n: 1 } : null);
// A key names a thread by page (one per key); a thread's own id needs no page.
const context = computed(() => {
  const key = thread.value?.key;
  return key && !isUuid(key) ? threadContext(key, framedBy, location.origin) : null;
});

// Names this device in the member's device list: only a site the browser vouched for.
const site = framedBy.verified && framedBy.origin && framedBy.origin !== 'null' ? framedBy.origin : undefined;
const sync = new PanelSync({ hub: location.origin, fetch: (input, init) => fetch(input, init), WebSocket, now: () => Date.now(), uuid, openCache, site }, config.group);
const transport = panelTransport(sync);
const app = document.getElementById('app')!;
render(<App sync={sync} transport={transport} thread={thread} context={context} />, app);
// The English messages of the sections and of errors, once the discussion is up (i18n/vite-plugin.ts ENGLISH_REST).
setTimeout(() => void loadEnglishRest(), 0);

const host = connectHost(window, framedBy.origin, app, {
  open: (key) => (thread.value = { key, n: (thread.peek()?.n ?? 0) + 1 }),
  theme: (theme) => applyTheme(root, theme, null),
});

// What the host page may know: ready, joined, an unread count, an error's code. Never content.
let ready = false;
let visitor = false;
effect(() => {
  const p = sync.phase.value;
  if (p.t === 'problem') host.post({ nook: 'error', code: p.code });
  if (p.t !== 'visitor' && p.t !== 'member') return;
  if (!ready) host.post({ nook: 'ready' });
  else if (p.t === 'member' && visitor) host.post({ nook: 'joined' });
  ready = true;
  visitor = p.t === 'visitor';
});
const unread = computed(() => {
  void sync.store.version.value;
  return sync.phase.value.t === 'member' && sync.caughtUp.value ? sync.store.threads.all().reduce((n, th) => n + th.unread, 0) : 0;
});
let told = 0;
effect(() => {
  if (unread.value === told) return;
  told = unread.value;
  host.post({ nook: 'unread', count: told });
});

if (!config.group) sync.phase.value = { t: 'problem', code: 'missing_group' };
else if (!isUuid(config.group)) sync.phase.value = { t: 'problem', code: 'bad_group' };
else void sync.start();
addEventListener('pagehide', () => sync.close());
