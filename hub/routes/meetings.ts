import { Hono } from 'hono';
import { z } from 'zod';
import { AnswerMeetingBody, ConfirmMeetingBody, MeetingList, MeetingView, ProposeMeetingBody } from '../../protocol';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { answerMeeting, confirmMeeting, listMeetings, meetingIcs, proposeMeeting } from '../store/meetings';

const op = operations({
  proposeMeeting: {
    method: 'post',
    path: '/groups/:groupId/meetings',
    summary: 'Propose a meeting with candidate times: instants with a duration, or all-day local dates; none in the past',
    auth: 'group',
    params: PathParams.group,
    body: ProposeMeetingBody,
    idempotent: true,
    response: MeetingView,
  },
  listMeetings: {
    method: 'get',
    path: '/groups/:groupId/meetings',
    summary: "The group's meetings, latest first, each with its best time so far and who each time falls at night for",
    auth: 'group',
    params: PathParams.group,
    response: MeetingList,
  },
  answerMeeting: {
    method: 'put',
    path: '/groups/:groupId/meetings/:meetingId/answers',
    summary: 'Answer yes, if need be, or no for each candidate time',
    auth: 'group',
    params: PathParams.meeting,
    body: AnswerMeetingBody,
    idempotent: true,
    response: MeetingView,
  },
  confirmMeeting: {
    method: 'post',
    path: '/groups/:groupId/meetings/:meetingId/confirm',
    summary: 'Confirm one of the times (the organiser); confirming another later moves it and raises its SEQUENCE',
    auth: 'group',
    params: PathParams.meeting,
    body: ConfirmMeetingBody,
    idempotent: true,
    response: MeetingView,
  },
  meetingIcs: {
    method: 'get',
    path: '/groups/:groupId/meetings/:meetingId/ics',
    summary: 'The confirmed meeting as an iCalendar file (RFC 5545)',
    auth: 'group',
    params: PathParams.meeting,
    file: 'text/calendar',
    response: z.string(),
  },
});

export const meetings = new Hono<HubEnv>()
  .on(...route(op.proposeMeeting), async (c) => c.json(await proposeMeeting(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))))
  .on(...route(op.listMeetings), async (c) => c.json(await listMeetings(c.var.hub.db, c.var.me.group_id)))
  .on(...route(op.answerMeeting), async (c) => {
    const { groupId, meetingId } = c.req.valid('param');
    return c.json(await answerMeeting(c.var.hub.store, memberOf(c), groupId, meetingId, c.req.valid('json').answers));
  })
  .on(...route(op.confirmMeeting), async (c) => {
    const { groupId, meetingId } = c.req.valid('param');
    return c.json(await confirmMeeting(c.var.hub.store, memberOf(c), groupId, meetingId, c.req.valid('json').time));
  })
  .on(...route(op.meetingIcs), async (c) => {
    const { groupId, meetingId } = c.req.valid('param');
    const host = new URL(c.var.hub.config.publicUrl ?? c.req.url).hostname;
    const ics = await meetingIcs(c.var.hub.db, groupId, meetingId, c.var.hub.clock.now(), host);
    return c.body(ics, 200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="meeting-${meetingId}.ics"`,
      'Cache-Control': 'private, no-store',
    });
  });
