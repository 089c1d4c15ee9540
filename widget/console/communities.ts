import type { CommunityActions } from '../../components/communities/types';
import { attempt, refusal } from '../../models/attempt';
import { copyText } from '../../models/clipboard';
import type { HubClient } from '../../sync/client';
import { communityCalls } from '../../sync/communities';

/**
 * The community views' callbacks (components/communities), answered in the console by its
 * own cookie client through the calls the extension's background makes too (sync/communities.ts).
 * Opening one of its groups opens it in the console.
 */
export function consoleCommunityActions(client: HubClient, community: { id: string; me: string }, open: (groupId: string) => void): CommunityActions {
  const communityId = community.id;
  const calls = communityCalls(client);
  return {
    createGroup: (draft) => refusal(() => calls.createGroup(communityId, { ...draft, name: draft.name.trim(), topic: draft.topic.trim(), id: crypto.randomUUID() })),
    leave: () => refusal(() => calls.leave(communityId, community.me)),
    requests: () => attempt(() => calls.requests(communityId)),
    decide: (groupId, requestId, decision) => refusal(() => calls.decide(groupId, requestId, decision)),
    groups: () => attempt(() => calls.groups(communityId)),
    ask: (groupId, message) => refusal(() => calls.ask(communityId, groupId, message)),
    open: async (groupId) => {
      open(groupId);
      return null;
    },
    members: () => attempt(() => calls.members(communityId)),
    setRole: (memberId, role) => attempt(() => calls.setRole(communityId, memberId, role)),
    invite: () => attempt(() => calls.invite(communityId)),
    importRoster: (csv) => attempt(() => calls.importRoster(communityId, csv)),
    propose: (size) => attempt(() => calls.propose(communityId, size)),
    edit: (proposalId, cohorts) => attempt(() => calls.edit(communityId, proposalId, cohorts)),
    apply: (proposalId) => attempt(() => calls.apply(communityId, proposalId)),
    // Named as the extension names the file (storage/hosted/communities.ts).
    invitesCsv: (proposalId) => attempt(async () => ({ fileName: `cohort-links-${proposalId.slice(0, 8)}.csv`, text: await calls.invitesCsv(communityId, proposalId) })),
    copy: copyText,
  };
}
