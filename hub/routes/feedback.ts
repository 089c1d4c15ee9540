import { Hono } from 'hono';
import { z } from 'zod';
import { AnswerFeedbackBody, AskFeedbackBody, FeedbackList, FeedbackSummary, FeedbackView } from '../../protocol';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { answerFeedback, askFeedback, closeFeedback, feedbackCsv, feedbackSummary, listFeedback } from '../store/feedback';

const op = operations({
  askFeedback: {
    method: 'post',
    path: '/groups/:groupId/feedback',
    summary: 'Ask the group for feedback: a 1-5 rating, free text, or both; optionally closing at a time',
    auth: 'group',
    roles: ['owner', 'moderator'],
    params: PathParams.group,
    body: AskFeedbackBody,
    idempotent: true,
    response: FeedbackView,
  },
  listFeedback: {
    method: 'get',
    path: '/groups/:groupId/feedback',
    summary: "The group's feedback requests, latest first, each with the caller's own answer",
    auth: 'group',
    params: PathParams.group,
    response: FeedbackList,
  },
  answerFeedback: {
    method: 'put',
    path: '/groups/:groupId/feedback/:feedbackId/answer',
    summary: 'Answer a feedback request, or change your answer until it closes',
    auth: 'group',
    params: PathParams.feedback,
    body: AnswerFeedbackBody,
    idempotent: true,
    response: FeedbackView,
  },
  closeFeedback: {
    method: 'post',
    path: '/groups/:groupId/feedback/:feedbackId/close',
    summary: 'Close a feedback request now (who asked, or the owner)',
    auth: 'group',
    params: PathParams.feedback,
    response: FeedbackView,
  },
  feedbackSummary: {
    method: 'get',
    path: '/groups/:groupId/feedback/:feedbackId/summary',
    summary: 'The average, distribution and answers (who asked, or the owner)',
    auth: 'group',
    params: PathParams.feedback,
    response: FeedbackSummary,
  },
  feedbackCsv: {
    method: 'get',
    path: '/groups/:groupId/feedback/:feedbackId/csv',
    summary: 'The answers as CSV: UTF-8 with a BOM, formula-like cells escaped (who asked, or the owner)',
    auth: 'group',
    params: PathParams.feedback,
    file: 'text/csv',
    response: z.string(),
  },
});

export const feedback = new Hono<HubEnv>()
  .on(...route(op.askFeedback), async (c) => c.json(await askFeedback(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))))
  .on(...route(op.listFeedback), async (c) => c.json(await listFeedback(c.var.hub.db, c.var.me.group_id, memberOf(c))))
  .on(...route(op.answerFeedback), async (c) => {
    const { groupId, feedbackId } = c.req.valid('param');
    return c.json(await answerFeedback(c.var.hub.store, memberOf(c), groupId, feedbackId, c.req.valid('json')));
  })
  .on(...route(op.closeFeedback), async (c) => {
    const { groupId, feedbackId } = c.req.valid('param');
    return c.json(await closeFeedback(c.var.hub.store, memberOf(c), groupId, feedbackId));
  })
  .on(...route(op.feedbackSummary), async (c) => {
    const { groupId, feedbackId } = c.req.valid('param');
    return c.json(await feedbackSummary(c.var.hub.db, groupId, feedbackId, memberOf(c)));
  })
  .on(...route(op.feedbackCsv), async (c) => {
    const { groupId, feedbackId } = c.req.valid('param');
    const csv = await feedbackCsv(c.var.hub.db, groupId, feedbackId, memberOf(c));
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="feedback-${feedbackId}.csv"`,
      'Cache-Control': 'private, no-store',
    });
  });
