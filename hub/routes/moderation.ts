import { Hono } from 'hono';
import { z } from 'zod';
import { Id, MemberStanding, ModerationLog, MuteBody, MyStanding, ReportBody, ReportList, ReportView, SlowModeBody, SlowModeView, WarnBody } from '../../protocol';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import {
  MODERATORS,
  dismissReport,
  listReports,
  moderationLog,
  muteMember,
  myStanding,
  reportMessage,
  setSlowMode,
  unmuteMember,
  warnMember,
} from '../store/moderation';

const ReportParams = z.strictObject({ groupId: Id, reportId: Id });

// Removing a message is DELETE /groups/:groupId/messages/:messageId, removing a member DELETE
// /groups/:groupId/members/:memberId: by a moderator, each settles the reports and is logged.
const op = operations({
  reportMessage: {
    method: 'post',
    path: '/groups/:groupId/messages/:messageId/reports',
    summary: "Report someone else's message to the group's moderators, with a reason; one open report per member per message",
    auth: 'group',
    params: PathParams.message,
    body: ReportBody,
    idempotent: true,
    response: ReportView,
  },
  listReports: {
    method: 'get',
    path: '/groups/:groupId/reports',
    summary: 'The open reports, oldest first (owners and moderators)',
    auth: 'group',
    roles: MODERATORS,
    params: PathParams.group,
    response: ReportList,
  },
  dismissReport: {
    method: 'post',
    path: '/groups/:groupId/reports/:reportId/dismiss',
    summary: 'Dismiss a report, leaving the message as it is (owners and moderators)',
    auth: 'group',
    roles: MODERATORS,
    params: ReportParams,
    response: ReportView,
  },
  warnMember: {
    method: 'post',
    path: '/groups/:groupId/members/:memberId/warnings',
    summary: 'Warn a member with a note only they (and the moderators) read',
    auth: 'group',
    roles: MODERATORS,
    params: PathParams.member,
    body: WarnBody,
    idempotent: true,
    response: MemberStanding,
  },
  muteMember: {
    method: 'put',
    path: '/groups/:groupId/members/:memberId/mute',
    summary: 'Mute a member for some minutes from now, with a reason they see; the group sees until when',
    auth: 'group',
    roles: MODERATORS,
    params: PathParams.member,
    body: MuteBody,
    response: MemberStanding,
  },
  unmuteMember: {
    method: 'delete',
    path: '/groups/:groupId/members/:memberId/mute',
    summary: 'Lift a mute before its end',
    auth: 'group',
    roles: MODERATORS,
    params: PathParams.member,
    idempotent: true,
    response: MemberStanding,
  },
  setSlowMode: {
    method: 'put',
    path: '/groups/:groupId/slow-mode',
    summary: 'One message per member per N seconds (0: off); owners and moderators are exempt',
    auth: 'group',
    roles: MODERATORS,
    params: PathParams.group,
    body: SlowModeBody,
    idempotent: true,
    response: SlowModeView,
  },
  moderationLog: {
    method: 'get',
    path: '/groups/:groupId/moderation/log',
    summary: 'Every moderation action, who took it and when, latest first (owners and moderators)',
    auth: 'group',
    roles: MODERATORS,
    params: PathParams.group,
    response: ModerationLog,
  },
  myStanding: {
    method: 'get',
    path: '/groups/:groupId/moderation/me',
    summary: 'Your own mute (until when and why), the warnings you were given, and the slow mode',
    auth: 'group',
    params: PathParams.group,
    response: MyStanding,
  },
});

export const moderation = new Hono<HubEnv>()
  .on(...route(op.reportMessage), async (c) => {
    const { groupId, messageId } = c.req.valid('param');
    return c.json(await reportMessage(c.var.hub.store, memberOf(c), groupId, messageId, c.req.valid('json')));
  })
  .on(...route(op.listReports), async (c) => c.json(await listReports(c.var.hub.db, c.var.me.group_id)))
  .on(...route(op.dismissReport), async (c) => {
    const { groupId, reportId } = c.req.valid('param');
    return c.json(await dismissReport(c.var.hub.store, memberOf(c), groupId, reportId));
  })
  .on(...route(op.warnMember), async (c) => {
    const { groupId, memberId } = c.req.valid('param');
    return c.json(await warnMember(c.var.hub.store, memberOf(c), groupId, memberId, c.req.valid('json')));
  })
  .on(...route(op.muteMember), async (c) => {
    const { groupId, memberId } = c.req.valid('param');
    return c.json(await muteMember(c.var.hub.store, memberOf(c), groupId, memberId, c.req.valid('json')));
  })
  .on(...route(op.unmuteMember), async (c) => {
    const { groupId, memberId } = c.req.valid('param');
    return c.json(await unmuteMember(c.var.hub.store, memberOf(c), groupId, memberId));
  })
  .on(...route(op.setSlowMode), async (c) => c.json(await setSlowMode(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json').seconds)))
  .on(...route(op.moderationLog), async (c) => c.json(await moderationLog(c.var.hub.db, c.var.me.group_id)))
  .on(...route(op.myStanding), async (c) => c.json(await myStanding(c.var.hub.db, c.var.me.group_id, c.var.me, c.var.hub.clock.now())));
