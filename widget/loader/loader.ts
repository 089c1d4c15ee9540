/**
 * The widget's script tag, running in the creator's page (untrusted, and untrusting: the page
 * may restyle everything and must never see an error of ours). It reads its own data-
 * attributes, inserts the panel iframe (hub origin) where the tag stands or into data-target,
 * sizes it to what the panel reports, and re-dispatches the panel's few signals as events on
 * the script element. Configuration travels in the URL fragment, which no server logs.
 * Nothing here imports Nook code but the message types: the loader's budget is 2 kB gzip.
 */

import type { HostMessage, PanelMessage } from '../messages';

export type { HostMessage, PanelMessage };

export interface NookApi {
  open(thread: string): void;
  setTheme(theme: string): void;
}

interface Registry extends NookApi {
  /** Every panel on the page that answered, with the origin its messages go to. */
  _p: { w: Window; o: string }[];
}

/** The panel's fragment keys: group, theme, accent, thread, lang, and the host page's origin. */
const ATTRS = { g: 'group', t: 'theme', a: 'accent', th: 'thread', l: 'lang' } as const;
const THEMES = /^(light|dark|auto)$/;
/** No `ready` within this long after the frame's load event: the panel did not come (hub down, blocked). */
export const LOAD_GRACE_MS = 4000;
/** And in any case after this long. */
export const GIVE_UP_MS = 20000;

/** The iframe's address: `<hub>/panel/#g=…&t=…&o=<host origin>`, relative to the script's own URL. */
export function panelUrl(src: string, script: HTMLElement, hostOrigin: string): string {
  const url = new URL('panel/', src);
  const config = new URLSearchParams();
  for (const [key, attr] of Object.entries(ATTRS)) {
    const value = (script.getAttribute(`data-${attr}`) ?? '').trim().slice(0, 200);
    if (value && (key !== 't' || THEMES.test(value))) config.set(key, value);
  }
  config.set('o', hostOrigin);
  url.hash = config.toString();
  return url.href;
}

/** The message as the panel may send it, or null. */
export function panelMessage(data: unknown): PanelMessage | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const n = d.nook;
  if (n === 'ready' || n === 'joined') return { nook: n };
  if (n === 'resize' && typeof d.height === 'number' && d.height >= 0 && d.height < 1e5) return { nook: n, height: d.height };
  if (n === 'unread' && Number.isInteger(d.count) && (d.count as number) >= 0 && (d.count as number) < 1e6) return { nook: n, count: d.count as number };
  if (n === 'error' && typeof d.code === 'string' && /^[a-z_]{1,40}$/.test(d.code)) return { nook: n, code: d.code };
  return null;
}

// Inline and !important: the page's own `iframe { … !important }` rules cannot undo these.
const FRAME_STYLE =
  'display:block;visibility:visible;opacity:1;position:static;float:none;transform:none;width:100%;min-width:0;max-width:100%;height:150px;min-height:0;max-height:none;border:0;margin:0;padding:0;background:transparent;color-scheme:normal;pointer-events:auto';
const important = (css: string) => css.replace(/;|$/g, ' !important;');

/** Inserts and runs one panel for one script element. Never throws. */
export function mount(script: HTMLScriptElement): void {
  const doc = script.ownerDocument;
  const win = doc.defaultView!;
  const hub = new URL(script.src).origin;
  const frame = doc.createElement('iframe');
  frame.title = 'Nook discussion';
  frame.src = panelUrl(script.src, script, win.location.origin);
  frame.allow = 'clipboard-write';
  frame.style.cssText = important(FRAME_STYLE);

  // Every panel on the page hears it, whichever script made window.Nook.
  const tell = (m: HostMessage): void => registry._p.forEach((p) => p.w.postMessage(m, p.o));
  const emit = (type: string, detail: object) => script.dispatchEvent(new CustomEvent(`nook:${type}`, { detail }));
  const registry: Registry = ((win as unknown as { Nook?: Registry }).Nook ??= {
    _p: [],
    open: (thread) => tell({ nook: 'open', thread: String(thread) }),
    setTheme: (theme) => tell({ nook: 'theme', theme: String(theme) }),
  });

  let alive = false;
  let line: HTMLElement | null = null;
  const fail = () => {
    if (alive || line) return;
    line = doc.createElement('p');
    line.textContent = 'The discussion could not be loaded.';
    frame.style.setProperty('display', 'none', 'important');
    frame.after(line);
    emit('error', { code: 'hub_unreachable' });
  };
  const giveUp = setTimeout(fail, GIVE_UP_MS);
  frame.addEventListener('load', () => setTimeout(fail, LOAD_GRACE_MS));

  win.addEventListener('message', (e) => {
    try {
      const w = frame.contentWindow;
      const m = e.origin === hub && e.source === w && w ? panelMessage(e.data) : null;
      if (!m) return;
      if (!alive) {
        alive = true;
        clearTimeout(giveUp);
        line?.remove();
        frame.style.setProperty('display', 'block', 'important');
        registry._p.push({ w: w!, o: hub });
      }
      if (m.nook === 'resize') frame.style.setProperty('height', `${Math.ceil(m.height)}px`, 'important');
      else if (m.nook === 'unread') emit('unread', { count: m.count });
      else if (m.nook === 'error') emit('error', { code: m.code });
      else emit(m.nook, {});
    } catch {
      // A page that replaced window.Nook, or a frame gone: nothing to tell the page's console.
    }
  });

  const place = () => {
    let target: Element | null = null;
    try {
      const selector = script.getAttribute('data-target');
      target = selector ? doc.querySelector(selector) : null;
    } catch {
      // Not a selector: the panel goes where the tag stands.
    }
    if (target) target.append(frame);
    else if (script.parentElement && script.parentElement !== doc.head) script.after(frame);
    else doc.body.append(frame);
  };
  if (doc.readyState === 'loading' && (script.hasAttribute('data-target') || !doc.body || script.parentElement === doc.head)) {
    doc.addEventListener('DOMContentLoaded', place, { once: true });
  } else place();
}
