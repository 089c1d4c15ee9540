import { z } from 'zod';
import { Id, Session, Time } from './fields';
import { Group, JoinRequest, Member } from './groups';

/** The widget panel's session: an HttpOnly, Secure, SameSite=None, Partitioned cookie set by the hub. */
export const SESSION_COOKIE = 'nook_session';

export const Me = z.object({
  memberId: Id,
  groups: z.array(z.object({ group: Group, member: Member })),
  /** The member's own join requests that are still pending. */
  requests: z.array(JoinRequest),
});

export const LinkCode = z.object({
  /** Typed or pasted on the other device; single use. */
  code: z.string(),
  expiresAt: Time,
});

export const LinkBody = z.strictObject({
  code: z.string().min(4).max(32),
  session: Session.default('token'),
});

export const Linked = z.object({
  memberId: Id,
  token: z.string().optional(),
});
