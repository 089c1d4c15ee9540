import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { LINK_CODE_TTL_MS, UserError, type Device, type JoinRequest } from '../../protocol';
import { write, type StoreContext } from './write';
import { toGroup, toMember, toRequest, type GroupRow, type MembershipRow, type RequestRow } from './rows';
import type { CodeStep } from './scrub';
import type { Db, Queryable, Tx } from './store';

/** Only a hash of a token is kept, so a copy of the database cannot act as anyone. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

const newToken = () => `nk_${randomBytes(32).toString('base64url')}`;

/** Where a new token goes: the extension (in the answer) or the widget (as a cookie, on a creator's site). */
export interface DeviceOrigin {
  session: 'token' | 'cookie';
  site?: string | undefined;
}

/** A device's public id: the first half of its token's hash (protocol/identity.ts DeviceId). */
export const deviceIdOf = (hash: string) => hash.slice(0, 32);

export async function issueToken(tx: Tx, memberId: string, now: number, device: DeviceOrigin): Promise<string> {
  const token = newToken();
  await tx.run('INSERT INTO tokens (hash, member_id, created_at, kind, site, last_used_at) VALUES (?, ?, ?, ?, ?, ?)', [
    hashSecret(token),
    memberId,
    now,
    device.session === 'cookie' ? 'widget' : 'extension',
    device.site ?? null,
    now,
  ]);
  return token;
}

/** A new identity on this hub: a member id and its first token. */
export async function createMember(tx: Tx, now: number, device: DeviceOrigin): Promise<{ memberId: string; token: string }> {
  const memberId = randomUUID();
  await tx.run('INSERT INTO members (id, created_at) VALUES (?, ?)', [memberId, now]);
  return { memberId, token: await issueToken(tx, memberId, now, device) };
}

/**
 * Last use is kept to the hour: writing it on every request would add a write to every read
 * (and a contended one to every post), while expiry counts in months and the device list
 * only needs to say "today" or "3 weeks ago".
 */
export const TOUCH_EVERY_MS = 3600_000;

/**
 * Tokens from before last use was kept have none: they count as used at the upgrade, so
 * nobody is signed out by it and they expire a lifetime later like any other, rather than
 * never (a migration, hub/store/schema.ts).
 */
export const settleUnknownUse: CodeStep = async (tx, now) => {
  await tx.run('UPDATE tokens SET last_used_at = ? WHERE last_used_at IS NULL', [now]);
};

export type TokenCheck = { memberId: string; deviceId: string } | 'expired' | 'unknown';

/** Who a token stands for; a token unused for longer than `ttlMs` has expired. */
export async function checkToken(db: Db, token: string, now: number, ttlMs: number): Promise<TokenCheck> {
  return checkTokenHash(db, hashSecret(token), now, ttlMs);
}

export async function checkTokenHash(db: Db, hash: string, now: number, ttlMs: number): Promise<TokenCheck> {
  const row = await db.one<{ member_id: string; last_used_at: number | null }>('SELECT member_id, last_used_at FROM tokens WHERE hash = ?', [hash]);
  // Every token has a last use since settleUnknownUse; one without could only be forged in.
  const last = row?.last_used_at ?? -Infinity;
  if (!row || now - last > ttlMs) {
    tokenOwners(db).delete(hash);
    return row ? 'expired' : 'unknown';
  }
  if (now - last >= TOUCH_EVERY_MS) {
    await db.tx((tx) => tx.run('UPDATE tokens SET last_used_at = ? WHERE hash = ? AND last_used_at < ?', [now, hash, now]));
  }
  remember(tokenOwners(db), hash, row.member_id);
  return { memberId: row.member_id, deviceId: deviceIdOf(hash) };
}

/**
 * Whom each token this instance checked lately stands for, by the token's hash: what a post
 * whose store checks the token itself (hub/http/auth.ts) needs to know before that check, so
 * that its rate limit is still the member's. It grants nothing, since the store checks the
 * token in the post's own statement. A token never changes member, so an entry can be stale
 * only about whether the token still works; a check that finds it unknown or expired drops
 * it, so a signed-out token is taken for its former member at most once more per instance.
 * Bounded, oldest first out: a token pushed out is checked as before on its next request.
 */
const owners = new WeakMap<Db, Map<string, string>>();
const OWNERS_KEPT = 50_000;

function tokenOwners(db: Db): Map<string, string> {
  let m = owners.get(db);
  if (!m) owners.set(db, (m = new Map()));
  return m;
}

function remember(m: Map<string, string>, hash: string, memberId: string) {
  if (m.has(hash)) return;
  if (m.size >= OWNERS_KEPT) m.delete(m.keys().next().value!);
  m.set(hash, memberId);
}

/** The member a token was last found to stand for on this instance, if it was. */
export const knownOwner = (db: Db, hash: string): string | undefined => owners.get(db)?.get(hash);

const CHECK_BATCH = 500;

/**
 * checkToken for many token hashes at once (the live sockets' tokens, each heartbeat): one
 * read and at most one write per batch rather than per socket. Absent from the answer: unknown.
 */
export async function checkTokenHashes(db: Db, hashes: readonly string[], now: number, ttlMs: number): Promise<Map<string, TokenCheck>> {
  const out = new Map<string, TokenCheck>();
  for (let i = 0; i < hashes.length; i += CHECK_BATCH) {
    const batch = hashes.slice(i, i + CHECK_BATCH);
    const rows = await db.all<{ hash: string; member_id: string; last_used_at: number | null }>(
      `SELECT hash, member_id, last_used_at FROM tokens WHERE hash IN (${batch.map(() => '?').join(', ')})`,
      batch,
    );
    const stale: string[] = [];
    for (const r of rows) {
      const last = r.last_used_at ?? -Infinity;
      if (now - last > ttlMs) out.set(r.hash, 'expired');
      else {
        out.set(r.hash, { memberId: r.member_id, deviceId: deviceIdOf(r.hash) });
        if (now - last >= TOUCH_EVERY_MS) stale.push(r.hash);
      }
    }
    if (stale.length > 0) {
      await db.tx((tx) =>
        tx.run(`UPDATE tokens SET last_used_at = ? WHERE hash IN (${stale.map(() => '?').join(', ')}) AND last_used_at < ?`, [now, ...stale, now]),
      );
    }
  }
  return out;
}

/** The member's devices that can still sign in, oldest first. */
export async function listDevices(q: Queryable, memberId: string, currentId: string | null, now: number, ttlMs: number): Promise<Device[]> {
  const rows = await q.all<{ hash: string; kind: string | null; site: string | null; created_at: number; last_used_at: number }>(
    'SELECT hash, kind, site, created_at, last_used_at FROM tokens WHERE member_id = ? AND last_used_at >= ? ORDER BY created_at, hash',
    [memberId, now - ttlMs],
  );
  return rows.map((r) => ({
    id: deviceIdOf(r.hash),
    // Tokens from before devices were told apart (kind null) were almost all the extension's.
    kind: r.kind === 'widget' ? 'widget' : 'extension',
    site: r.site,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    current: deviceIdOf(r.hash) === currentId,
  }));
}

/** Signs one of the member's devices out: its token is deleted, so it is refused from now on. */
export async function signOutDevice(db: Db, memberId: string, deviceId: string): Promise<void> {
  const n = await db.tx((tx) => tx.run('DELETE FROM tokens WHERE member_id = ? AND substr(hash, 1, 32) = ?', [memberId, deviceId]));
  if (n === 0) throw new UserError('device_not_found', 'No such device of yours.');
}

/**
 * Every device but this one: their tokens, and the link codes not used yet (one made on a
 * lost device would otherwise bring it back).
 */
export async function signOutOtherDevices(db: Db, memberId: string, keepId: string): Promise<void> {
  await db.tx(async (tx) => {
    await tx.run('DELETE FROM tokens WHERE member_id = ? AND substr(hash, 1, 32) <> ?', [memberId, keepId]);
    await tx.run('DELETE FROM link_codes WHERE member_id = ? AND used_at IS NULL', [memberId]);
  });
}

// No 0/O or 1/I: the code is read off one screen and typed into another.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export async function createLinkCode(s: StoreContext, memberId: string) {
  let raw = '';
  for (let i = 0; i < 10; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
  return write(s, async ({ tx, now }) => {
    const expiresAt = now + LINK_CODE_TTL_MS;
    await tx.run('INSERT INTO link_codes (hash, member_id, expires_at) VALUES (?, ?, ?)', [hashSecret(raw), memberId, expiresAt]);
    return { code, expiresAt };
  });
}

/** Trades a link code, once and before it expires, for a new token of the same member. */
export function redeemLinkCode(s: StoreContext, code: string, device: DeviceOrigin) {
  return write(s, async ({ tx, now }) => {
    const row = await tx.one<{ member_id: string }>(
      'UPDATE link_codes SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ? RETURNING member_id',
      [now, hashSecret(normaliseCode(code)), now],
    );
    if (!row) throw new UserError('link_code_invalid', 'This link code is unknown, used or expired.');
    return { memberId: row.member_id, token: await issueToken(tx, row.member_id, now, device) };
  });
}

export async function describeMe(q: Queryable, memberId: string) {
  const rows = await q.all<GroupRow & { m_name: string; m_intro: string; m_role: MembershipRow['role']; m_joined: number; n: number }>(
    `SELECT g.*, m.name AS m_name, m.intro AS m_intro, m.role AS m_role, m.joined_at AS m_joined,
       (SELECT COUNT(*) FROM memberships x WHERE x.group_id = g.id AND x.status = 'active') AS n
     FROM memberships m JOIN groups g ON g.id = m.group_id
     WHERE m.member_id = ? AND m.status = 'active' ORDER BY g.created_at`,
    [memberId],
  );
  const requests = await q.all<RequestRow>(
    "SELECT * FROM join_requests WHERE member_id = ? AND status = 'pending' ORDER BY created_at",
    [memberId],
  );
  return {
    memberId,
    groups: rows.map((r) => ({
      group: toGroup(r, Number(r.n)),
      member: toMember({
        group_id: r.id,
        member_id: memberId,
        name: r.m_name,
        intro: r.m_intro,
        role: r.m_role,
        status: 'active',
        joined_at: r.m_joined,
        left_at: null,
      }),
    })),
    requests: requests.map((r): JoinRequest => toRequest(r)),
  };
}
