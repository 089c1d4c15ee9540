/**
 * The postMessage protocol between the widget's loader (widget/loader, on the creator's page)
 * and its panel (widget/panel, on the hub's origin), typed once for both. Types only: the
 * loader stays zod-free and within its 2 kB.
 */

/** What the panel may tell the loader; every other message is ignored. Never content. */
export type PanelMessage =
  | { nook: 'resize'; height: number }
  | { nook: 'ready' | 'joined' }
  | { nook: 'unread'; count: number }
  | { nook: 'error'; code: string };

/** What the page may ask of the panel (through window.Nook), and "tell me your height again". */
export type HostMessage = { nook: 'open'; thread: string } | { nook: 'theme'; theme: string } | { nook: 'resize' };
