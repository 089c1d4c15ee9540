/** The shape of every runtime message, so one dispatcher can route (and refuse) them. */
export type Envelope =
  | { nook: 'view'; call: string; req: unknown }
  | { nook: 'content'; call: string; req: unknown }
  | { nook: 'tab'; call: string; req: unknown };

export const LIVE_PORT = 'nook-live';

export function isEnvelope(m: unknown): m is Envelope {
  if (typeof m !== 'object' || m === null) return false;
  const e = m as Record<string, unknown>;
  return (e.nook === 'view' || e.nook === 'content' || e.nook === 'tab') && typeof e.call === 'string';
}
