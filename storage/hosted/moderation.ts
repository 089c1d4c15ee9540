import { UserError } from '../../protocol/errors';
import { hubClient } from '../../sync/client';
import { moderation } from '../../sync/moderation';
import type { NookDB } from '../db';
import { isSecureHub } from '../validate';
import type { SyncEngine } from './engine';

/** The group's moderation calls (sync/moderation.ts) as this device's member of it. */
export async function moderationOf(db: NookDB, engine: SyncEngine, groupId: string) {
  const m = await db.memberships.get(groupId);
  if (!m || m.endedAt !== null) throw new UserError('not_member', 'You are no longer a member of this group.');
  if (!isSecureHub(m.hub)) throw new UserError('hub_insecure', 'Plain http:// is allowed only for a hub on this computer; use https://.');
  const me = await db.hubs.get(m.hub);
  if (!me) throw new UserError('not_member', 'You are not a member of a group on this hub.');
  return moderation(hubClient(m.hub, { token: me.token, fetch: engine.env.fetch }), groupId);
}
