import type { HostMessage, PanelMessage } from '../messages';
import { isTheme } from './config';

/** A message from the host page as the panel accepts it: navigate, theme, or "tell me your height again". */
export function hostMessage(data: unknown): HostMessage | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d.nook === 'open' && typeof d.thread === 'string' && d.thread.trim() && d.thread.length <= 200) return { nook: 'open', thread: d.thread.trim() };
  if (d.nook === 'theme' && isTheme(d.theme)) return { nook: 'theme', theme: d.theme };
  if (d.nook === 'resize') return { nook: 'resize' };
  return null;
}

export interface HostBridge {
  post(m: PanelMessage): void;
  dispose(): void;
}

/**
 * The panel's side of the loader's postMessage protocol. It only ever tells the host its
 * height and a few signals without content (PanelMessage), sent to the host's origin from
 * the fragment; it only listens to its own parent, from that origin, in the shapes above.
 */
export function connectHost(
  win: Window,
  host: string | null,
  sized: HTMLElement,
  on: { open(thread: string): void; theme(theme: 'light' | 'dark' | 'auto'): void },
): HostBridge {
  const parent = win.parent !== win ? win.parent : null;
  // A file:// page has the opaque origin 'null', which no targetOrigin can name.
  const target = host === 'null' ? '*' : host;
  const post = (m: PanelMessage) => {
    if (parent && target) parent.postMessage(m, target);
  };
  let last = -1;
  const measure = () => {
    const height = Math.ceil(sized.getBoundingClientRect().height);
    if (height > 0 && height !== last) {
      last = height;
      post({ nook: 'resize', height });
    }
  };
  const listener = (e: MessageEvent) => {
    if (!parent || e.source !== parent || e.origin !== host) return;
    const m = hostMessage(e.data);
    if (m?.nook === 'open') on.open(m.thread);
    else if (m?.nook === 'theme') on.theme(m.theme as 'light' | 'dark' | 'auto');
    else if (m?.nook === 'resize') {
      last = -1;
      measure();
    }
  };
  win.addEventListener('message', listener);
  const observer = new ResizeObserver(measure);
  observer.observe(sized);
  // Now, not at the next frame: a frame below the fold renders late, and the loader is waiting to hear from us.
  measure();
  return {
    post,
    dispose() {
      observer.disconnect();
      win.removeEventListener('message', listener);
    },
  };
}
