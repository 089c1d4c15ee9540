import { UserError } from '../protocol/errors';

/** Length in user-perceived units close enough for limits: Unicode code points. */
export const charLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Bytes of `s` in UTF-8. */
export const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;

/** True when `s` takes more than `max` UTF-8 bytes (cheap for strings clearly under or over). */
export function exceedsUtf8(s: string, max: number): boolean {
  if (s.length > max) return true; // every UTF-16 unit is at least one byte
  if (s.length * 3 <= max) return false; // no UTF-16 unit takes more than three bytes
  return utf8Bytes(s) > max;
}

const isHttp = (u: URL): boolean => u.protocol === 'http:' || u.protocol === 'https:';

const parseUrl = (s: string): URL | null => {
  try {
    return new URL(s);
  } catch {
    return null;
  }
};

/** True for an absolute http(s) URL. */
export const isHttpUrl = (s: string): boolean => {
  const u = parseUrl(s);
  return u !== null && isHttp(u);
};

// This computer: 127.0.0.0/8, ::1 and localhost (URL has already lowercased and normalised them).
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Tokens travel to a hub in the Authorization header and the live socket's hello: over
 * http:// (and ws://) anyone on the way reads them. Only https, or a hub on this computer.
 */
export const isSecureHub = (hub: string): boolean => {
  const u = parseUrl(hub);
  return u !== null && (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.test(u.hostname)));
};

/**
 * A hub address: '' or null means none (this device only); otherwise an https URL (http only
 * on loopback) without credentials, query or fragment, returned without a trailing slash
 * ("https://hub.example").
 */
export function normalizeHub(input: string | null | undefined): string | null {
  const s = (input ?? '').trim();
  if (s === '') return null;
  const u = parseUrl(s);
  if (!u || !isHttp(u) || u.username || u.password || u.search || u.hash) {
    throw new UserError('hub_invalid', 'The hub must be an http:// or https:// address.');
  }
  if (!isSecureHub(u.href)) throw new UserError('hub_insecure', 'Plain http:// is allowed only for a hub on this computer; use https://.');
  return u.origin + u.pathname.replace(/\/+$/, '');
}

/** An origin the member turns Nook on for: "https://example.com" (path and query dropped). */
export function normalizeOrigin(input: string): string {
  const u = typeof input === 'string' ? parseUrl(input.trim()) : null;
  if (!u || !isHttp(u) || u.username || u.password) {
    throw new UserError('origin_invalid', `"${String(input)}" is not a web site address (http:// or https://).`, {
      origin: String(input),
    });
  }
  return u.origin;
}

/** A granted host pattern ("https://courses.example.com/" plus a star) -> its origin; null for wide patterns. */
export function originOfPattern(pattern: string): string | null {
  const m = /^(https?):\/\/([^/*]+)\/\*$/.exec(pattern);
  return m ? `${m[1]}://${m[2]}` : null;
}
