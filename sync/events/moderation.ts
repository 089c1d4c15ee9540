import type { EventHandlers } from './kind';

/**
 * Moderation (issue #17): who is muted until when (the reason reaches only the member, from
 * the hub: GET .../moderation/me) and the group's slow mode. A removed message is the
 * `message.deleted` the deletion path sends (discussion.ts).
 */
export const moderationEvents = {
  'member.muted': {
    reads: (e, need) => need.members([e.groupId, e.data.memberId]),
    apply(e, t) {
      t.members.update([e.groupId, e.data.memberId], { mutedUntil: e.data.until });
    },
  },
  'member.unmuted': {
    reads: (e, need) => need.members([e.groupId, e.data.memberId]),
    apply(e, t) {
      t.members.update([e.groupId, e.data.memberId], { mutedUntil: null });
    },
  },
  'group.slowmode': {
    reads() {},
    apply(e, t) {
      t.groups.update(e.groupId, { slowModeSeconds: e.data.seconds });
    },
  },
} satisfies EventHandlers<'member.muted' | 'member.unmuted' | 'group.slowmode'>;
