import { z } from 'zod';
import { Id, Time, line, text } from './fields';
import { MAX_MODERATION_NOTE, MAX_MUTE_MINUTES, MAX_SLOW_MODE_SECONDS } from './limits';

/**
 * Moderation (issue #17 part 1). Reports and the log are read by a group's owners and
 * moderators only, through GET: they are never group events. What every member must see live
 * is an event (protocol/events.ts): who is muted until when (not why), the slow mode, and a
 * removed message (the same `message.deleted` a deletion makes). Reasons and warnings reach
 * only their target (GET .../moderation/me) and the moderators (the log).
 */

export const ReportReason = z.enum(['spam', 'harassment', 'off_topic', 'other']);
export type ReportReason = z.infer<typeof ReportReason>;

export const ReportStatus = z.enum(['open', 'removed', 'dismissed']);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const ReportBody = z
  .strictObject({
    /** Made by the client: the same report sent again is that report. */
    id: Id,
    reason: ReportReason,
    note: text(MAX_MODERATION_NOTE).default(''),
  })
  .refine((b) => b.reason !== 'other' || b.note.trim().length > 0, 'say what is wrong when the reason is "other"');

/** A report as the moderators' queue shows it, with the reported message as it is now. */
export const Report = z.object({
  id: Id,
  groupId: Id,
  messageId: Id,
  threadId: Id,
  reporterId: Id,
  authorId: Id,
  reason: ReportReason,
  note: z.string(),
  status: ReportStatus,
  createdAt: Time,
  decidedAt: Time.nullable(),
  decidedBy: Id.nullable(),
  /** The message's text now: '' once removed or deleted. */
  body: z.string(),
});
export type Report = z.infer<typeof Report>;

export const ReportView = z.object({ report: Report });
export const ReportList = z.object({ reports: z.array(Report) });

export const WarnBody = z.strictObject({ id: Id, note: text(MAX_MODERATION_NOTE, 1) });

export const MuteBody = z.strictObject({
  minutes: z.number().int().min(1).max(MAX_MUTE_MINUTES),
  reason: line(MAX_MODERATION_NOTE, 1),
});

export const SlowModeBody = z.strictObject({ seconds: z.number().int().min(0).max(MAX_SLOW_MODE_SECONDS) });
export const SlowModeView = z.object({ seconds: z.number().int() });

/** What a moderator's action did to a member. */
export const MemberStanding = z.object({
  memberId: Id,
  mutedUntil: Time.nullable(),
});

export const ModerationAction = z.enum([
  'message.removed',
  'report.dismissed',
  'member.warned',
  'member.muted',
  'member.unmuted',
  'member.removed',
  'slowmode.set',
]);
export type ModerationAction = z.infer<typeof ModerationAction>;

/** One line of the moderation log: every action, who took it and when. */
export const LogEntry = z.object({
  id: Id,
  groupId: Id,
  action: ModerationAction,
  actorId: Id,
  at: Time,
  memberId: Id.nullable(),
  messageId: Id.nullable(),
  reportId: Id.nullable(),
  /** The warning's note or the mute's reason (moderators read the log; the group does not). */
  note: z.string(),
  /** A mute's end, or the slow mode's seconds. */
  until: Time.nullable(),
  seconds: z.number().int().nullable(),
});
export type LogEntry = z.infer<typeof LogEntry>;
export const ModerationLog = z.object({ entries: z.array(LogEntry) });

export const Warning = z.object({ id: Id, note: z.string(), at: Time });
export type Warning = z.infer<typeof Warning>;

/** What the caller is told about themselves: their mute (with its reason) and their warnings. */
export const MyStanding = z.object({
  mutedUntil: Time.nullable(),
  muteReason: z.string(),
  warnings: z.array(Warning),
  slowModeSeconds: z.number().int(),
});
export type MyStanding = z.infer<typeof MyStanding>;

/** Whether a mute ending at `until` still holds at `now`. */
export const mutedAt = (until: number | null | undefined, now: number) => until != null && until > now;
