import { translator } from '../../i18n/background';
import type { GroupEvent } from '../../protocol/events';
import type { NookDB } from '../../storage/db';
import { communityOf, decideMessages, decideRequests, noticeId, targetOf, type NoticeTarget, type ThreadFacts } from '../../storage/hosted/notify-rules';
import type { CommunityRequestItem } from '../../sync/communities';
import { reminderTarget } from '../../storage/reminders';
import { getSettings } from '../../storage/settings';
import { pickGeneral } from '../../sync/views';
import type { ReminderDeps } from './reminders';
import type { OnScreen } from './showing';

/**
 * Mentions, replies and join requests as browser notifications, and the click on any of Nook's
 * notifications (reminders' too); what is news is decided in
 * storage/hosted/notify-rules.ts. Summaries count on in storage.session, so a catch-up that
 * arrives in many batches (or wakes a stopped background) still makes one notification per group.
 */

export interface NotifyDeps {
  notifications: ReminderDeps['notifications'] & {
    clear(id: string): Promise<boolean>;
    onClicked: { addListener(cb: (id: string) => void): void };
    onClosed: { addListener(cb: (id: string, byUser: boolean) => void): void };
  };
  session: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
    remove(key: string): Promise<void>;
  };
  now(): number;
  iconUrl: string;
  /** The browser's language, when the member chose none. */
  locale(): string;
  /** A sidebar the member is looking at shows the group or community (its tab active, its window focused). */
  onScreen(what: OnScreen): Promise<boolean>;
  /** Opens the group a notification named. */
  open(target: NoticeTarget): Promise<void>;
  /** Opens the community a notification of its join requests named. */
  openCommunity(communityId: string): Promise<void>;
}

const SUM = 'notify:sum:';
type Sum = { mentions: number; replies: number; requests: number };
const EXCERPT = 140;

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

export function startNotify(db: NookDB, deps: NotifyDeps) {
  const show = (id: string, title: string, message: string) => deps.notifications.create(id, { type: 'basic', title, message, iconUrl: deps.iconUrl });
  const t = async () => (await translator((await getSettings(db)).language || deps.locale())).t;

  /** Adds to the group's summary and shows it again with the new totals (one notification, replaced). */
  const summarize = (groupId: string, groupName: string, add: Partial<Sum>) => summarizeAs(SUM + groupId, noticeId.summary(groupId), groupName, add);

  async function summarizeAs(key: string, id: string, title: string, add: Partial<Sum>): Promise<void> {
    const had = ((await deps.session.get(key))[key] as Sum | undefined) ?? { mentions: 0, replies: 0, requests: 0 };
    const sum: Sum = { mentions: had.mentions + (add.mentions ?? 0), replies: had.replies + (add.replies ?? 0), requests: had.requests + (add.requests ?? 0) };
    await deps.session.set({ [key]: sum });
    const tr = await t();
    const parts = [
      sum.mentions > 0 ? tr('notify.summaryMentions', { count: sum.mentions }) : '',
      sum.replies > 0 ? tr('notify.summaryReplies', { count: sum.replies }) : '',
      sum.requests > 0 ? tr('notify.summaryRequests', { count: sum.requests }) : '',
    ].filter(Boolean);
    await show(id, title, parts.join(' · '));
  }

  async function threadFacts(groupId: string, threadIds: string[]): Promise<Map<string, ThreadFacts>> {
    const general = pickGeneral(await db.threads.where('groupId').equals(groupId).toArray())?.id;
    const out = new Map<string, ThreadFacts>();
    for (const id of threadIds) {
      const rows = await db.messages.where('threadId').equals(id).toArray();
      out.set(id, { general: id === general, messages: rows.map((m) => ({ id: m.id, authorId: m.authorId, seq: m.seq })) });
    }
    return out;
  }

  async function messages(groupId: string, events: readonly GroupEvent[], replay: boolean): Promise<void> {
    if (replay) return;
    const posted = events.filter((e) => e.kind === 'message.posted');
    if (posted.length === 0) return;
    const m = await db.memberships.get(groupId);
    if (!m || m.endedAt !== null) return;
    const settings = await getSettings(db);
    const switches = { mentions: settings.notifyMentions, replies: settings.notifyReplies, requests: settings.notifyRequests };
    if (!switches.mentions && !switches.replies) return;
    const others = posted.flatMap((e) => (e.kind === 'message.posted' && e.data.authorId !== m.memberId ? [e.data] : []));
    if (others.length === 0) return;
    const [me, group, facts, onScreen] = await Promise.all([
      db.members.get([groupId, m.memberId]),
      db.groups.get(groupId),
      threadFacts(groupId, [...new Set(others.map((x) => x.threadId))]),
      deps.onScreen({ groupId }),
    ]);
    const d = decideMessages({
      groupId,
      events,
      replay,
      me: { id: m.memberId, joinedAt: me?.joinedAt ?? 0 },
      now: deps.now(),
      switches,
      onScreen,
      threads: (id) => facts.get(id),
    });
    const name = group?.name ?? '';
    if (d.show.length > 0) {
      const tr = await t();
      for (const n of d.show) {
        const author = (await db.members.get([groupId, n.authorId]))?.name ?? '';
        const title = tr(n.kind === 'mention' ? 'notify.mentionTitle' : 'notify.replyTitle', { name: author, group: name });
        await show(noticeId.message(n), title, excerpt(n.body));
      }
    }
    if (d.summary) await summarize(groupId, name, d.summary);
  }

  /** The hub said the group's requests changed: fetched again, the new ones are news. */
  async function requests(groupId: string, refresh: () => Promise<void>): Promise<void> {
    const before = new Set((await db.joinRequests.where('groupId').equals(groupId).toArray()).map((r) => r.id));
    await refresh();
    const settings = await getSettings(db);
    if (!settings.notifyRequests) return;
    const after = await db.joinRequests.where('groupId').equals(groupId).toArray();
    if (after.every((r) => before.has(r.id))) return;
    const d = decideRequests({ before, after, now: deps.now(), on: true, onScreen: await deps.onScreen({ groupId }) });
    const name = (await db.groups.get(groupId))?.name ?? '';
    const tr = await t();
    for (const r of d.show) await show(noticeId.request(groupId, r.id), tr('notify.requestTitle', { group: name }), tr('notify.requestBody', { name: r.name }));
    if (d.summary > 0) await summarize(groupId, name, { requests: d.summary });
  }

  /**
   * Someone asked to join a group of a community the member owns or moderates. Requests to a
   * group this device holds as its owner or moderator are left to `requests` (the group's own
   * frame tells of them); the others, not told of before on this device, are news.
   */
  async function communityRequests(hub: string, communityId: string, fetch: () => Promise<CommunityRequestItem[]>): Promise<void> {
    const all = await fetch();
    const mine = await Promise.all(all.map(async (r) => {
      const m = await db.memberships.get(r.groupId);
      return !!m && m.endedAt === null && m.role !== 'member';
    }));
    const after = all.filter((_, i) => !mine[i]);
    const row = await db.hubs.get(hub);
    if (!row) return;
    const before = new Set(row.seenCommunityRequests?.[communityId] ?? []);
    await db.hubs.update(hub, { seenCommunityRequests: { ...row.seenCommunityRequests, [communityId]: after.map((r) => r.id) } });
    const settings = await getSettings(db);
    if (!settings.notifyRequests || after.every((r) => before.has(r.id))) return;
    const d = decideRequests({ before, after, now: deps.now(), on: true, onScreen: await deps.onScreen({ communityId }) });
    const tr = await t();
    for (const r of d.show) {
      const shown = after.find((x) => x.id === r.id)!;
      await show(noticeId.communityRequest(communityId, r.id), tr('notify.requestTitle', { group: shown.groupName }), tr('notify.requestBody', { name: r.name }));
    }
    const name = row.communities?.find((c) => c.id === communityId)?.name ?? '';
    if (d.summary > 0) await summarizeAs(SUM + 'c:' + communityId, noticeId.communitySummary(communityId), name, { requests: d.summary });
  }

  const forget = (id: string) => {
    const target = targetOf(id);
    if (target && id === noticeId.summary(target.groupId)) void deps.session.remove(SUM + target.groupId);
    const community = communityOf(id);
    if (community && id === noticeId.communitySummary(community)) void deps.session.remove(SUM + 'c:' + community);
  };
  /**
   * A click on any of Nook's notifications (mentions, replies, join requests, and the reminders'
   * of reminders.ts): it goes, and its group opens where it is about (open.ts), or its community.
   */
  const clicked = (id: string) => {
    const target = targetOf(id) ?? reminderTarget(id);
    const community = communityOf(id);
    if (!target && !community) return;
    forget(id);
    void deps.notifications.clear(id);
    const opened = target ? deps.open(target) : deps.openCommunity(community!);
    void opened.catch((e: unknown) => console.warn('[nook notify]', e));
  };
  deps.notifications.onClicked.addListener(clicked);
  deps.notifications.onClosed.addListener((id) => forget(id));

  const warn = (e: unknown) => console.warn('[nook notify]', e);
  return {
    /** The click listener, as registered. */
    clicked,
    messages: (groupId: string, events: readonly GroupEvent[], replay: boolean) => void messages(groupId, events, replay).catch(warn),
    requests: (groupId: string, refresh: () => Promise<void>) => void requests(groupId, refresh).catch(warn),
    communityRequests: (hub: string, communityId: string, fetch: () => Promise<CommunityRequestItem[]>) =>
      void communityRequests(hub, communityId, fetch).catch(warn),
  };
}
