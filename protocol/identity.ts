import { z } from 'zod';
import { Id, PageOrigin, Session, Time } from './fields';
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
  site: PageOrigin.optional(),
});

export const Linked = z.object({
  memberId: Id,
  token: z.string().optional(),
});

/** A device's id: the first half of its token's hash, which names it without being usable as it. */
export const DeviceId = z.string().regex(/^[0-9a-f]{32}$/);

/** One signed-in device of the member (one token): the extension, or the widget on a creator's site. */
export const Device = z.object({
  id: DeviceId,
  kind: z.enum(['extension', 'widget']),
  /** For a widget session, the creator's page it was made on. */
  site: z.string().nullable(),
  createdAt: Time,
  /** Kept to the hour: see hub/store/identity.ts. */
  lastUsedAt: Time,
  /** The device asking. */
  current: z.boolean(),
});
export type Device = z.infer<typeof Device>;

export const DeviceList = z.object({ devices: z.array(Device) });
