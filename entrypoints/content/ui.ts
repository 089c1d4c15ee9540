import { WORDMARK } from './wordmark';

/**
 * The only UI Nook draws on a host page: the launcher button and, once opened, the sidebar
 * iframe, both inside a closed shadow root, so the page's scripts can neither click the
 * launcher nor restyle the frame (to make it invisible and trick a click into it). Styles
 * come from a constructable stylesheet so a strict page CSP cannot block them, and the host
 * element's own style is inline `!important` so page rules (even `* { ... !important }`)
 * cannot hide or move it.
 */

export interface LauncherStrings {
  frameTitle: string;
}

export interface Launcher {
  setOpen(open: boolean, focus?: boolean): void;
  isOpen(): boolean;
  setHidden(hidden: boolean): void;
  focusLauncher(): void;
}

const WIDTH = 400;
const HOST_STYLE =
  'all:initial!important;display:block!important;position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;z-index:2147483647!important;visibility:visible!important;opacity:1!important;pointer-events:none!important;transform:none!important;filter:none!important';

// The wordmark is a mask over a white layer, not a background image: the largest image a page
// paints is named, address and all, in its largest-contentful-paint entries, and on a page
// that shows little else that is the launcher's, giving away the dynamic id of Nook's files.
const css = (wordmarkUrl: string) => `
:host{all:initial}
*{box-sizing:border-box}
.l{all:initial;pointer-events:auto;position:fixed;top:50%;right:0;transform:translateY(-50%);width:${WORDMARK.width + 18}px;height:${WORDMARK.height + 28}px;border-radius:10px 0 0 10px;background:#3b5bdb;forced-color-adjust:none;cursor:pointer;box-shadow:0 2px 10px #0004}
.l::before{content:"";position:absolute;inset:0;background:#fff;mask:url("${wordmarkUrl}") center/${WORDMARK.width}px ${WORDMARK.height}px no-repeat}
.l:hover{background-color:#364fc7}
.l:focus-visible{outline:3px solid #ffd43b;outline-offset:2px}
.l[aria-expanded=true]{right:${WIDTH}px}
.l[hidden]{display:none}
.f{all:initial;pointer-events:auto;position:fixed;top:0;right:0;width:${WIDTH}px;max-width:100vw;height:100vh;border:0;border-left:1px solid #0002;background:#fff;color-scheme:light dark;box-shadow:-4px 0 24px #0003;display:block}
.f[hidden]{display:none}
.r.l{right:auto;left:0;border-radius:0 10px 10px 0}
.r.l[aria-expanded=true]{left:${WIDTH}px;right:auto}
.r.f{right:auto;left:0;border-left:0;border-right:1px solid #0002;box-shadow:4px 0 24px #0003}
@media (prefers-color-scheme:dark){.f{background:#1a1b1e}}
@media (max-width:${WIDTH + 40}px){.l[aria-expanded=true]{display:none}}
`;

export function createLauncher(opts: {
  sidebarUrl: string;
  /** The wordmark's address in the extension (WORDMARK.path). */
  wordmarkUrl: string;
  strings: LauncherStrings;
  rtl: boolean;
  /** Called each time the sidebar opens, before it is shown (on first open, before its frame exists). */
  onOpen(): void;
  onToggle(open: boolean): void;
}): Launcher {
  const host = document.createElement('nook-root');
  host.setAttribute('style', HOST_STYLE);
  const root = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css(opts.wordmarkUrl));
  root.adoptedStyleSheets = [sheet];

  // Right to left: the launcher and the sidebar on the left (class r).
  const side = opts.rtl ? ' r' : '';
  const button = document.createElement('button');
  button.className = 'l' + side;
  button.type = 'button';
  // The brand name is the accessible name in every language, and shown as an image
  // (scripts/wordmark.ts says why).
  button.setAttribute('aria-label', 'Nook');
  button.setAttribute('aria-expanded', 'false');
  root.append(button);

  let frame: HTMLIFrameElement | null = null;
  let open = false;
  let hidden = false;

  // The host is the page's only handle on us. It stays a direct child of <html> (not <body>: a
  // page may have no body yet, or replace it), whose fading or clipping would take the page
  // with it; anywhere deeper, an ancestor's opacity, filter, transform or clip-path could hide
  // Nook alone while the member's clicks still land on it. Its style is ours for the same reason.
  const inPlace = () => host.parentNode === document.documentElement && host.getAttribute('style') === HOST_STYLE;
  // Put back at once (observers run before the next paint or input) whenever the page moves it,
  // removes it, replaces <html> or rewrites its style. A page that keeps undoing it would make
  // that a loop: past a few times a second, Nook closes instead, and opens again only in place.
  let restored: number[] = [];
  let watching = false;
  const watch = new MutationObserver(() => {
    if (inPlace()) return;
    const now = Date.now();
    restored = restored.filter((t) => now - t < 1000);
    if (restored.push(now) > 5) {
      watch.disconnect();
      watching = false;
      api.setOpen(false);
      return;
    }
    arm();
  });
  const arm = () => {
    if (host.getAttribute('style') !== HOST_STYLE) host.setAttribute('style', HOST_STYLE);
    if (host.parentNode !== document.documentElement) document.documentElement.append(host);
    watching = true;
    // A new <html> is watched in turn; observing a node again only renews its options.
    watch.observe(document, { childList: true });
    watch.observe(document.documentElement, { childList: true });
    watch.observe(host, { attributeFilter: ['style'] });
  };
  arm();

  const render = () => {
    button.setAttribute('aria-expanded', String(open));
    button.hidden = hidden && !open;
    if (frame) frame.hidden = !open;
  };

  const api: Launcher = {
    setOpen(next, focus = false) {
      // Nook stopped putting itself back: it opens where it belongs or not at all.
      if (next && !watching) {
        if (!inPlace()) return;
        restored = [];
        arm();
      }
      if (next && !open) opts.onOpen();
      open = next;
      if (open && !frame) {
        frame = document.createElement('iframe');
        frame.className = 'f' + side;
        frame.title = opts.strings.frameTitle;
        frame.src = opts.sidebarUrl;
        frame.setAttribute('allow', 'clipboard-write');
        root.append(frame);
      }
      render();
      if (open && focus) frame?.focus();
    },
    isOpen: () => open,
    setHidden(h) {
      hidden = h;
      render();
    },
    focusLauncher() {
      if (!button.hidden) button.focus();
    },
  };

  button.addEventListener('click', (e) => {
    // Only the member's own click (or key): a script that reached the button some other way
    // (another extension's content script can open closed roots) must not open Nook, nor
    // save "open" for the site.
    if (!e.isTrusted) return;
    api.setOpen(!open, true);
    opts.onToggle(open);
  });
  return api;
}
