import type { EventHandlers } from './kind';

/** The group and its people: what the group is called, who is in it, with what role. */
export const memberEvents = {
  'group.created': {
    reads() {},
    apply(e, t) {
      t.groups.update(e.groupId, { name: e.data.name, topic: e.data.topic, memberLimit: e.data.memberLimit, updatedAt: e.at });
    },
  },
  'group.updated': {
    reads() {},
    apply(e, t) {
      t.groups.update(e.groupId, { name: e.data.name, topic: e.data.topic, memberLimit: e.data.memberLimit, updatedAt: e.at });
    },
  },
  'member.joined': {
    reads: (e, need) => need.members([e.groupId, e.data.id]),
    apply(e, t, me) {
      if (!t.members.get([e.groupId, e.data.id])?.active) me.memberCount += 1;
      t.members.put({ groupId: e.groupId, ...e.data, active: true });
      if (e.data.id === me.memberId) me.role = e.data.role;
    },
  },
  'member.updated': {
    reads: (e, need) => need.members([e.groupId, e.data.id]),
    apply(e, t, me) {
      // A mute outlives a change of name or intro.
      const mutedUntil = t.members.get([e.groupId, e.data.id])?.mutedUntil ?? null;
      t.members.put({ groupId: e.groupId, ...e.data, active: true, mutedUntil });
      if (e.data.id === me.memberId) me.role = e.data.role;
    },
  },
  'member.role': {
    reads: (e, need) => need.members([e.groupId, e.data.memberId]),
    apply(e, t, me) {
      t.members.update([e.groupId, e.data.memberId], { role: e.data.role });
      if (e.data.memberId === me.memberId) me.role = e.data.role;
    },
  },
  'member.left': {
    reads: (e, need) => need.members([e.groupId, e.data.memberId]),
    apply(e, t, me) {
      gone(t, e.groupId, e.data.memberId, me);
      if (e.data.memberId === me.memberId) me.ended = 'left';
    },
  },
  'member.removed': {
    reads: (e, need) => need.members([e.groupId, e.data.memberId]),
    apply(e, t, me) {
      gone(t, e.groupId, e.data.memberId, me);
      if (e.data.memberId === me.memberId) me.ended = 'removed';
    },
  },
} satisfies EventHandlers<'group.created' | 'group.updated' | 'member.joined' | 'member.updated' | 'member.role' | 'member.left' | 'member.removed'>;

/** Kept, inactive, so their old messages keep their author's name. */
function gone(t: Parameters<EventHandlers['member.left']['apply']>[1], groupId: string, memberId: string, me: { memberCount: number }) {
  if (t.members.get([groupId, memberId])?.active) me.memberCount -= 1;
  t.members.update([groupId, memberId], { active: false });
}
