// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createLauncher } from './ui';

describe('the launcher on a host page', () => {
  const make = () => {
    // The root is closed: the test keeps the handle the page never gets.
    const attach = vi.spyOn(Element.prototype, 'attachShadow');
    const onToggle = vi.fn();
    const onOpen = vi.fn();
    const launcher = createLauncher({ sidebarUrl: 'chrome-extension://x/sidebar.html', wordmarkUrl: 'chrome-extension://x/wordmark.png', strings: { frameTitle: 'Nook sidebar' }, rtl: false, onOpen, onToggle });
    const root = attach.mock.results[0]!.value as ShadowRoot;
    attach.mockRestore();
    const host = document.querySelector('nook-root')!;
    return { launcher, root, host, onToggle, onOpen, button: root.querySelector('button')! };
  };

  it('lives in a closed shadow root, which the page cannot open', () => {
    const { host, button } = make();
    expect(host.shadowRoot).toBeNull();
    expect(button.getAttribute('aria-label')).toBe('Nook');
  });

  it('opens only for a trusted click: a script’s click opens nothing and saves nothing', () => {
    const { launcher, button, onToggle, onOpen } = make();
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(launcher.isOpen()).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(onToggle).not.toHaveBeenCalled();
    expect(onOpen).not.toHaveBeenCalled();
  });
});
