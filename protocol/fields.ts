import { z } from 'zod';
import { MAX_NAME, MAX_URL } from './limits';

/**
 * Ids made by clients (groups, threads, messages, invites) and by the hub (members,
 * join requests) are UUIDs, so a client can name a write before the hub has seen it.
 */
export const Id = z.uuid();

/** Epoch milliseconds. */
export const Time = z.number().int().nonnegative();

export const Seq = z.number().int().nonnegative();

// Postgres refuses NUL in text, and control characters in names only serve to spoof.
const NO_CONTROL = /^[^\p{Cc}]*$/u;
/**
 * Half of a UTF-16 pair (with the u flag, whole pairs are one code point and do not match):
 * no UTF-8 can hold one, so the database would keep something else than was sent, and
 * Postgres's JSON refuses it outright.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const SURROGATE_MESSAGE = 'half of a UTF-16 surrogate pair is not text';

/** One-line text, trimmed, without control characters. */
export const line = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .regex(NO_CONTROL, 'control characters are not allowed')
    .refine((s) => !LONE_SURROGATE.test(s), SURROGATE_MESSAGE);

/** Multi-line text (Markdown); only NUL and lone surrogates are refused. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'NUL is not allowed')
    .refine((s) => !LONE_SURROGATE.test(s), SURROGATE_MESSAGE);

export const Name = line(MAX_NAME, 1);

export const HttpUrl = z.url({ protocol: /^https?$/ }).max(MAX_URL);

/** Invite codes: the last segment of `<hub>/join/<code>`. */
export const InviteCode = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/**
 * How a joining client wants its token: in the answer body (extension), or as an
 * HttpOnly cookie no script can read (the widget panel on the hub's origin).
 */
export const Session = z.enum(['token', 'cookie']);

/**
 * The creator's page a widget session was made on (the panel's `o=`, as the loader said),
 * so the member can tell their devices apart. A label only: nothing is decided by it.
 */
export const PageOrigin = z.string().max(MAX_URL).regex(/^https?:\/\/[^/?#\s]+$/);

/** Decimal query parameter (query strings are text), e.g. `?after=120`. */
export const QueryInt = z
  .string()
  .regex(/^\d{1,15}$/, 'expected a non-negative integer')
  .transform(Number);
