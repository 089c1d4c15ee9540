import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/** How long what loads around the element (a prompt above it, its own details) may still move it. */
const SETTLE_MS = 2_000;

/**
 * Brings an element into view and gives it the focus each time `key` changes (not while it is
 * null): the item a member was taken to. What loads around it meanwhile (a prompt above it, its
 * own rows) can push it away, so for a moment it is brought back whenever it or what holds it
 * changes size, until the member scrolls, clicks or types themselves.
 */
export function useBringIntoView(ref: RefObject<HTMLElement>, key: number | null | undefined): void {
  useEffect(() => {
    const el = ref.current;
    if (key == null || !el) return;
    const bring = () => el.scrollIntoView({ block: 'nearest' });
    bring();
    el.focus({ preventScroll: true });
    const until = Date.now() + SETTLE_MS;
    const resized = new ResizeObserver(() => (Date.now() < until ? bring() : stop()));
    // Content growing above it grows its ancestors (whichever of them scrolls keeps its own size).
    for (let n: HTMLElement | null = el; n; n = n.parentElement) resized.observe(n);
    const stop = () => {
      resized.disconnect();
      for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) removeEventListener(type, stop, true);
    };
    for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) addEventListener(type, stop, true);
    const timer = setTimeout(stop, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [key]);
}
