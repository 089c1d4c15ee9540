import { randomBytes } from 'node:crypto';

/**
 * Tells every hub instance that a group has new events up to `seq`. Only the number travels;
 * receivers read the events from the shared database, so a lost or late notice delays
 * delivery but can never reorder, skip or invent an event.
 */
export interface Bus {
  publish(groupId: string, seq: number): Promise<void>;
  /** `seq` for a group; `resync` after the bus was disconnected and notices may be lost. */
  subscribe(handlers: { notify(notice: Notice): void; resync(): void }): void;
  close(): Promise<void>;
}

/** One instance (SQLite): the instance tells itself, directly, so nothing needs to travel. */
export function localBus(): Bus {
  return {
    publish: async () => {},
    subscribe: () => {},
    close: async () => {},
  };
}

/** A bus message: a group's new head, and when (and from which instance) it was published. */
export interface Notice {
  groupId: string;
  seq: number;
  /** Epoch ms on the publishing instance; only for notices from another instance (the fan-out lag). */
  sentAt?: number;
}

const GROUP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `<group> <seq> <sent at> <instance>`. Instances of an older hub send `<group> <seq>` and
 * read only the first two fields, so a fleet can be upgraded one instance at a time.
 */
export function notices(log: (line: string) => void, via: string) {
  const self = randomBytes(6).toString('hex');
  return {
    encode: (groupId: string, seq: number, now = Date.now()) => `${groupId} ${seq} ${now} ${self}`,
    /**
     * Anyone who can reach the database or Redis can publish on the channel; a payload
     * that does not parse says so in the log (cut short: it is not ours) and is dropped.
     */
    decode(payload: string): Notice | null {
      const [groupId, seq, at, from, ...rest] = payload.split(' ');
      const n = Number(seq);
      const sentAt = Number(at);
      const ok =
        groupId !== undefined &&
        GROUP_ID.test(groupId) &&
        Number.isSafeInteger(n) &&
        n > 0 &&
        rest.length === 0 &&
        (at === undefined || (Number.isSafeInteger(sentAt) && from !== undefined && from !== ''));
      if (!ok) {
        log(`${via}: ignored a notice that does not parse: ${JSON.stringify(payload.slice(0, 100))}`);
        return null;
      }
      return from !== undefined && from !== self ? { groupId, seq: n, sentAt } : { groupId, seq: n };
    },
  };
}

/**
 * What one member's devices should hear (their read positions, join requests to decide, or
 * their communities) travels on the same bus as a notice for a pseudo-group, one per kind
 * (`mbr_r_<member id>`, `mbr_q_<member id>`, `mbr_c_<member id>`), numbered 1: a bus that
 * merges notices per group keeps each kind. Instances of an older hub follow no such group
 * and drop it.
 */
const MEMBER_PREFIX = { reads: 'mbr_r_', requests: 'mbr_q_', communities: 'mbr_c_' } as const;
type MemberWhat = keyof typeof MEMBER_PREFIX;
export const memberNotice = {
  encode: (memberId: string, what: MemberWhat) => ({ groupId: MEMBER_PREFIX[what] + memberId, seq: 1 }),
  decode(n: Notice): { memberId: string; what: MemberWhat } | null {
    for (const what of Object.keys(MEMBER_PREFIX) as MemberWhat[]) {
      if (n.groupId.startsWith(MEMBER_PREFIX[what])) return { memberId: n.groupId.slice(MEMBER_PREFIX[what].length), what };
    }
    return null;
  },
};

/**
 * What a whole community's members hear (`cmt_g_<community id>`: its groups changed) or its
 * owner and moderators (`cmt_q_<community id>`: join requests to its groups changed): one
 * notice per community, however many members it has; each instance tells the sockets of its
 * members it holds (hub/live/fanout.ts).
 */
const COMMUNITY_PREFIX = { groups: 'cmt_g_', requests: 'cmt_q_' } as const;
type CommunityWhat = keyof typeof COMMUNITY_PREFIX;
export const communityNotice = {
  encode: (communityId: string, what: CommunityWhat) => ({ groupId: COMMUNITY_PREFIX[what] + communityId, seq: 1 }),
  decode(n: Notice): { communityId: string; what: CommunityWhat } | null {
    for (const what of Object.keys(COMMUNITY_PREFIX) as CommunityWhat[]) {
      if (n.groupId.startsWith(COMMUNITY_PREFIX[what])) return { communityId: n.groupId.slice(COMMUNITY_PREFIX[what].length), what };
    }
    return null;
  },
};
