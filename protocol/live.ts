import { z } from 'zod';
import { GroupEvent } from './events';
import { Id, Seq } from './fields';
import { ReadPosition } from './reads';
import { MAX_LIVE_GROUPS } from './limits';

/**
 * The live channel: one WebSocket per hub at `/live`. The token travels in the first
 * message (or as the subprotocol `nook.token.<token>` beside `nook.v1`), never in the URL,
 * so it stays out of access logs.
 */
export const LIVE_PATH = '/live';
export const LIVE_PROTOCOL = 'nook.v1';
export const LIVE_TOKEN_PROTOCOL_PREFIX = 'nook.token.';

/** groupId -> the last seq the client holds (0 for none). */
export const Cursors = z
  .record(Id, Seq)
  .refine((r) => Object.keys(r).length <= MAX_LIVE_GROUPS, 'too many groups');

export const ClientMessage = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('hello'), token: z.string().min(1).max(200).optional(), groups: Cursors.default({}) }),
  z.strictObject({ t: z.literal('sub'), groups: Cursors }),
  z.strictObject({ t: z.literal('unsub'), groups: z.array(Id).max(MAX_LIVE_GROUPS) }),
  z.strictObject({ t: z.literal('ping') }),
]);
export type ClientMessage = z.input<typeof ClientMessage>;

export const RevokeReason = z.enum(['removed', 'left', 'not_member']);

export const HubMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready'), memberId: Id }),
  /** Events of one group, in order, each exactly once. */
  z.object({ t: z.literal('events'), group: Id, events: z.array(GroupEvent) }),
  /** The missed events after the client's cursor have all been sent; live ones follow. */
  z.object({ t: z.literal('synced'), group: Id, seq: Seq }),
  /** The member may no longer read this group; the subscription is gone. */
  z.object({ t: z.literal('revoked'), group: Id, reason: RevokeReason }),
  /** Only to the member's own sockets: how far they have read the threads of the groups this socket follows (after hello, and when another device reads). */
  z.object({ t: z.literal('reads'), reads: z.array(ReadPosition) }),
  /** Only to a group's owners and moderators: its join requests changed (someone asked). */
  z.object({ t: z.literal('requests'), group: Id }),
  /** Only to the member's own sockets: the communities they are in, or their role in one, changed (joined, left, handed over). */
  z.object({ t: z.literal('communities') }),
  /**
   * To a community's members: its groups changed (`groups`: one was made). To its owner and
   * moderators only: join requests to its groups changed (`requests`: someone asked, or withdrew
   * by leaving, or a manager decided).
   */
  z.object({ t: z.literal('community'), community: Id, what: z.enum(['groups', 'requests']) }),
  z.object({ t: z.literal('pong') }),
  z.object({ t: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type HubMessage = z.infer<typeof HubMessage>;

/** WebSocket close codes the hub uses. */
export const LiveClose = {
  goingAway: 1001,
  unauthorized: 4401,
  badMessage: 4400,
  helloTimeout: 4408,
  /**
   * The connection asked for more than the hub gives one socket (frames too fast, or its
   * unread bytes past the cap): not an error of the member's. Clients come back after a
   * back-off and resume from their last event.
   */
  backOff: 4429,
} as const;

/** What one live connection may cost the hub (hub/live/connection.ts). */
export interface LiveLimits {
  /** Frames a client may send at once, then so many a second; past that it is told to back off. */
  frameBurst: number;
  framesPerSecond: number;
  /** History and live events are sent only while the client has less than this still unread. */
  pacedBytes: number;
  /** One `events` frame holds about this much (an event bigger than that goes alone). */
  frameBytes: number;
  /** Unread bytes past which the connection is closed with `backOff`. */
  maxUnreadBytes: number;
}

export const LIVE_LIMITS: Readonly<LiveLimits> = {
  frameBurst: 30,
  framesPerSecond: 5,
  pacedBytes: 512 * 1024,
  frameBytes: 256 * 1024,
  maxUnreadBytes: 4 * 1024 * 1024,
};
