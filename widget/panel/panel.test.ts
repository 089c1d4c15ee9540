// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { anchorPlace, applyTheme, echoedOrigin, hostOrigin, isColor, isUuid, readConfig, threadContext } from './config';
import { connectHost, hostMessage } from './host';

describe('panel config', () => {
  it('reads the fragment the loader wrote, keeping only what is valid', () => {
    expect(readConfig('#g=6f1c2e7a-8b9d-4c3e-9f10-112233445566&t=dark&a=%23e8590c&th=lesson-3&l=de&o=https%3A%2F%2Fcreator.example')).toEqual({
      group: '6f1c2e7a-8b9d-4c3e-9f10-112233445566',
      theme: 'dark',
      accent: '#e8590c',
      thread: 'lesson-3',
      lang: 'de',
      host: 'https://creator.example',
    });
    expect(readConfig('#t=neon&o=javascript%3Aalert(1)')).toEqual({ group: '', theme: 'auto', accent: null, thread: null, lang: null, host: null });
    expect(readConfig('#o=null').host).toBe('null');
    expect(isUuid('6f1c2e7a-8b9d-4c3e-9f10-112233445566')).toBe(true);
    expect(isUuid('knitting-circle')).toBe(false);
  });

  it('takes an accent that is a colour and nothing else', () => {
    for (const ok of ['#e8590c', 'rebeccapurple', 'rgb(10, 20, 30)']) expect(isColor(ok), ok).toBe(true);
    for (const bad of ['red; background: url(https://evil.example)', 'url(x)', 'expression(alert(1))', '}{']) expect(isColor(bad), bad).toBe(false);
    const root = document.createElement('html');
    applyTheme(root, 'dark', 'url(x)');
    expect(root.dataset.theme).toBe('dark');
    expect(root.style.getPropertyValue('--accent')).toBe('');
    applyTheme(root, 'auto', '#ffd43b');
    expect(root.hasAttribute('data-theme')).toBe(false);
    expect(root.style.getPropertyValue('--accent')).toBe('#ffd43b');
  });

  it('names one thread per data-thread key, on the host page origin', () => {
    expect(threadContext('lesson 3', { origin: 'https://creator.example', verified: true }, 'https://hub.example')).toEqual({
      site: 'generic',
      community: 'creator.example',
      kind: 'page',
      id: 'lesson 3',
      title: 'lesson 3',
      url: 'https://creator.example/?nook-thread=lesson%203',
    });
    expect(threadContext('x', { origin: 'null', verified: true }, 'https://hub.example').url).toBe('https://hub.example/?nook-thread=x');
    expect(anchorPlace('https://creator.example/?nook-thread=lesson%203', 'https://hub.example')).toEqual({ site: 'creator.example', verified: true });
    expect(anchorPlace('https://hub.example/?nook-thread=x', 'https://hub.example')).toBeNull();
  });

  it('believes the browser, then the hub, about who frames it; never the fragment alone', () => {
    const claim = 'https://creator.example';
    // Chromium's location.ancestorOrigins names the real parent: a claim it contradicts is replaced.
    expect(hostOrigin(claim, { framed: true, ancestors: ['https://creator.example'] })).toEqual({ origin: claim, verified: true });
    expect(hostOrigin(claim, { framed: true, ancestors: ['https://impostor.example', 'https://top.example'] })).toEqual({ origin: 'https://impostor.example', verified: true });
    expect(hostOrigin('null', { framed: true, ancestors: ['file://'] })).toEqual({ origin: 'null', verified: true });
    // Without it (Firefox), the origin the hub saw in the Referer.
    expect(hostOrigin(claim, { framed: true, ancestors: undefined, echoed: 'https://impostor.example' })).toEqual({ origin: 'https://impostor.example', verified: true });
    // Neither: the claim stands, marked unverified; not framed at all: no host page.
    expect(hostOrigin(claim, { framed: true, ancestors: undefined, echoed: null })).toEqual({ origin: claim, verified: false });
    expect(hostOrigin(claim, { framed: false, ancestors: [], echoed: 'https://creator.example' })).toEqual({ origin: null, verified: false });

    const doc = document.implementation.createHTMLDocument('panel');
    expect(echoedOrigin(doc)).toBeNull();
    doc.head.insertAdjacentHTML('beforeend', '<meta name="nook-framed-by" content="https://creator.example">');
    expect(echoedOrigin(doc)).toBe('https://creator.example');
  });

  it('anchors a thread from an origin it could not verify on the hub, with the claim marked, never on the claimed site', () => {
    const unverified = threadContext('lesson-3', { origin: 'https://creator.example', verified: false }, 'https://hub.example');
    expect(unverified.url).toBe('https://hub.example/?nook-thread=lesson-3&nook-claimed=https%3A%2F%2Fcreator.example');
    expect(unverified.community).toBe('hub.example');
    expect(anchorPlace(unverified.url, 'https://hub.example')).toEqual({ site: 'creator.example', verified: false });
    // Never the same thread as the real page's.
    expect(unverified.url).not.toBe(threadContext('lesson-3', { origin: 'https://creator.example', verified: true }, 'https://hub.example').url);
  });
});

describe('the panel and its host page', () => {
  it('accepts open, theme and resize from the host, in those shapes only', () => {
    expect(hostMessage({ nook: 'open', thread: ' lesson-3 ' })).toEqual({ nook: 'open', thread: 'lesson-3' });
    expect(hostMessage({ nook: 'theme', theme: 'dark' })).toEqual({ nook: 'theme', theme: 'dark' });
    expect(hostMessage({ nook: 'resize' })).toEqual({ nook: 'resize' });
    for (const bad of [{ nook: 'theme', theme: 'url(x)' }, { nook: 'open', thread: 'x'.repeat(201) }, { nook: 'open', thread: '' }, { nook: 'read' }, { nook: 'send', body: 'hi' }, 'open', null]) {
      expect(hostMessage(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('tells its parent its height at the host origin, and listens to that parent at that origin only', () => {
    const parent = { postMessage: vi.fn() };
    const win = Object.assign(new EventTarget(), { parent }) as unknown as Window;
    const sized = document.createElement('div');
    let height = 321.4;
    sized.getBoundingClientRect = () => ({ height }) as DOMRect;
    const open = vi.fn();
    const theme = vi.fn();
    const host = connectHost(win, 'https://creator.example', sized, { open, theme });
    expect(parent.postMessage).toHaveBeenCalledWith({ nook: 'resize', height: 322 }, 'https://creator.example');

    const send = (data: unknown, origin = 'https://creator.example', source: unknown = parent) =>
      win.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
    send({ nook: 'open', thread: 'lesson-3' });
    send({ nook: 'theme', theme: 'dark' });
    send({ nook: 'open', thread: 'from elsewhere' }, 'https://evil.example');
    send({ nook: 'open', thread: 'from a sibling' }, 'https://creator.example', {});
    expect(open.mock.calls).toEqual([['lesson-3']]);
    expect(theme.mock.calls).toEqual([['dark']]);

    height = 400;
    send({ nook: 'resize' });
    expect(parent.postMessage).toHaveBeenLastCalledWith({ nook: 'resize', height: 400 }, 'https://creator.example');
    host.post({ nook: 'unread', count: 2 });
    expect(parent.postMessage).toHaveBeenLastCalledWith({ nook: 'unread', count: 2 }, 'https://creator.example');
    host.dispose();
  });

  it('posts nothing without a known host origin', () => {
    const parent = { postMessage: vi.fn() };
    const win = Object.assign(new EventTarget(), { parent }) as unknown as Window;
    const sized = document.createElement('div');
    sized.getBoundingClientRect = () => ({ height: 100 }) as DOMRect;
    connectHost(win, null, sized, { open: vi.fn(), theme: vi.fn() }).post({ nook: 'ready' });
    expect(parent.postMessage).not.toHaveBeenCalled();
  });
});
