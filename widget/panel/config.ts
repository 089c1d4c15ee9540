import type { PageContext } from '../../sites/types';

/**
 * The panel's configuration, from its URL fragment (written by the loader, widget/loader):
 * group, theme, accent, thread, language and the host page's origin. A fragment never reaches
 * a server, so none of this is in the hub's logs.
 */
export type Theme = 'light' | 'dark' | 'auto';

export interface PanelConfig {
  /** The group id as given ('' when the tag has no data-group). */
  group: string;
  theme: Theme;
  accent: string | null;
  /** A thread key (data-thread) or a thread's id. */
  thread: string | null;
  lang: string | null;
  /** The host page's origin, where this panel's few messages go ('null' for a file:// page). */
  host: string | null;
}

// Group and thread ids are UUIDs (protocol/fields.ts Id): a typo is caught here, before the hub.
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID_RE.test(s);

const THEMES = new Set<Theme>(['light', 'dark', 'auto']);
export const isTheme = (s: unknown): s is Theme => THEMES.has(s as Theme);

const ORIGIN = /^https?:\/\/[^/?#\s]+$/;

export function readConfig(hash: string): PanelConfig {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const text = (key: string, max = 200) => p.get(key)?.trim().slice(0, max) || null;
  const theme = text('t');
  const host = text('o');
  return {
    group: text('g') ?? '',
    theme: isTheme(theme) ? theme : 'auto',
    accent: text('a', 64),
    thread: text('th'),
    lang: text('l', 35),
    host: host && (host === 'null' || ORIGIN.test(host)) ? host : null,
  };
}

/** A CSS color and nothing else (no `url()`, no `;`), so it can only ever colour. */
export function isColor(value: string): boolean {
  if (/[;{}()\\]/.test(value.replace(/^(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\([^()]*\)$/i, ''))) return false;
  return typeof CSS !== 'undefined' ? CSS.supports('color', value) : /^#[0-9a-f]{3,8}$/i.test(value);
}

/** Light, dark or the visitor's own setting; the creator's accent where it is a colour. */
export function applyTheme(root: HTMLElement, theme: Theme, accent: string | null): void {
  if (theme === 'auto') root.removeAttribute('data-theme');
  else root.dataset.theme = theme;
  if (!accent || !isColor(accent)) return;
  root.style.setProperty('--accent', accent);
  root.style.setProperty('--accent-fg', readableOn(root, accent));
}

/** Black or white text, whichever reads better on the accent (WCAG relative luminance). */
function readableOn(root: HTMLElement, color: string): string {
  const probe = root.ownerDocument.createElement('i');
  probe.style.color = color;
  root.append(probe);
  const rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  probe.remove();
  if (rgb.length < 3) return '#ffffff';
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#10131a' : '#ffffff';
}

/**
 * The page a creator's `data-thread` key stands for: one thread per key in the group, found
 * again by its anchor address on the host's origin (or the hub's, for a file:// page).
 */
export function threadContext(key: string, host: string | null, hub: string): PageContext {
  const base = host && host !== 'null' ? host : hub;
  return { site: 'generic', community: new URL(base).host, kind: 'page', id: key, title: key, url: `${base}/?nook-thread=${encodeURIComponent(key)}` };
}
