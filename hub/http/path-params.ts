import { z } from 'zod';
import { DeviceId, Id, InviteCode } from '../../protocol';

/** The path parameters of the hub's routes, by the thing they name. */
export const PathParams = {
  group: z.strictObject({ groupId: Id }),
  member: z.strictObject({ groupId: Id, memberId: Id }),
  invite: z.strictObject({ groupId: Id, inviteId: Id }),
  request: z.strictObject({ groupId: Id, requestId: Id }),
  thread: z.strictObject({ groupId: Id, threadId: Id }),
  message: z.strictObject({ groupId: Id, messageId: Id }),
  goal: z.strictObject({ groupId: Id, goalId: Id }),
  checkIn: z.strictObject({ groupId: Id, checkInId: Id }),
  meeting: z.strictObject({ groupId: Id, meetingId: Id }),
  poll: z.strictObject({ groupId: Id, pollId: Id }),
  feedback: z.strictObject({ groupId: Id, feedbackId: Id }),
  code: z.strictObject({ code: InviteCode }),
  device: z.strictObject({ deviceId: DeviceId }),
  community: z.strictObject({ communityId: Id }),
  communityMember: z.strictObject({ communityId: Id, memberId: Id }),
  communityInvite: z.strictObject({ communityId: Id, inviteId: Id }),
  communityGroup: z.strictObject({ communityId: Id, groupId: Id }),
  proposal: z.strictObject({ communityId: Id, proposalId: Id }),
  /** A community invite's code: the last segment of `<hub>/community-invites/<code>`. */
  communityCode: z.strictObject({ communityCode: InviteCode }),
};

