import browser from 'webextension-polyfill';
import { translator } from '../../i18n/background';
import type { ContentCalls, ViewCalls } from '../../messaging/calls';
import type { Handlers } from '../../messaging/server';
import { UserError } from '../../protocol/errors';
import { genericContext } from '../../sites/generic';
import { siteKey } from '../../sites/hosts';
import { CONTENT_FILES } from '../../scripts/content-files';
import type { NookDB } from '../../storage/db';
import { estimate } from '../../storage/estimate';
import * as groups from '../../storage/groups';
import { UNDO_WINDOW_MS } from '../../storage/groups';
import * as notes from '../../storage/notes';
import { searchFilterChoices } from '../../storage/message-index';
import { search } from '../../storage/search';
import * as settings from '../../storage/settings';
import * as hosted from '../../storage/hosted/actions';
import * as archives from '../../storage/hosted/archives';
import * as communities from '../../storage/hosted/communities';
import * as discovery from '../../storage/hosted/discovery';
import { moderationOf } from '../../storage/hosted/moderation';
import type { SyncEngine } from '../../storage/hosted/engine';
import * as hostedQueries from '../../storage/hosted/queries';
import { exportNotes, importNotes } from '../../storage/transfer';
import type { GroupInfoRow } from '../../sync/store';
import { toMembershipView } from '../../sync/views';
import * as away from '../../storage/hosted/away';
import { showing } from './showing';
import { disableOrigin, enableOrigin } from './origins';
import { tabs } from './tabs';


export function viewHandlers(db: NookDB, sync: SyncEngine): Handlers<ViewCalls> {
  return {
    'context.current': (_req, caller) => (caller.tabId === null ? null : tabs.context(caller.tabId)),
    'notes.get': ({ url }) => notes.getNote(db, url),
    'notes.save': ({ context, body }) => notes.saveNote(db, context, body),
    'notes.delete': ({ id }) => notes.deleteNote(db, id),
    'notes.restore': ({ note }) => notes.restoreNote(db, note),
    'notes.list': (req) => notes.listNotes(db, req),
    'notes.communities': () => notes.communities(db),
    'notes.search': ({ query, limit, group, author, page }) => search(db, query, { limit, group, author, page }),
    'notes.searchFilters': () => searchFilterChoices(db),
    'notes.export': ({ format }) => exportNotes(db, format),
    'notes.import': ({ text }) => importNotes(db, text),
    'groups.list': ({ context }) => groups.listGroups(db, context ?? null),
    'groups.get': ({ id }) => groups.getGroup(db, id),
    'groups.create': async ({ ownerName, listing, ...req }) => {
      if (!req.hub?.trim()) return groups.createGroup(db, req);
      const name = ownerName?.trim() || (await settings.getSettings(db)).displayName.trim();
      if (!name) throw new UserError('owner_name_required', 'Add your name: the group will see it.');
      // Same checks as a local group first, so a refusal reads the same.
      const clean = groups.validateGroupInput(req);
      const listed = !!listing && listing !== 'none';
      // A listed group takes join requests: that is how people who find it come in.
      const group = await hosted.createHostedGroup(db, sync, { ...clean, hub: clean.hub ?? req.hub, ownerName: name, context: req.context, allowRequests: listed });
      // The group exists by now: a listing the hub refuses leaves it "Not listed", as its settings then show.
      if (listed) await discovery.setListing(db, sync, group.id, listing, req.context ?? null).catch(() => undefined);
      return group;
    },
    'groups.setListing': ({ id, listing, context }) => discovery.setListing(db, sync, id, listing, context),
    'groups.listing': ({ id }) => discovery.getListing(db, sync, id),
    // Never with a token, nor with a check of the member's own requests beside it, which would tie the lookup to them.
    'discovery.lookup': ({ context }) => discovery.lookupListed(db, sync, context),
    'discovery.report': (req) => discovery.reportListing(sync, req),
    'discovery.ask': async ({ name, ...req }) => {
      const s = await settings.getSettings(db);
      if (!s.displayName && name.trim()) await settings.setSettings(db, { displayName: name.trim() });
      return discovery.askToJoin(db, sync, { name, ...req });
    },
    'groups.update': async ({ id, ...patch }) =>
      (await hostedQueries.getMembership(db, id)) ? hosted.updateHostedGroup(db, sync, id, patch) : groups.updateGroup(db, id, patch),
    'groups.membership': async ({ id }) => {
      const [m, group] = await Promise.all([hostedQueries.getMembership(db, id), db.groups.get(id)]);
      // The group row also holds what the group's events said of it (sync/store.ts GroupInfoRow).
      return toMembershipView(m ?? undefined, group as GroupInfoRow | undefined);
    },
    'groups.invite': ({ id, ...opts }) => hosted.createInvite(db, sync, id, opts),
    'groups.join': async ({ link, name, intro }) => {
      const s = await settings.getSettings(db);
      if (!s.displayName && name.trim()) await settings.setSettings(db, { displayName: name.trim() });
      return hosted.joinGroup(db, sync, { link, name, intro, defaultHub: s.defaultHub || null });
    },
    'groups.leave': ({ id }) => hosted.leaveGroup(db, sync, id),
    'groups.members': ({ id }) => hostedQueries.listMembers(db, id),
    'groups.removeMember': ({ id, memberId }) => hosted.removeMember(db, sync, id, memberId),
    'groups.requests': async ({ id }) => {
      // Asking for the list also refreshes it from the hub (requests are not group events).
      void hosted.refreshRequests(db, sync, id).catch(() => undefined);
      return hostedQueries.listRequests(db, id);
    },
    'groups.decide': ({ id, requestId, decision }) => hosted.decideRequest(db, sync, id, requestId, decision),
    'threads.list': ({ groupId }) => hostedQueries.listThreads(db, groupId),
    'threads.open': ({ groupId, context }) => hosted.openThread(db, sync, groupId, context),
    'threads.markRead': ({ threadId }) => hosted.markRead(db, sync, threadId),
    'messages.list': ({ threadId, limit }) => hostedQueries.listMessages(db, threadId, limit),
    'messages.send': ({ groupId, threadId, body }) => hosted.sendMessage(db, sync, groupId, threadId, body),
    'messages.edit': ({ id, body }) => hosted.editMessage(db, sync, id, body),
    'messages.delete': ({ id }) => hosted.deleteMessage(db, sync, id),
    'messages.react': ({ id, emoji, on }) => hosted.react(db, sync, id, emoji, on),
    'messages.retry': ({ id }) => hosted.retryMessage(db, sync, id),
    'messages.discard': ({ id }) => hosted.discardMessage(db, id),
    'records.list': ({ groupId, kind }) => hostedQueries.listRecords(db, groupId, kind),
    'records.write': ({ groupId, write }) => hosted.writeRecord(db, sync, groupId, write),
    'feedback.summary': ({ groupId, feedbackId }) => hosted.feedbackSummary(db, sync, groupId, feedbackId),
    'feedback.csv': ({ groupId, feedbackId }) => hosted.feedbackCsv(db, sync, groupId, feedbackId),
    'meetings.ics': ({ groupId, meetingId }) => hosted.meetingIcs(db, sync, groupId, meetingId),
    'moderation.reports': async ({ groupId }) => (await moderationOf(db, sync, groupId)).reports(),
    'moderation.log': async ({ groupId }) => (await moderationOf(db, sync, groupId)).log(),
    'moderation.me': async ({ groupId }) => (await moderationOf(db, sync, groupId)).me(),
    'moderation.act': async ({ groupId, write }) => (await moderationOf(db, sync, groupId)).act(write),
    'archive.export': ({ groupId, format }) => archives.exportArchive(db, sync, groupId, format),
    'archive.import': (req) => archives.importArchive(db, sync, req),
    'communities.list': () => communities.listCommunities(db, sync),
    'communities.create': (req) => communities.createCommunity(db, sync, req),
    'communities.preview': ({ link }) => communities.previewInvite(sync, link),
    'communities.join': (req) => communities.joinCommunity(db, sync, req),
    'communities.groups': ({ hub, communityId }) => communities.listGroups(db, sync, hub, communityId),
    'communities.ask': (req) => communities.askToJoin(db, sync, req),
    'communities.openGroup': ({ hub, groupId }) => communities.openGroup(db, sync, hub, groupId),
    'communities.members': async ({ hub, communityId }) => (await communities.managerCalls(db, sync, hub)).members(communityId),
    'communities.setRole': (req) => communities.setRole(db, sync, req),
    'communities.invite': async ({ hub, communityId }) => (await communities.managerCalls(db, sync, hub)).invite(communityId),
    'communities.importRoster': async ({ hub, communityId, csv }) => (await communities.managerCalls(db, sync, hub)).importRoster(communityId, csv),
    'communities.roster': async ({ hub, communityId }) => (await communities.managerCalls(db, sync, hub)).roster(communityId),
    'communities.propose': async ({ hub, communityId, size }) => (await communities.managerCalls(db, sync, hub)).propose(communityId, size),
    'communities.editCohorts': async ({ hub, communityId, proposalId, cohorts }) =>
      (await communities.managerCalls(db, sync, hub)).edit(communityId, proposalId, cohorts),
    'communities.apply': (req) => communities.applyCohorts(db, sync, req),
    'communities.invitesCsv': (req) => communities.cohortInvitesCsv(db, sync, req),
    'communities.news': () => communities.communityNews(db),
    'communities.leave': (req) => communities.leaveCommunity(db, sync, req),
    'communities.createGroup': (req) => communities.createCommunityGroup(db, sync, req),
    'communities.requests': ({ hub, communityId }) => communities.listRequests(db, sync, hub, communityId),
    'communities.decide': (req) => communities.decideRequest(db, sync, req),
    'sync.status': () => hostedQueries.hubStatuses(db),
    'hubs.list': () => hosted.listHubs(db),
    'hubs.linkCode': ({ hub }) => hosted.createLinkCode(db, sync, hub),
    'hubs.link': ({ hub, code }) => hosted.redeemLinkCode(db, sync, hub, code),
    'hubs.devices': ({ hub }) => hosted.listDevices(db, sync, hub),
    'hubs.signOut': ({ hub, deviceId }) => hosted.signOutDevice(db, sync, hub, deviceId),
    'hubs.signOutOthers': ({ hub }) => hosted.signOutOtherDevices(db, sync, hub),
    'groups.delete': async ({ id }) => {
      if (await hostedQueries.getMembership(db, id)) throw new UserError('hosted_group_delete', 'A shared group cannot be deleted from here: leave it instead.');
      const g = await groups.deleteGroup(db, id);
      setTimeout(() => void groups.purgeDeleted(db, UNDO_WINDOW_MS), UNDO_WINDOW_MS + 1000);
      return g;
    },
    'groups.undoDelete': ({ id }) => groups.undoDelete(db, id),
    'groups.link': ({ id, context, scope }) => groups.linkGroup(db, id, context, scope),
    'groups.unlink': ({ id, key }) => groups.unlinkGroup(db, id, key),
    'settings.get': () => settings.getSettings(db),
    'settings.set': (patch) => settings.setSettings(db, patch),
    'sites.list': () => settings.listSitePrefs(db),
    'sites.set': async ({ key, ...patch }) => {
      const prefs = await settings.setSitePrefs(db, key, patch);
      await tabs.broadcastPrefs(prefs);
      return prefs;
    },
    'storage.estimate': () => estimate(db),
    'sidebar.hideLauncher': async ({ hidden }, caller) => {
      const ctx = caller.tabId === null ? null : await tabs.context(caller.tabId);
      if (!ctx) return;
      const prefs = await settings.setSitePrefs(db, siteKey(new URL(ctx.url)), { launcherHidden: hidden });
      await tabs.broadcastPrefs(prefs);
    },
    'sidebar.close': async (_req, caller) => {
      if (caller.tabId !== null) await tabs.send(caller.tabId, 'sidebar.close', undefined);
    },
    'sidebar.showing': async (state, caller) => {
      if (caller.tabId !== null) await showing.set(caller.tabId, state);
    },
    'groups.opened': ({ groupId }) => away.openedGroup(db, groupId, Date.now()),
    'groups.seen': ({ groupId }) => away.seenGroup(db, groupId, Date.now()),
    'groups.away': ({ groupId, since }) => away.groupAway(db, groupId, since),
    'tab.open': ({ tabId }) => tabs.toggle(tabId, true),
    'origins.enable': async ({ origin }) => {
      if (!(await browser.permissions.contains({ origins: [`${origin}/*`] }))) {
        throw new UserError('permission_denied', `Nook was not allowed on ${origin}`, { origin });
      }
      await enableOrigin(db, `${origin}/*`);
      return settings.getSettings(db);
    },
    'origins.disable': async ({ origin }) => {
      await disableOrigin(db, `${origin}/*`);
      await browser.permissions.remove({ origins: [`${origin}/*`] }).catch(() => false);
      return settings.getSettings(db);
    },
  };
}

export function contentHandlers(db: NookDB): Handlers<ContentCalls> {
  return {
    'page.context': async ({ context }, caller) => {
      if (caller.tabId !== null) await tabs.setContext(caller.tabId, context);
    },
    'page.track': async (_req, caller) => {
      if (caller.tabId === null) return;
      try {
        await browser.scripting.executeScript({ target: { tabId: caller.tabId }, files: [CONTENT_FILES.context] });
      } catch {
        // Not allowed to read the page after all (the member withheld site access): the
        // sidebar still names the site, from the address alone.
        if (caller.url) await tabs.setContext(caller.tabId, genericContext(new URL(caller.url), ''));
      }
    },
    'page.hello': async ({ key, lang }, caller) => {
      // A new page in the tab: its context is read when a sidebar opens, not the last page's.
      // Forgotten before the reply, so it cannot erase the context the page asks for next.
      const [prefs, s] = await Promise.all([
        settings.getSitePrefs(db, key),
        settings.getSettings(db),
        caller.tabId !== null ? tabs.forget(caller.tabId) : undefined,
      ]);
      const { t, rtl } = await translator(s.language || lang);
      return { ...prefs, frameTitle: t('launcher.frameTitle'), rtl };
    },
    'page.setOpen': async ({ key, open }) => {
      await settings.setSitePrefs(db, key, { open });
    },
    'page.hideLauncher': async ({ key }) => {
      const prefs = await settings.setSitePrefs(db, key, { launcherHidden: true });
      await tabs.broadcastPrefs(prefs);
    },
  };
}
