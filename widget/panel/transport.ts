import { computed } from '@preact/signals';
import type { Req, Res, ViewCalls } from '../../messaging/calls';
import { CallError, type Live, type LiveState, type Transport } from '../../messaging/transport';
import { toNookError, UserError } from '../../protocol/errors';
import { orderThreads, toMembershipView, toMemberItems, toMessageItems } from '../../sync/views';
import type { PanelSync } from './sync';
import type { panelAway } from './away';

type Calls = { [K in keyof ViewCalls]?: (req: Req<ViewCalls, K>) => Res<ViewCalls, K> | Promise<Res<ViewCalls, K>> };

/**
 * The panel's Transport: the calls HostedGroup's model (models/hosted.ts) makes, answered
 * from the panel's memory store and its hub connection (widget/panel/sync.ts) instead of the
 * extension's background. Reads re-run whenever the store changes; writes go to the outbox.
 */
export function panelTransport(sync: PanelSync): Transport {
  const { store, groupId } = sync;
  const membership = () => store.memberships.get(groupId) ?? null;
  const inGroup = <T extends { groupId: string }>(rows: T[]) => rows.filter((r) => r.groupId === groupId);

  const reads: Calls = {
    'groups.membership': () => toMembershipView(membership() ?? undefined, store.groups.get(groupId)),
    'threads.list': () => orderThreads(inGroup(store.threads.all())),
    'messages.list': ({ threadId, limit = 200 }) => {
      const rows = store.messages
        .all()
        .filter((m) => m.threadId === threadId)
        .sort((a, b) => a.seq - b.seq)
        .slice(-limit);
      return toMessageItems(rows, membership()?.memberId, inGroup(store.members.all()));
    },
    'groups.members': () => toMemberItems(inGroup(store.members.all()), membership()?.memberId),
    'groups.requests': () => store.requests.value,
    // Records are read from memory without their chunk: the filter is all it takes.
    'records.list': ({ kind }) => store.records.all().filter((r) => r.groupId === groupId && r.kind === kind),
    // Loaded with 'groups.opened', which comes first: the panel's start does not carry it.
    'groups.away': ({ since }) => away?.summary(since) ?? null,
    'sync.status': () => {
      const s = store.status.value;
      return s ? [{ ...s, pending: store.outbox.all().length }] : [];
    },
  };

  let away: ReturnType<typeof panelAway> | null = null;

  const writes: Calls = {
    'groups.opened': async () => (away ??= (await import('./away')).panelAway(sync)).opened(sync.env.now()),
    'groups.seen': () => void away?.look(sync.env.now()),
    'threads.open': ({ context }) => sync.openThread(context),
    'messages.send': ({ threadId, body }) => sync.sendMessage(threadId, body),
    'messages.edit': ({ id, body }) => sync.editMessage(id, body),
    'messages.delete': ({ id }) => sync.deleteMessage(id),
    'messages.react': ({ id, emoji, on }) => sync.react(id, emoji, on),
    'messages.retry': ({ id }) => sync.retry(id),
    'messages.discard': ({ id }) => sync.discard(id),
    'threads.markRead': ({ threadId }) => sync.markRead(threadId),
    'groups.invite': (opts) => sync.invite(opts),
    'groups.decide': ({ requestId, decision }) => sync.decide(requestId, decision),
    'groups.removeMember': ({ memberId }) => sync.removeMember(memberId),
    'groups.leave': () => sync.leave(),
    'records.write': async ({ write }) => (await import('./community')).writeRecord(sync, write),
    'feedback.summary': async ({ feedbackId }) => (await import('./community')).feedbackSummary(sync, feedbackId),
    'feedback.csv': async ({ feedbackId }) => (await import('./community')).feedbackCsv(sync, feedbackId),
    'meetings.ics': async ({ meetingId }) => (await import('./community')).meetingIcs(sync, meetingId),
    'moderation.reports': async () => (await import('../../sync/moderation')).moderation(sync.client, groupId).reports(),
    'moderation.log': async () => (await import('../../sync/moderation')).moderation(sync.client, groupId).log(),
    'moderation.me': async () => (await import('../../sync/moderation')).moderation(sync.client, groupId).me(),
    'moderation.act': async ({ write }) => (await import('../../sync/moderation')).moderation(sync.client, groupId).act(write),
    // This identity's devices on the hub (the panel is on the hub: `hub` is always its own).
    'hubs.devices': async () => (await import('./people')).devices(sync),
    'hubs.signOut': async ({ deviceId }) => (await import('./people')).signOut(sync, deviceId),
    'hubs.signOutOthers': async () => (await import('./people')).signOutOthers(sync),
  };

  return {
    async call<K extends keyof ViewCalls>(name: K, req: Req<ViewCalls, K>): Promise<Res<ViewCalls, K>> {
      const run = (writes[name] ?? reads[name]) as ((r: Req<ViewCalls, K>) => Res<ViewCalls, K> | Promise<Res<ViewCalls, K>>) | undefined;
      try {
        if (!run) throw new UserError('unexpected', `The widget does not do ${name}.`);
        return await run(req);
      } catch (e) {
        throw new CallError(toNookError(e));
      }
    },
    live<K extends keyof ViewCalls>(name: K, req: Req<ViewCalls, K>): Live<Res<ViewCalls, K>> {
      const run = reads[name] as ((r: Req<ViewCalls, K>) => Res<ViewCalls, K>) | undefined;
      // Requests are not group events: looking at them asks the hub again.
      if (name === 'groups.requests') void sync.refreshRequests().catch(() => undefined);
      const state = computed((): LiveState<Res<ViewCalls, K>> => {
        void store.version.value;
        try {
          if (!run) throw new UserError('unexpected', `The widget does not follow ${name}.`);
          return { status: 'ready', value: run(req), error: null };
        } catch (e) {
          return { status: 'error', value: undefined, error: toNookError(e) };
        }
      });
      return { state, dispose() {} };
    },
  };
}
