// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "navigation": { "disableChildFrameNavigation": true }, "disableJavaScriptFileLoading": true, "handleDisabledFileLoadingAsSuccess": true } }
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GIVE_UP_MS, LOAD_GRACE_MS, mount, panelMessage, panelUrl, type NookApi } from './loader';

const HUB = 'https://hub.example';

function tag(attrs: Record<string, string> = {}, parent: Element = document.body): HTMLScriptElement {
  const s = document.createElement('script');
  s.src = `${HUB}/widget.js`;
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  parent.append(s);
  return s;
}

const frames = () => [...document.querySelectorAll('iframe')];
const fragment = (frame: HTMLIFrameElement) => Object.fromEntries(new URLSearchParams(new URL(frame.src).hash.slice(1)));

/** The panel's window, as the loader sees it (happy-dom loads no frame here). */
function panelWindow(frame: HTMLIFrameElement) {
  const w = { postMessage: vi.fn() };
  Object.defineProperty(frame, 'contentWindow', { value: w, configurable: true });
  return w;
}

/** A message as the panel in `frame` would post it (dispatched on the window by hand). */
function fromPanel(frame: HTMLIFrameElement, data: unknown, origin = HUB, source: unknown = frame.contentWindow) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
}

beforeEach(() => {
  document.body.innerHTML = '<main><p>Lesson</p><div id="slot"></div></main>';
  delete (window as { Nook?: unknown }).Nook;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('config in the fragment', () => {
  it('carries group, theme, accent, thread, language and the host origin, never in the query', () => {
    const s = tag({ 'data-group': 'g-1', 'data-theme': 'dark', 'data-accent': '#e8590c', 'data-thread': 'lesson 3', 'data-lang': 'de' });
    const url = new URL(panelUrl(s.src, s, 'https://creator.example'));
    expect(url.origin + url.pathname).toBe(`${HUB}/panel/`);
    expect(url.search).toBe('');
    expect(Object.fromEntries(new URLSearchParams(url.hash.slice(1)))).toEqual({
      g: 'g-1',
      t: 'dark',
      a: '#e8590c',
      th: 'lesson 3',
      l: 'de',
      o: 'https://creator.example',
    });
  });

  it('drops what is empty or not a theme, and follows a hub under a path', () => {
    const s = tag({ 'data-group': '', 'data-theme': 'neon' });
    s.src = 'https://example.org/nook/widget.js';
    const url = new URL(panelUrl(s.src, s, 'null'));
    expect(url.pathname).toBe('/nook/panel/');
    expect(Object.fromEntries(new URLSearchParams(url.hash.slice(1)))).toEqual({ o: 'null' });
  });
});

describe('panel messages', () => {
  it('accepts only the shapes the panel sends', () => {
    expect(panelMessage({ nook: 'resize', height: 420.5 })).toEqual({ nook: 'resize', height: 420.5 });
    expect(panelMessage({ nook: 'ready' })).toEqual({ nook: 'ready' });
    expect(panelMessage({ nook: 'joined', name: 'Vi' })).toEqual({ nook: 'joined' });
    expect(panelMessage({ nook: 'unread', count: 3 })).toEqual({ nook: 'unread', count: 3 });
    expect(panelMessage({ nook: 'error', code: 'group_not_found' })).toEqual({ nook: 'error', code: 'group_not_found' });
    for (const bad of [
      null,
      'ready',
      { nook: 'resize', height: -1 },
      { nook: 'resize', height: '100' },
      { nook: 'resize', height: Infinity },
      { nook: 'unread', count: 1.5 },
      { nook: 'error', code: 'Something <b>bad</b>' },
      { nook: 'message', text: 'hello' },
      { type: 'ready' },
    ]) {
      expect(panelMessage(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('mount', () => {
  it('puts the panel right after its tag, titled and unstyleable by the page', () => {
    const s = tag({ 'data-group': 'g-1' }, document.querySelector('main')!);
    mount(s);
    const [frame] = frames();
    expect(frame!.previousElementSibling).toBe(s);
    expect(frame!.title).toBe('Nook discussion');
    expect(fragment(frame!)).toMatchObject({ g: 'g-1', o: window.location.origin });
    expect(frame!.style.getPropertyPriority('display')).toBe('important');
    expect(frame!.style.getPropertyValue('width')).toBe('100%');
  });

  it('goes into data-target, and where the tag stands when the selector is wrong', () => {
    mount(tag({ 'data-group': 'g-1', 'data-target': '#slot' }));
    expect(document.querySelector('#slot iframe')).not.toBeNull();
    const s = tag({ 'data-group': 'g-2', 'data-target': '!!not a selector' });
    expect(() => mount(s)).not.toThrow();
    expect(s.nextElementSibling?.tagName).toBe('IFRAME');
  });

  it('mounts without a group too: the panel says what is missing', () => {
    mount(tag());
    expect(fragment(frames()[0]!).g).toBeUndefined();
  });

  it('sizes the frame and re-dispatches signals from its own panel only', () => {
    const s = tag({ 'data-group': 'g-1' });
    const seen: [string, unknown][] = [];
    for (const type of ['nook:ready', 'nook:joined', 'nook:unread', 'nook:error']) s.addEventListener(type, (e) => seen.push([type, (e as CustomEvent).detail]));
    mount(s);
    const frame = frames()[0]!;
    panelWindow(frame);

    fromPanel(frame, { nook: 'resize', height: 512.2 });
    expect(frame.style.getPropertyValue('height')).toBe('513px');
    fromPanel(frame, { nook: 'ready' });
    fromPanel(frame, { nook: 'unread', count: 2 });
    fromPanel(frame, { nook: 'joined' });
    fromPanel(frame, { nook: 'error', code: 'removed' });
    // Another origin, another window, another shape: ignored.
    fromPanel(frame, { nook: 'resize', height: 9 }, 'https://evil.example');
    fromPanel(frame, { nook: 'resize', height: 9 }, HUB, window);
    fromPanel(frame, { nook: 'unread', count: 'lots' });
    expect(frame.style.getPropertyValue('height')).toBe('513px');
    expect(seen).toEqual([
      ['nook:ready', {}],
      ['nook:unread', { count: 2 }],
      ['nook:joined', {}],
      ['nook:error', { code: 'removed' }],
    ]);
  });

  it('window.Nook reaches every panel that answered, at the hub origin only', () => {
    mount(tag({ 'data-group': 'g-1' }));
    mount(tag({ 'data-group': 'g-2' }));
    const [a, b] = frames() as [HTMLIFrameElement, HTMLIFrameElement];
    const posts: [unknown, string][] = [];
    for (const f of [a, b]) panelWindow(f).postMessage.mockImplementation((m: unknown, o: string) => posts.push([m, o]));
    const nook = (window as unknown as { Nook: NookApi }).Nook;
    nook.open('lesson-3');
    expect(posts).toEqual([]); // neither panel has said a word yet
    fromPanel(a, { nook: 'ready' });
    fromPanel(b, { nook: 'ready' });
    nook.open('lesson-3');
    nook.setTheme('dark');
    expect(posts).toEqual([
      [{ nook: 'open', thread: 'lesson-3' }, HUB],
      [{ nook: 'open', thread: 'lesson-3' }, HUB],
      [{ nook: 'theme', theme: 'dark' }, HUB],
      [{ nook: 'theme', theme: 'dark' }, HUB],
    ]);
  });

  it('a panel that never answers (hub down) leaves a short line, an error event, and nothing thrown', () => {
    vi.useFakeTimers();
    const s = tag({ 'data-group': 'g-1' });
    const codes: unknown[] = [];
    s.addEventListener('nook:error', (e) => codes.push((e as CustomEvent).detail));
    mount(s);
    const frame = frames()[0]!;
    panelWindow(frame);
    frame.dispatchEvent(new Event('load'));
    vi.advanceTimersByTime(LOAD_GRACE_MS + 10);
    expect(frame.style.getPropertyValue('display')).toBe('none');
    expect(frame.nextElementSibling?.textContent).toBe('The discussion could not be loaded.');
    expect(codes).toEqual([{ code: 'hub_unreachable' }]);
    vi.advanceTimersByTime(GIVE_UP_MS);
    expect(codes).toHaveLength(1);
    // It answers after all (a slow network): the panel comes back.
    fromPanel(frame, { nook: 'resize', height: 300 });
    expect(frame.style.getPropertyValue('display')).toBe('block');
    expect(frame.nextElementSibling).toBeNull();
  });
});
