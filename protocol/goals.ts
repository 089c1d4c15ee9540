import { z } from 'zod';
import { FirstDay, LocalDate, TimeZone } from './calendar';
import { Id, Time, line, text } from './fields';
import { MAX_CHECKIN_NOTE, MAX_TITLE } from './limits';

export const Cadence = z.enum(['daily', 'weekly']);
export type Cadence = z.infer<typeof Cadence>;

export const Goal = z.object({
  id: Id,
  groupId: Id,
  memberId: Id,
  title: z.string(),
  cadence: Cadence,
  /** The last local date it runs to, inclusive; null: open-ended. */
  endDate: LocalDate.nullable(),
  createdAt: Time,
});
export type Goal = z.infer<typeof Goal>;

/**
 * A check-in keeps the instant it was made, the member's zone at that moment and the date it
 * was there (the hub computes it from the two), so a streak counts the member's own days even
 * after they travel, and never the hub's.
 */
export const CheckIn = z.object({
  id: Id,
  goalId: Id,
  memberId: Id,
  at: Time,
  timeZone: TimeZone,
  localDate: LocalDate,
  note: z.string(),
  /** Members who cheered it. */
  cheers: z.array(Id),
});
export type CheckIn = z.infer<typeof CheckIn>;

export const CreateGoalBody = z.strictObject({
  id: Id,
  title: line(MAX_TITLE, 1),
  cadence: Cadence,
  endDate: LocalDate.nullable().default(null),
});

/** How the member's week starts, for weekly goals: their locale, or a first day they chose. */
const weekRule = {
  locale: z.string().max(35).regex(/^[A-Za-z0-9-]+$/).optional(),
  firstDay: FirstDay.optional(),
};

export const CheckInBody = z.strictObject({
  id: Id,
  /**
   * When the member checked in, by their device (it may reach the hub later, from offline).
   * The day it counts for is its date in `timeZone`; a day that has not begun there is refused.
   */
  at: Time,
  /** Where the member was. */
  timeZone: TimeZone,
  note: text(MAX_CHECKIN_NOTE).default(''),
  ...weekRule,
});

export const CheerBody = z.strictObject({ on: z.boolean() });

export const GoalView = z.object({ goal: Goal });
export const CheckInView = z.object({ checkIn: CheckIn });

export const BoardQuery = z.strictObject({
  /** Any date of the week to show; by default today where the viewer is (`timeZone`, else UTC). */
  week: LocalDate.optional(),
  timeZone: TimeZone.optional(),
  ...weekRule,
});

/** The weekly board: each member's goals and their check-ins in the week. */
export const Board = z.object({
  weekStart: LocalDate,
  weekEnd: LocalDate,
  rows: z.array(
    z.object({
      memberId: Id,
      name: z.string(),
      goals: z.array(z.object({ goal: Goal, checkIns: z.array(CheckIn) })),
    }),
  ),
});
export type Board = z.infer<typeof Board>;

export const GoalList = z.object({ goals: z.array(Goal), checkIns: z.array(CheckIn) });

export * from './rules/goals';
