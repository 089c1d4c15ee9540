import type { Attempted } from '../../models/attempt';
import type { Role } from '../../protocol/groups';
import type { NookError } from '../../protocol/errors';
import type {
  CohortProposalView,
  CohortsAppliedItem,
  CommunityGroupDraft,
  CommunityGroupItem,
  CommunityInvite,
  CommunityItem,
  CommunityMember,
  CommunityPreviewItem,
  CommunityProfile,
  CommunityRequestItem,
  RosterEntry,
} from '../../sync/communities';

/**
 * What the community views ask for, as callbacks: the sidebar's model answers them through the
 * background (models/communities.ts), the creator console through its own hub client. The
 * views hold no data of their own beyond what they show.
 */
export interface CommunityActions {
  groups(): Promise<Attempted<CommunityGroupItem[]>>;
  ask(groupId: string, message: string): Promise<NookError | null>;
  /** Opens a group the member is in (it becomes one of their groups on this device). */
  open(groupId: string): Promise<NookError | null>;
  /** A new group inside the community, the caller its owner (its owner and moderators). */
  createGroup(draft: CommunityGroupDraft): Promise<NookError | null>;
  /** Leaves the community: the groups of it the member is in stay theirs; waiting requests are withdrawn. */
  leave(): Promise<NookError | null>;
  /** Pending join requests to all its groups, and deciding one (its owner and moderators). */
  requests(): Promise<Attempted<CommunityRequestItem[]>>;
  decide(groupId: string, requestId: string, decision: 'approve' | 'deny'): Promise<NookError | null>;
  members(): Promise<Attempted<CommunityMember[]>>;
  setRole(memberId: string, role: Role): Promise<Attempted<CommunityMember>>;
  invite(): Promise<Attempted<CommunityInvite>>;
  importRoster(csv: string): Promise<Attempted<{ imported: number; entries: RosterEntry[] }>>;
  propose(size: number): Promise<Attempted<CohortProposalView>>;
  edit(proposalId: string, cohorts: string[][]): Promise<Attempted<CohortProposalView>>;
  apply(proposalId: string): Promise<Attempted<CohortsAppliedItem>>;
  invitesCsv(proposalId: string): Promise<Attempted<{ fileName: string; text: string }>>;
  copy(text: string): Promise<boolean>;
}

/** What the list of the member's communities asks for. */
export interface CommunityListActions {
  create(input: { hub: string; name: string; about: string; owner: CommunityProfile }): Promise<Attempted<CommunityItem>>;
  preview(link: string): Promise<Attempted<CommunityPreviewItem>>;
  join(input: { link: string } & CommunityProfile): Promise<Attempted<{ community: CommunityItem; groupId: string | null }>>;
}

export type {
  CohortProposalView,
  CohortsAppliedItem,
  CommunityGroupDraft,
  CommunityGroupItem,
  CommunityInvite,
  CommunityItem,
  CommunityMember,
  CommunityPreviewItem,
  CommunityRequestItem,
  RosterEntry,
};
