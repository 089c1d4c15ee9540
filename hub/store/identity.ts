import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { LINK_CODE_TTL_MS, UserError, type JoinRequest } from '../../protocol';
import { write, type StoreContext } from './write';
import { toGroup, toMember, toRequest, type GroupRow, type MembershipRow, type RequestRow } from './rows';
import type { Queryable, Tx } from './store';

/** Only a hash of a token is kept, so a copy of the database cannot act as anyone. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

const newToken = () => `nk_${randomBytes(32).toString('base64url')}`;

export async function issueToken(tx: Tx, memberId: string, now: number): Promise<string> {
  const token = newToken();
  await tx.run('INSERT INTO tokens (hash, member_id, created_at) VALUES (?, ?, ?)', [hashSecret(token), memberId, now]);
  return token;
}

/** A new identity on this hub: a member id and its first token. */
export async function createMember(tx: Tx, now: number): Promise<{ memberId: string; token: string }> {
  const memberId = randomUUID();
  await tx.run('INSERT INTO members (id, created_at) VALUES (?, ?)', [memberId, now]);
  return { memberId, token: await issueToken(tx, memberId, now) };
}

export async function memberForToken(q: Queryable, token: string): Promise<string | undefined> {
  const row = await q.one<{ member_id: string }>('SELECT member_id FROM tokens WHERE hash = ?', [hashSecret(token)]);
  return row?.member_id;
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
export function redeemLinkCode(s: StoreContext, code: string) {
  return write(s, async ({ tx, now }) => {
    const row = await tx.one<{ member_id: string }>(
      'UPDATE link_codes SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ? RETURNING member_id',
      [now, hashSecret(normaliseCode(code)), now],
    );
    if (!row) throw new UserError('link_code_invalid', 'This link code is unknown, used or expired.');
    return { memberId: row.member_id, token: await issueToken(tx, row.member_id, now) };
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
