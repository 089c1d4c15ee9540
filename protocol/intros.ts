import { z } from 'zod';
import { TimeZone } from './calendar';
import { Id, Time, line, text } from './fields';
import { Role } from './groups';
import { MAX_INTEREST, MAX_INTERESTS, MAX_INTRO_TEXT } from './limits';

/**
 * A member's introduction: a few lines, interests, and their time zone (which meetings use
 * to tell who a time falls at night for). Skipping keeps the zone and says so, so the
 * client stops asking.
 */
export const Intro = z.object({
  memberId: Id,
  text: z.string(),
  interests: z.array(z.string()),
  timeZone: TimeZone,
  skipped: z.boolean(),
  updatedAt: Time,
});
export type Intro = z.infer<typeof Intro>;

export const IntroBody = z
  .strictObject({
    text: text(MAX_INTRO_TEXT).default(''),
    interests: z.array(line(MAX_INTEREST, 1)).max(MAX_INTERESTS).default([]),
    timeZone: TimeZone,
    skipped: z.boolean().default(false),
  })
  .refine((b) => !b.skipped || (b.text.trim() === '' && b.interests.length === 0), 'a skipped intro has no text or interests');

export const IntroView = z.object({ intro: Intro });

/** One member in the group's directory. `isNew`: joined less than a week ago. */
export const DirectoryEntry = z.object({
  memberId: Id,
  name: z.string(),
  role: Role,
  joinedAt: Time,
  isNew: z.boolean(),
  intro: Intro.nullable(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;

export const Directory = z.object({ members: z.array(DirectoryEntry) });
