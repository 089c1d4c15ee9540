/**
 * Catalog namespaces (the part of a key before its first dot) that only the extension's own
 * views use. The widget's build leaves them out of its catalogs, because the English catalog
 * ships in the panel's first download; widget/catalog.test.ts fails if code the widget
 * bundles uses one of them.
 */
export const EXTENSION_ONLY_NAMESPACES: readonly string[] = ['options', 'notes', 'popup', 'manifest', 'sidebar', 'launcher', 'discovery', 'site'];
