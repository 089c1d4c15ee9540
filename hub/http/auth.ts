import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { Id, SESSION_COOKIE, UserError, type Role } from '../../protocol';
import { checkMember, requireManager } from '../store/access';
import { clientAddress } from './client-address';
import type { MembershipRow } from '../store/rows';
import { matchedRoutes } from 'hono/route';
import { checkTokenHash, deviceIdOf, hashSecret, knownOwner } from '../store/identity';
import type { Db } from '../store/store';
import type { HubEnv } from './env';

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{16,200})$/;

// These run on every request, so they read variables with c.get: each read of c.var makes
// a new object of all of them (Object.fromEntries), garbage a post made about ten times.

/**
 * The cookie is ambient: any site can make the browser send it. It is accepted only on
 * requests the hub's own pages made (the widget panel); elsewhere it is ignored, and the
 * request goes on as one without a token.
 */
function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = c.req.header('origin');
  return origin === undefined || origin === new URL(c.req.url).origin;
}

/** Route handlers whose store checks the caller's token itself, and on which database (Operation.tokenCheckedByStore). */
const tokenLeftToStore = new WeakMap<object, Db['dialect']>();

export function leaveTokenToStore(handler: object, dialect: Db['dialect']): void {
  tokenLeftToStore.set(handler, dialect);
}

function storeChecksToken(c: Context<HubEnv>): boolean {
  const dialect = c.get('hub').db.dialect;
  return matchedRoutes(c).some((r) => tokenLeftToStore.get(r.handler) === dialect);
}

/**
 * Resolves the caller from `Authorization: Bearer` or the session cookie; a bearer token that
 * is presented must be valid. A session cookie the hub does not know (restored from a backup,
 * or signed out elsewhere) counts as no session and is cleared: the browser cannot drop an
 * HttpOnly cookie by itself, and refusing it would lock the visitor out for good. An expired
 * token is refused with its own code, so the client can say "sign in again"; its cookie goes too.
 *
 * On a route whose store checks the token in the write's own statement (a post on Postgres),
 * a token this instance knows is not looked up here: that would be a round trip of its own.
 * The caller is taken for the member the token was last found to stand for, which only the
 * rate limit relies on before the store has checked it (knownOwner, hub/store/identity.ts).
 */
export const identify = createMiddleware<HubEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  let token: string | undefined;
  let fromCookie = false;
  if (header !== undefined) {
    token = BEARER.exec(header.trim())?.[1];
    if (!token) throw new UserError('bad_token', 'The Authorization header must be "Bearer <token>".');
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie && sameOrigin(c)) [token, fromCookie] = [cookie, true];
  }
  c.set('memberId', null);
  c.set('deviceId', null);
  c.set('uncheckedToken', null);
  if (token) {
    const hash = hashSecret(token);
    const owner = storeChecksToken(c) ? knownOwner(c.get('hub').db, hash) : undefined;
    if (owner) {
      c.set('memberId', owner);
      c.set('deviceId', deviceIdOf(hash));
      c.set('uncheckedToken', { hash, fromCookie });
    } else await settle(c, hash, fromCookie);
  }
  await next();
});

async function settle(c: Context<HubEnv>, hash: string, fromCookie: boolean) {
  const { db, clock, config } = c.get('hub');
  const found = await checkTokenHash(db, hash, clock.now(), config.tokenTtlMs);
  if (typeof found === 'object') {
    c.set('memberId', found.memberId);
    c.set('deviceId', found.deviceId);
    return;
  }
  c.set('memberId', null);
  c.set('deviceId', null);
  if (fromCookie) clearSession(c);
  if (found === 'expired') throw new UserError('token_expired', 'This device was not used for too long and was signed out; sign in again.');
  if (!fromCookie) throw new UserError('bad_token', 'This token is not known to this hub.');
}

/** The token identify left to the store (see there), for the store to check; null when it checked it itself. */
export function tokenForStore(c: Context<HubEnv>): { memberId: string; hash: string; ttlMs: number } | null {
  const left = c.get('uncheckedToken');
  const memberId = c.get('memberId');
  return left && memberId ? { memberId, hash: left.hash, ttlMs: c.get('hub').config.tokenTtlMs } : null;
}

/**
 * For a request whose store did not settle the token it was left (a refusal, a repeat, a
 * mention): the check identify would have made, with its answers, before the general path.
 */
export async function checkTokenNow(c: Context<HubEnv>): Promise<void> {
  const left = c.get('uncheckedToken');
  if (!left) return;
  c.set('uncheckedToken', null);
  await settle(c, left.hash, left.fromCookie);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Writes are rate-limited per member, or per address for callers without a token. */
export const rateLimit = createMiddleware<HubEnv>(async (c, next) => {
  const limiter = c.get('hub').limiter;
  if (limiter && !READS.has(c.req.method)) {
    const key = c.get('memberId') ?? `addr:${clientAddress(c)}`;
    const wait = limiter.take(key);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new UserError('rate_limited', 'Too many changes at once; try again shortly.', { retryAfter: wait });
    }
  }
  await next();
});

export const requireToken = createMiddleware<HubEnv>(async (c, next) => {
  if (!c.get('memberId')) throw new UserError('unauthorized', 'A token is needed for this.');
  await next();
});

function groupParam(c: Context<HubEnv>): { memberId: string; groupId: string } {
  const memberId = c.get('memberId');
  if (!memberId) throw new UserError('unauthorized', 'A token is needed for this.');
  const groupId = c.req.param('groupId') ?? '';
  if (!Id.safeParse(groupId).success) throw new UserError('group_not_found', 'No such group.');
  return { memberId, groupId };
}

/**
 * The caller must be an active member of `:groupId` (with one of `roles`). With `community`,
 * an owner or moderator of the group's community passes too, member or not (Operation.community):
 * `me` is then set only when they are a member, and the handler reads the group from the path.
 */
export const inGroup = (roles?: readonly Role[], community?: true) =>
  createMiddleware<HubEnv>(async (c, next) => {
    const { memberId, groupId } = groupParam(c);
    const db = c.get('hub').db;
    // The group and the caller's place in it, in one read.
    const row = await db.one<{ found: string } & Partial<MembershipRow>>(
      'SELECT g.id AS found, m.* FROM groups g LEFT JOIN memberships m ON m.group_id = g.id AND m.member_id = ? WHERE g.id = ?',
      [memberId, groupId],
    );
    if (!row) throw new UserError('group_not_found', 'No such group.');
    const { found: _found, ...me } = row;
    const mine = me.status ? (me as MembershipRow) : undefined;
    if (community) {
      const manager = await requireManager(db, groupId, memberId, roles ?? ['owner', 'moderator', 'member']);
      if (manager.me) c.set('me', manager.me);
    } else c.set('me', checkMember(mine, roles));
    await next();
  });

/**
 * For writes whose store function checks the caller itself, inside its transaction (where
 * the check must be anyway, so that a removal committing first wins): only the token and
 * the group id's form are checked here, and `me` is not set. Saves the same check being
 * read twice on the hot path (posting a message).
 */
export const inGroupCheckedByStore = () =>
  createMiddleware<HubEnv>(async (c, next) => {
    groupParam(c);
    await next();
  });

export const memberOf = (c: Context<HubEnv>): string => {
  const id = c.get('memberId');
  if (!id) throw new UserError('unauthorized', 'A token is needed for this.');
  return id;
};

// Clearing a cookie needs the attributes it was set with: Partitioned above all, or the
// browser looks for it in the unpartitioned jar and leaves the real one be.
const SESSION_ATTRIBUTES = { httpOnly: true, secure: true, sameSite: 'None', partitioned: true, path: '/' } as const;

/**
 * Hands a new token to the client: in the body for the extension, or as the widget's
 * cookie (HttpOnly, Partitioned) when it asked for `session: 'cookie'`, then not in the body.
 */
export function deliverToken(c: Context, token: string | undefined, session: 'token' | 'cookie'): string | undefined {
  if (token === undefined || session === 'token') return token;
  setCookie(c, SESSION_COOKIE, token, { ...SESSION_ATTRIBUTES, maxAge: 400 * 24 * 3600 });
  return undefined;
}

/** Tells the browser to drop the widget's session cookie (Max-Age=0, same attributes). */
export function clearSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, SESSION_ATTRIBUTES);
}

/** The asking device's id (requireToken has run). */
export const deviceOf = (c: Context<HubEnv>): string => {
  const id = c.get('deviceId');
  if (!id) throw new UserError('unauthorized', 'A token is needed for this.');
  return id;
};

export function baseUrl(c: Context<HubEnv>): string {
  return c.get('hub').config.publicUrl ?? new URL(c.req.url).origin;
}
