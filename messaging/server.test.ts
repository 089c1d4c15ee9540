import { beforeEach, describe, expect, it, vi } from 'vitest';

// The dispatcher's refusals depend only on what the browser says about the sender; the
// browser's runtime is stood in for by the listeners it would call.
const runtime = vi.hoisted(() => ({
  id: 'nook-extension-id',
  getURL: (path: string) => `chrome-extension://nook-extension-id${path}`,
  onMessage: { listener: null as null | ((msg: unknown, sender: unknown) => unknown), addListener(fn: (msg: unknown, sender: unknown) => unknown) { this.listener = fn; } },
  onConnect: { listener: null as null | ((port: unknown) => void), addListener(fn: (port: unknown) => void) { this.listener = fn; } },
}));
vi.mock('webextension-polyfill', () => ({ default: { runtime } }));

const { listen } = await import('./server');

const views = { 'notes.list': vi.fn(async () => ['a private note']) };
const content = { 'page.hello': vi.fn(async () => ({ open: false })) };
const watch = vi.fn(() => ({ unsubscribe() {} }));

const sidebar = { id: runtime.id, url: 'chrome-extension://nook-extension-id/sidebar.html', tab: { id: 7 } };
const contentScript = { id: runtime.id, url: 'https://www.reddit.com/r/Sourdough/', tab: { id: 7 } };
const otherExtension = { id: 'someone-else', url: 'chrome-extension://someone-else/page.html', tab: { id: 7 } };

const send = (msg: unknown, sender: unknown) => runtime.onMessage.listener!(msg, sender);

beforeEach(() => {
  vi.clearAllMocks();
  listen(views as never, content as never, watch as never, async () => ({ t: 'context', context: null }) as never);
});

describe('the background dispatcher', () => {
  it('answers a view call from the extension’s own page', async () => {
    await expect(send({ nook: 'view', call: 'notes.list', req: {} }, sidebar)).resolves.toEqual({ ok: true, value: ['a private note'] });
  });

  it('refuses a view call from a content script, so a hostile page cannot read notes through it', async () => {
    await expect(send({ nook: 'view', call: 'notes.list', req: {} }, contentScript)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(views['notes.list']).not.toHaveBeenCalled();
  });

  it('takes content calls only from a content script in a tab, never from an extension page', async () => {
    await expect(send({ nook: 'content', call: 'page.hello', req: {} }, contentScript)).resolves.toEqual({ ok: true, value: { open: false } });
    expect(send({ nook: 'content', call: 'page.hello', req: {} }, sidebar)).toBeUndefined();
    expect(send({ nook: 'content', call: 'page.hello', req: {} }, { ...contentScript, tab: undefined })).toBeUndefined();
  });

  it('does not answer another extension at all, nor a message that is not Nook’s', () => {
    expect(send({ nook: 'view', call: 'notes.list', req: {} }, otherExtension)).toBeUndefined();
    expect(send({ call: 'notes.list' }, sidebar)).toBeUndefined();
    expect(views['notes.list']).not.toHaveBeenCalled();
  });

  it('answers an unknown call with a refusal, not a crash', async () => {
    await expect(send({ nook: 'view', call: 'notes.exfiltrate', req: {} }, sidebar)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it('subscribes live queries only for ports opened by the extension’s own pages', () => {
    const port = (url: string) => {
      const listeners: ((m: unknown) => void)[] = [];
      return {
        name: 'nook-live',
        sender: { url, tab: { id: 7 } },
        postMessage: vi.fn(),
        onMessage: { addListener: (fn: (m: unknown) => void) => listeners.push(fn) },
        onDisconnect: { addListener: () => undefined },
        say: (m: unknown) => listeners.forEach((fn) => fn(m)),
      };
    };
    const fromPage = port('https://www.reddit.com/r/Sourdough/');
    runtime.onConnect.listener!(fromPage);
    fromPage.say({ t: 'sub', sub: 1, call: 'notes.list', req: {} });
    expect(watch).not.toHaveBeenCalled();

    const fromSidebar = port(sidebar.url);
    runtime.onConnect.listener!(fromSidebar);
    fromSidebar.say({ t: 'sub', sub: 1, call: 'notes.list', req: {} });
    expect(watch).toHaveBeenCalledTimes(1);
  });
});
