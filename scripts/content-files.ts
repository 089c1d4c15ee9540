/**
 * The scripts Nook runs in host pages, as built (wxt.config.ts declares the first in the
 * manifest; the background injects both where the manifest does not reach).
 */
export const CONTENT_FILES = {
  /** The launcher and the site's preferences: on every page load of a supported site. */
  launcher: '/content-launcher.js',
  /** The page's context (the site adapters): injected when a sidebar first opens. */
  context: '/content-context.js',
} as const;
