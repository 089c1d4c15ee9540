import { Hono } from 'hono';
import { UserError, Visit } from '../../protocol';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { membership } from '../store/access';
import { previewGroup } from '../store/groups';
import { toMember } from '../store/rows';
import type { Queryable } from '../store/store';

const op = operations({
  visitGroup: {
    method: 'get',
    path: '/groups/:groupId/visit',
    summary: "The widget panel's first question: the group's preview (null when there is none) and the caller's membership or waiting request",
    auth: 'none',
    params: PathParams.group,
    response: Visit,
  },
});

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
 * The widget panel's first request (see protocol/widget.ts). The caller is whoever the
 * panel's session cookie says, or nobody.
 */
export const visit = new Hono<HubEnv>().on(...route(op.visitGroup), async (c) =>
  c.json(await visitGroup(c.var.hub.db, c.req.valid('param').groupId, c.var.memberId)),
);
