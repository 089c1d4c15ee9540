import { z } from 'zod';
import { Id, Time, line, text } from './fields';
import { MAX_FEEDBACK_ANSWER, MAX_QUESTION } from './limits';

/** A feedback request of an owner or moderator: a 1-5 rating, free text, or both. */
export const FeedbackRequest = z.object({
  id: Id,
  groupId: Id,
  askedBy: Id,
  question: z.string(),
  rating: z.boolean(),
  text: z.boolean(),
  closesAt: Time.nullable(),
  closedAt: Time.nullable(),
  createdAt: Time,
  answers: z.number().int(),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

export const Rating = z.number().int().min(1).max(5);

export const AskFeedbackBody = z
  .strictObject({
    id: Id,
    question: line(MAX_QUESTION, 1),
    rating: z.boolean().default(true),
    text: z.boolean().default(true),
    closesAt: Time.nullable().default(null),
  })
  .refine((b) => b.rating || b.text, 'ask for a rating, text, or both');

export const AnswerFeedbackBody = z.strictObject({
  rating: Rating.nullable().default(null),
  text: text(MAX_FEEDBACK_ANSWER).default(''),
});

export const FeedbackAnswer = z.object({
  memberId: Id,
  name: z.string(),
  rating: Rating.nullable(),
  text: z.string(),
  answeredAt: Time,
});
export type FeedbackAnswer = z.infer<typeof FeedbackAnswer>;

/** What the asker sees. `distribution[i]`: how many rated i + 1. */
export const FeedbackSummary = z.object({
  request: FeedbackRequest,
  average: z.number().nullable(),
  distribution: z.array(z.number().int()).length(5),
  answers: z.array(FeedbackAnswer),
});
export type FeedbackSummary = z.infer<typeof FeedbackSummary>;

/** A member's view of a request: it, and their own answer. */
export const FeedbackView = z.object({ request: FeedbackRequest, mine: FeedbackAnswer.nullable() });
export const FeedbackList = z.object({ requests: z.array(FeedbackView) });
