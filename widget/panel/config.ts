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

/** The origin of the page that frames the panel, and whether the browser (or the hub) vouched for it. */
export interface HostOrigin {
  /** An http(s) origin, 'null' for a page without one (file://), or null when unknown. */
  origin: string | null;
  verified: boolean;
}

/**
 * The fragment's `o` is written by whoever frames the panel, so alone it proves nothing. The
 * browser names the parent's real origin in `location.ancestorOrigins` (Chromium, Safari);
 * elsewhere the hub echoes the origin of the Referer the panel was requested with (the
 * `nook-framed-by` meta, hub/routes/widget-files.ts), which a page cannot forge, only withhold.
 * What either says wins over the claim; with neither, the claim stands, unverified.
 */
export function hostOrigin(claimed: string | null, seen: { framed: boolean; ancestors?: ArrayLike<string> | null; echoed?: string | null }): HostOrigin {
  // Opened on its own, the panel has no host page (a Referer would name a page that linked here).
  if (!seen.framed) return { origin: null, verified: false };
  const said = seen.ancestors && seen.ancestors.length > 0 ? seen.ancestors[0]! : (seen.echoed ?? null);
  // A file:// parent is named 'file://' by ancestorOrigins, 'null' by its own location.origin.
  const real = said === 'file://' ? 'null' : said;
  if (real && (real === 'null' || ORIGIN.test(real))) return { origin: real, verified: true };
  return { origin: claimed, verified: false };
}

/** The origin the hub saw the panel requested from, if it could tell. */
export const echoedOrigin = (doc: Document): string | null => doc.querySelector<HTMLMetaElement>('meta[name="nook-framed-by"]')?.content || null;

const CLAIMED = 'nook-claimed';

/**
 * The page a creator's `data-thread` key stands for: one thread per key in the group, found
 * again by its anchor address on the host's origin (or the hub's, for a file:// page). An
 * origin that could not be verified is not used as the address: the thread is anchored on
 * the hub, with the claim kept as a parameter, so no member is told it came from there and it
 * never merges with the real page's thread.
 */
export function threadContext(key: string, host: HostOrigin, hub: string): PageContext {
  const known = host.origin && host.origin !== 'null' ? host.origin : null;
  const base = known && host.verified ? known : hub;
  const claim = known && !host.verified ? `&${CLAIMED}=${encodeURIComponent(known)}` : '';
  return { site: 'generic', community: new URL(base).host, kind: 'page', id: key, title: key, url: `${base}/?nook-thread=${encodeURIComponent(key)}${claim}` };
}

/** Where a widget thread's anchor says it is: the page's host, and whether that was verified (null: no page). */
export function anchorPlace(url: string, hub: string): { site: string; verified: boolean } | null {
  const u = new URL(url);
  const claimed = u.searchParams.get(CLAIMED);
  if (claimed) return { site: ORIGIN.test(claimed) ? new URL(claimed).host : claimed, verified: false };
  return u.origin === new URL(hub).origin ? null : { site: u.host, verified: true };
}
