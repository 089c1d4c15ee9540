/**
 * Stands in for hono's cookie serializer in the widget's pages (widget/vite-pages.ts). hono's
 * client uses it only to write a `Cookie` header from its `cookie` option, a header browsers
 * refuse to let a page set (the panel's session cookie goes by `credentials`), so in a browser
 * that code can only fail; the real serializer would cost the panel's start about 0.6 kB.
 */
export function serialize(): never {
  throw new Error('A Cookie header cannot be set from a browser: the hono client’s `cookie` option is not for the widget');
}
