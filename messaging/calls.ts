import type { NookError } from '../protocol/errors';
import type { Device } from '../protocol/identity';
import type { PageContext } from '../sites/types';
import type { FoundGroup, ListingChoice } from '../types/discovery';
import type { Group, ImportResult, ListedGroup, Note, Settings, SitePrefs } from '../types/local';
import type { GroupTarget } from '../types/open';
import type { SearchFilterChoices, SearchHit, SearchOptions } from '../types/search';
import type { HubStatus, InviteItem, JoinRequestItem, MemberItem, Membership, MessageItem, RecordItem, RecordKind, ThreadItem } from '../sync/types';
import type { CommunityWrite } from '../sync/writes/community';
import type { FeedbackSummary } from '../protocol/feedback';
import type { LogEntry, MyStanding, Report } from '../protocol/moderation';
import type { ModerationWrite } from '../sync/moderation';
import type { AwaySummary } from '../sync/away';
import type { Role } from '../protocol/groups';
import type {
  CohortProposalView,
  CohortsAppliedItem,
  CommunityGroupItem,
  CommunityInvite,
  CommunityItem,
  CommunityMember,
  CommunityGroupDraft,
  CommunityPreviewItem,
  CommunityProfile,
  CommunityRequestItem,
  RosterEntry,
} from '../sync/communities';

/**
 * Views (sidebar, popup, options) -> background. One entry per call: [request, response].
 * Every call can also be subscribed to (see `live` in messaging/client.ts): the background
 * re-runs it as a Dexie liveQuery and pushes each new result.
 */
export interface ViewCalls {
  /** The context of the tab the calling sidebar sits in (null outside a tab or before the page told). */
  'context.current': [void, PageContext | null];
  'notes.get': [{ url: string }, Note | null];
  'notes.save': [{ context: PageContext; body: string }, Note];
  'notes.delete': [{ id: string }, Note | null];
  'notes.restore': [{ note: Note }, void];
  'notes.list': [{ community?: string; limit?: number }, Note[]];
  'notes.communities': [void, { community: string; site: string; count: number }[]];
  /** Notes and the messages of the member's hosted groups, in one local index; filters are optional. */
  'notes.search': [{ query: string } & SearchOptions, SearchHit[]];
  'notes.searchFilters': [void, SearchFilterChoices];
  'notes.export': [{ format: 'json' | 'markdown' }, string];
  'notes.import': [{ text: string }, ImportResult];
  'groups.list': [{ context?: PageContext | null }, { forContext: ListedGroup[]; others: ListedGroup[] }];
  'groups.get': [{ id: string }, Group | null];
  /** With a hub, the group is created there and this member is its owner (named `ownerName`). */
  'groups.create': [
    { name: string; topic: string; memberLimit: number; hub: string | null; ownerName?: string; context?: PageContext | null; listing?: ListingChoice },
    Group,
  ];
  /** Where an owner lists a hosted group (for `context`'s page or community), or "Not listed"; answers where it is listed now. */
  'groups.setListing': [{ id: string; listing: ListingChoice; context: PageContext | null }, ListingChoice];
  'groups.listing': [{ id: string }, ListingChoice];
  /** Groups listed for the page on the hubs the member knows; asks them only by hash prefix, without a token. [] while discovery is off. */
  'discovery.lookup': [{ context: PageContext }, FoundGroup[]];
  /** Asks to join a listed group (a join request with the member's name and a note). */
  'discovery.ask': [{ hub: string; groupId: string; name: string; message: string }, FoundGroup['standing']];
  /** Tells the hub's operator what is wrong with a listed group (without the member's token). */
  'discovery.report': [{ hub: string; groupId: string; hash: string; reason: string }, void];
  /** A hosted group's membership (role, member count, sync position); null for a local group. */
  'groups.membership': [{ id: string }, Membership | null];
  'groups.invite': [{ id: string; expiresInSeconds?: number; maxUses?: number | null }, InviteItem];
  /** Joins from an invite link (`<hub>/join/<code>`) or a bare code (on the default hub). */
  'groups.join': [{ link: string; name: string; intro?: string }, Group];
  'groups.leave': [{ id: string }, void];
  'groups.members': [{ id: string }, MemberItem[]];
  /** Answers the codes of the invite links the removal revoked (the one they joined with, those they made). */
  'groups.removeMember': [{ id: string; memberId: string }, { revokedCodes: string[] }];
  'groups.requests': [{ id: string }, JoinRequestItem[]];
  'groups.decide': [{ id: string; requestId: string; decision: 'approve' | 'deny' }, void];
  'threads.list': [{ groupId: string }, ThreadItem[]];
  /** The thread anchored to this page (created when missing), or the general one when context is null. */
  'threads.open': [{ groupId: string; context: PageContext | null }, ThreadItem];
  'messages.list': [{ threadId: string; limit?: number }, MessageItem[]];
  'messages.send': [{ groupId: string; threadId: string; body: string }, MessageItem];
  'messages.edit': [{ id: string; body: string }, void];
  'messages.delete': [{ id: string }, void];
  'messages.react': [{ id: string; emoji: string; on: boolean }, void];
  'messages.retry': [{ id: string }, void];
  'messages.discard': [{ id: string }, void];
  'threads.markRead': [{ threadId: string }, void];
  /** A group's intros, goals, check-ins, meetings, polls or feedback requests (issue #16), as this device holds them. */
  'records.list': [{ groupId: string; kind: RecordKind }, RecordItem[]];
  /** Any of the member's writes to those (sync/writes/community.ts): made here at once, sent through the outbox. */
  'records.write': [{ groupId: string; write: CommunityWrite }, void];
  /** What the asker of a feedback request sees (asked of the hub each time: answers are not group events). */
  'feedback.summary': [{ groupId: string; feedbackId: string }, FeedbackSummary];
  /** The answers as CSV (UTF-8 with a BOM), made by the hub. */
  'feedback.csv': [{ groupId: string; feedbackId: string }, string];
  /** A hosted group's archive as a file, JSON or Markdown (the owner only; made by the hub). */
  'archive.export': [{ groupId: string; format: 'json' | 'markdown' }, { fileName: string; text: string }];
  /** A new group on `hub` made of an archive file's text, with this member as its owner; `key` is the import's, made once and sent again with each retry (the same import, one group). */
  'archive.import': [{ key: string; hub: string; ownerName: string; text: string }, Group];
  /** A confirmed meeting as an iCalendar file, made by the hub. */
  'meetings.ics': [{ groupId: string; meetingId: string }, string];
  /** Moderation (issue #17), asked of the hub each time (reports and the log are not group events): the open reports, the log (owners and moderators), the member's own mute and warnings. */
  'moderation.reports': [{ groupId: string }, Report[]];
  'moderation.log': [{ groupId: string }, LogEntry[]];
  'moderation.me': [{ groupId: string }, MyStanding];
  'moderation.act': [{ groupId: string; write: ModerationWrite }, void];
  /** Communities (issue #17), asked of the hubs each time: the member's on every hub they are signed in on. */
  'communities.list': [void, { communities: CommunityItem[]; unreachable: string[] }];
  'communities.create': [{ hub: string; name: string; about: string; owner: CommunityProfile }, CommunityItem];
  /** What `<hub>/community-invites/<code>` leads to, asked without a token. */
  'communities.preview': [{ link: string }, CommunityPreviewItem];
  'communities.join': [{ link: string } & CommunityProfile, { community: CommunityItem; groupId: string | null }];
  /** Its groups; those the member is in become their hosted groups on this device. */
  'communities.groups': [{ hub: string; communityId: string }, CommunityGroupItem[]];
  'communities.ask': [{ hub: string; communityId: string; groupId: string; message: string }, void];
  /** Stores and follows a community's group the member is in; answers its id to open. */
  'communities.openGroup': [{ hub: string; groupId: string }, string];
  'communities.members': [{ hub: string; communityId: string }, CommunityMember[]];
  'communities.setRole': [{ hub: string; communityId: string; memberId: string; role: Role }, CommunityMember];
  'communities.invite': [{ hub: string; communityId: string }, CommunityInvite];
  'communities.importRoster': [{ hub: string; communityId: string; csv: string }, { imported: number; entries: RosterEntry[] }];
  'communities.roster': [{ hub: string; communityId: string }, RosterEntry[]];
  'communities.propose': [{ hub: string; communityId: string; size: number }, CohortProposalView];
  /** The owner's moves: the whole assignment, rescored by the hub. */
  'communities.editCohorts': [{ hub: string; communityId: string; proposalId: string; cohorts: string[][] }, CohortProposalView];
  'communities.apply': [{ hub: string; communityId: string; proposalId: string }, CohortsAppliedItem];
  'communities.invitesCsv': [{ hub: string; communityId: string; proposalId: string }, { fileName: string; text: string }];
  /** When the hubs last told of a change in the member's communities (followed live: the view asks again). */
  'communities.news': [void, number];
  /** Leaves a community; its groups the member is in stay theirs. */
  'communities.leave': [{ hub: string; communityId: string }, void];
  /** A new group inside a community (its owner and moderators); answers its id, the maker's group on this device. */
  'communities.createGroup': [{ hub: string; communityId: string } & CommunityGroupDraft, string];
  /** Pending join requests to all its groups (its owner and moderators), and deciding one. */
  'communities.requests': [{ hub: string; communityId: string }, CommunityRequestItem[]];
  'communities.decide': [{ hub: string; groupId: string; requestId: string; decision: 'approve' | 'deny' }, void];
  'sync.status': [void, HubStatus[]];
  /** Hubs this device has an identity on (for moving to another device). */
  'hubs.list': [void, string[]];
  'hubs.linkCode': [{ hub: string }, { code: string; expiresAt: number }];
  /** Returns how many groups came along. */
  'hubs.link': [{ hub: string; code: string }, number];
  /** The member's signed-in devices on a hub (asked of the hub each time). */
  'hubs.devices': [{ hub: string }, Device[]];
  /** Sign one device out (its token stops working); answers the devices left. */
  'hubs.signOut': [{ hub: string; deviceId: string }, Device[]];
  'hubs.signOutOthers': [{ hub: string }, Device[]];
  'groups.update': [{ id: string; name?: string; topic?: string; memberLimit?: number }, Group];
  'groups.delete': [{ id: string }, Group];
  'groups.undoDelete': [{ id: string }, Group];
  'groups.link': [{ id: string; context: PageContext; scope: 'community' | 'page' }, Group];
  'groups.unlink': [{ id: string; key: string }, Group];
  'settings.get': [void, Settings];
  'settings.set': [Partial<Settings>, Settings];
  'sites.list': [void, SitePrefs[]];
  'sites.set': [{ key: string } & Partial<Omit<SitePrefs, 'key'>>, SitePrefs];
  'storage.estimate': [void, { notes: number; groups: number; bytes: number | null; quota: number | null }];
  /** Hide or show the launcher on the site of the caller's tab. */
  'sidebar.hideLauncher': [{ hidden: boolean }, void];
  /** Close the sidebar in the caller's tab (the sidebar's own close button). */
  'sidebar.close': [void, void];
  /** Which group the caller's sidebar shows, and whether it can be seen: no notifications for that group meanwhile. */
  'sidebar.showing': [{ groupId: string | null; communityId: string | null; visible: boolean }, void];
  /** The member opened a group's view: notes now; answers their last look before, if long enough ago for "Since you were away" (else null). */
  'groups.opened': [{ groupId: string }, number | null];
  /** The member stopped looking at the group (closed it, or the view went away): notes now. */
  'groups.seen': [{ groupId: string }, void];
  /** What happened in the group since `since` ("Since you were away"); null when nothing did. */
  'groups.away': [{ groupId: string; since: number }, AwaySummary | null];
  /** Popup: open Nook on the active tab (activeTab grants the page for this gesture). */
  'tab.open': [{ tabId: number }, void];
  /** Popup/options: turn Nook on for an origin for good (permission already granted by the view). */
  'origins.enable': [{ origin: string }, Settings];
  'origins.disable': [{ origin: string }, Settings];
}

/** Content script -> background. */
export interface ContentCalls {
  /**
   * The content script starts on a new page: back come this site's preferences with the
   * launcher's strings in the member's language (`lang` is the page's navigator.language).
   * One message, not two: each costs the page a task.
   */
  'page.hello': [{ key: string; lang: string }, SitePrefs & { frameTitle: string; rtl: boolean }];
  /** A sidebar opened on the page for the first time: the background injects the context reader. */
  'page.track': [void, void];
  /** The page's context: when the reader starts, then on each change (single-page navigation). */
  'page.context': [{ context: PageContext }, void];
  'page.setOpen': [{ key: string; open: boolean }, void];
  'page.hideLauncher': [{ key: string }, void];
}

/** Background -> content script (tabs.sendMessage). */
export interface TabCalls {
  /** Toolbar button or keyboard shortcut; `force` opens even where the member turned the site off. */
  'sidebar.toggle': [{ force?: boolean; open?: boolean }, { open: boolean }];
  'sidebar.close': [void, void];
  /** The member changed this site's preferences (e.g. hid the launcher). */
  'page.prefs': [SitePrefs, void];
}

export type Req<M, K extends keyof M> = M[K] extends [infer A, unknown] ? A : never;
export type Res<M, K extends keyof M> = M[K] extends [unknown, infer B] ? B : never;

/** A live subscription's messages on the 'nook-live' port. */
export type LiveUp =
  | { t: 'sub'; sub: number; call: keyof ViewCalls; req: unknown }
  | { t: 'unsub'; sub: number };
export type LiveDown =
  | { t: 'value'; sub: number; value: unknown }
  | { t: 'error'; sub: number; error: NookError }
  | { t: 'context'; context: PageContext | null }
  /** Open this group (a notification was clicked): sent to the views in the tab the background took the member to. */
  | { t: 'open'; target: GroupTarget };
