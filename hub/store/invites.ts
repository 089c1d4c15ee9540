import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { UserError, type CreateInviteBody, type JoinBody } from '../../protocol';
import { activeCount, enterAsManager, findGroup, lockGroup, membership } from './access';
import { write, type StoreContext } from './write';
import { admit, groupView } from './groups';
import { createMember } from './identity';
import { toInvite, type GroupRow, type InviteRow } from './rows';
import type { Queryable } from './store';

export function createInvite(
  s: StoreContext,
  memberId: string,
  groupId: string,
  body: z.output<typeof CreateInviteBody>,
  baseUrl: string,
) {
  return write(s, async ({ tx, now }) => {
    await enterAsManager(tx, groupId, memberId, ['owner', 'moderator']);
    const id = body.id ?? randomUUID();
    const same = async () => {
      const existing = await tx.one<InviteRow>('SELECT * FROM invites WHERE id = ?', [id]);
      if (!existing) return undefined;
      if (existing.group_id !== groupId) throw new UserError('id_taken', 'An invite with this id exists.');
      return { invite: toInvite(existing, baseUrl) };
    };
    const before = await same();
    if (before) return before;
    const code = randomBytes(12).toString('base64url');
    await tx.run(
      `INSERT INTO invites (id, code, group_id, created_by, created_at, expires_at, max_uses, uses)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
      [id, code, groupId, memberId, now, now + body.expiresInSeconds * 1000, body.maxUses],
    );
    return (await same())!;
  });
}

export async function listInvites(q: Queryable, groupId: string, baseUrl: string) {
  const rows = await q.all<InviteRow>('SELECT * FROM invites WHERE group_id = ? ORDER BY created_at, id', [groupId]);
  return { invites: rows.map((r) => toInvite(r, baseUrl)) };
}

export function revokeInvite(s: StoreContext, memberId: string, groupId: string, inviteId: string, baseUrl: string) {
  return write(s, async ({ tx, now }) => {
    await enterAsManager(tx, groupId, memberId, ['owner', 'moderator']);
    const invite = await tx.one<InviteRow>('SELECT * FROM invites WHERE id = ? AND group_id = ?', [inviteId, groupId]);
    if (!invite) throw new UserError('invite_not_found', 'No such invite.');
    if (invite.revoked_at !== null) return { invite: toInvite(invite, baseUrl) };
    await tx.run('UPDATE invites SET revoked_at = ? WHERE id = ?', [now, inviteId]);
    return { invite: toInvite({ ...invite, revoked_at: now }, baseUrl) };
  });
}

function usable(invite: InviteRow | undefined, now: number): InviteRow {
  if (!invite) throw new UserError('invite_not_found', 'This invite does not exist.');
  if (invite.revoked_at !== null) throw new UserError('invite_revoked', 'This invite was revoked.');
  if (invite.expires_at !== null && invite.expires_at <= now) throw new UserError('invite_expired', 'This invite has expired.');
  if (invite.max_uses !== null && invite.uses >= invite.max_uses) {
    throw new UserError('invite_used_up', 'This invite has been used as often as it may be.');
  }
  return invite;
}

const byCode = (q: Queryable, code: string) => q.one<InviteRow>('SELECT * FROM invites WHERE code = ?', [code]);

export async function previewInvite(q: Queryable, code: string, now: number) {
  const invite = usable(await byCode(q, code), now);
  const group = await findGroup(q, invite.group_id);
  return {
    group: {
      id: group.id,
      name: group.name,
      topic: group.topic,
      memberCount: await activeCount(q, group.id),
      memberLimit: group.member_limit,
      allowRequests: group.allow_requests === 1,
    },
    expiresAt: invite.expires_at,
  };
}

/**
 * Joins with an invite. The group row is locked before the invite's uses and the member
 * count are read, so neither limit can be overrun by joins arriving together. Someone
 * already in the group gets their membership back and uses nothing.
 */
export function joinWithInvite(s: StoreContext, memberId: string | null, code: string, body: z.output<typeof JoinBody>) {
  return write(s, async (w) => {
    const { tx, now } = w;
    const first = await byCode(tx, code);
    if (!first) throw new UserError('invite_not_found', 'This invite does not exist.');
    const group = await lockGroup(tx, first.group_id);
    if (memberId) {
      const current = await membership(tx, group.id, memberId);
      if (current?.status === 'active') return { ...(await groupView(tx, group, current)), token: undefined };
      if (current?.status === 'removed') {
        throw new UserError('removed', 'You were removed from this group; ask to join instead.');
      }
    }
    const invite = usable(await byCode(tx, code), now);
    if ((await activeCount(tx, group.id)) >= group.member_limit) {
      throw new UserError('group_full', 'This group is full.', { limit: group.member_limit });
    }
    const identity = memberId ? null : await createMember(tx, now, body);
    const me = await admit(w, group, memberId ?? identity!.memberId, body.name, body.intro);
    await tx.run('UPDATE invites SET uses = uses + 1 WHERE id = ?', [invite.id]);
    await tx.run('UPDATE memberships SET invite_id = ? WHERE group_id = ? AND member_id = ?', [invite.id, group.id, me.member_id]);
    const fresh = (await tx.one<GroupRow>('SELECT * FROM groups WHERE id = ?', [group.id]))!;
    return { ...(await groupView(tx, fresh, me)), token: identity?.token };
  });
}
