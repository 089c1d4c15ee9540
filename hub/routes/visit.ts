import { Hono } from 'hono';
import { PathParams, UserError, type Visit } from '../../protocol';
import type { HubEnv } from '../http/env';
import { params } from '../http/validate';
import { membership } from '../store/access';
import { previewGroup } from '../store/groups';
import { toMember } from '../store/rows';
import type { Queryable } from '../store/store';

async function visitGroup(q: Queryable, groupId: string, memberId: string | null): Promise<Visit> {
  let group: Visit['group'];
  try {
    group = await previewGroup(q, groupId);
  } catch (e) {
    if (e instanceof UserError && e.code === 'group_not_found') return { group: null, member: null, seq: null, waiting: false };
    throw e;
  }
  if (!memberId) return { group, member: null, seq: null, waiting: false };
  const me = await membership(q, groupId, memberId);
  if (me?.status === 'active') {
    const head = await q.one<{ seq: number }>('SELECT seq FROM groups WHERE id = ?', [groupId]);
    return { group, member: toMember(me), seq: Number(head?.seq ?? 0), waiting: false };
  }
  const pending = await q.one('SELECT id FROM join_requests WHERE group_id = ? AND member_id = ? AND status = ?', [groupId, memberId, 'pending']);
  return { group, member: null, seq: null, waiting: Boolean(pending) };
}

/**
 * Mounted at /groups/:groupId/visit: the widget panel's first request (see protocol/widget.ts).
 * The caller is whoever the panel's session cookie says, or nobody.
 */
export const visit = new Hono<HubEnv>().get('/', params(PathParams.group), async (c) =>
  c.json(await visitGroup(c.var.hub.db, c.req.valid('param').groupId, c.var.memberId)),
);
