import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { asNookError, type Transport } from '../messaging/transport';
import type { NookError } from '../protocol/errors';
import type { PageContext } from '../sites/types';
import type { HostedGroupProps } from '../components/groups/HostedGroup';
import type { Removal } from '../components/members/RemovalNotice';
import type { InviteItem } from '../sync/types';
import { refusal } from './attempt';
import { follow, SKIP } from './follow';
import { followStanding } from './standing';

/**
 * One hosted group as its member sees it: threads, the selected thread's messages, members,
 * join requests and the hub's connection. The same model serves the sidebar and the widget;
 * only the Transport differs.
 */
export function createHostedModel(transport: Transport, groupId: ReadonlySignal<string | null>, context: ReadonlySignal<PageContext | null | undefined>) {
  const id = () => groupId.value ?? SKIP;
  const membership = follow(transport, 'groups.membership', () => (groupId.value ? { id: groupId.value } : SKIP));
  const threads = follow(transport, 'threads.list', () => (groupId.value ? { groupId: groupId.value } : SKIP));
  const members = follow(transport, 'groups.members', () => (groupId.value ? { id: groupId.value } : SKIP));
  const role = computed(() => membership.state.value.value?.role ?? 'member');
  const requests = follow(transport, 'groups.requests', () => (groupId.value && role.value !== 'member' ? { id: groupId.value } : SKIP));
  const statuses = follow(transport, 'sync.status', () => (id() === SKIP ? SKIP : undefined));
  const selectedThread = signal<string | null>(null);
  const messages = follow(transport, 'messages.list', () => (selectedThread.value ? { threadId: selectedThread.value, limit: 300 } : SKIP));
  const invite = signal<InviteItem | null>(null);
  const hubStatus = computed(() => {
    const hub = membership.state.value.value?.hub;
    return statuses.state.value.value?.find((s) => s.hub === hub) ?? null;
  });
  // Asked of the hub once it let this device in: a session it no longer knows is not asked with.
  const standing = followStanding(transport, groupId, members.state, computed(() => hubStatus.value?.state === 'online' || hubStatus.value?.state === 'catching-up'));
  const removal = signal<Removal | null>(null);

  // A group opens on this page's thread when it has one, else on the general discussion.
  const stopDefault = effect(() => {
    const list = threads.state.value.value;
    if (!list?.length) return;
    if (selectedThread.peek() && list.some((t) => t.id === selectedThread.peek())) return;
    const url = context.value?.url;
    selectedThread.value = (url && list.find((t) => t.anchor?.url === url)?.id) || list[0]!.id;
  });
  let prevGroup: string | null = null;
  // A thread asked for before its group opens (a search hit): the group opens on it.
  let opening: { groupId: string; threadId: string } | null = null;
  const stopReset = effect(() => {
    if (groupId.value !== prevGroup) {
      prevGroup = groupId.value;
      selectedThread.value = opening?.groupId === groupId.value ? opening.threadId : null;
      opening = null;
      invite.value = null;
      removal.value = null;
    }
  });

  const model = {
    membership: membership.state,
    threads: threads.state,
    members: members.state,
    requests: requests.state,
    role,
    status: hubStatus,
    selectedThread,
    messages: messages.state,
    standing,
    invite,
    removal,
    /** Opens `threadId` when the group shown is, or next becomes, `group`. */
    openThread(group: string, threadId: string) {
      if (groupId.peek() === group) selectedThread.value = threadId;
      else opening = { groupId: group, threadId };
    },
    async openPageThread(): Promise<NookError | null> {
      const g = groupId.value;
      const ctx = context.value ?? null;
      if (!g) return null;
      return refusal(async () => {
        const t = await transport.call('threads.open', { groupId: g, context: ctx });
        selectedThread.value = t.id;
      });
    },
    send: (body: string, threadId: string) => refusal(() => transport.call('messages.send', { groupId: groupId.value!, threadId, body })),
    edit: (messageId: string, body: string) => refusal(() => transport.call('messages.edit', { id: messageId, body })),
    remove: (messageId: string) => refusal(() => transport.call('messages.delete', { id: messageId })),
    react: (messageId: string, emoji: string, on: boolean) => refusal(() => transport.call('messages.react', { id: messageId, emoji, on })),
    retry: (messageId: string) => refusal(() => transport.call('messages.retry', { id: messageId })),
    discard: (messageId: string) => refusal(() => transport.call('messages.discard', { id: messageId })),
    markRead: (threadId: string) => void transport.call('threads.markRead', { threadId }).catch(() => undefined),
    async createInvite(): Promise<InviteItem | NookError> {
      try {
        const made = await transport.call('groups.invite', { id: groupId.value! });
        invite.value = made;
        return made;
      } catch (e) {
        return asNookError(e);
      }
    },
    removeMember: (memberId: string) =>
      refusal(async () => {
        const name = members.state.peek().value?.find((m) => m.id === memberId)?.name ?? '';
        const { revokedCodes } = await transport.call('groups.removeMember', { id: groupId.value!, memberId });
        removal.value = { memberId, name, revokedInvites: revokedCodes.length };
        // A link kept to show again must not be offered once it stopped working.
        if (invite.value && revokedCodes.includes(invite.value.code)) invite.value = null;
      }),
    decide: (requestId: string, decision: 'approve' | 'deny') =>
      refusal(() => transport.call('groups.decide', { id: groupId.value!, requestId, decision })),
    leave: () => refusal(() => transport.call('groups.leave', { id: groupId.value! })),
    dispose() {
      stopDefault();
      stopReset();
      standing.dispose();
      for (const f of [membership, threads, members, requests, statuses, messages]) f.dispose();
    },
  };
  return {
    ...model,
    /** What HostedGroup shows from this model; the view adds the group, the page and copy. */
    view(): Omit<HostedGroupProps, 'group' | 'pageContext' | 'onCopy' | 'showInvite' | 'onLeave'> {
      return {
        transport,
        memberId: model.membership.value.value?.memberId ?? null,
        role: model.role.value,
        status: model.status.value,
        threads: model.threads.value.value ?? [],
        selectedThreadId: model.selectedThread.value,
        onSelectThread: (id) => (model.selectedThread.value = id),
        onOpenPageThread: model.openPageThread,
        messages: model.messages.value,
        members: model.members.value.value ?? [],
        slowModeSeconds: model.membership.value.value?.slowModeSeconds ?? 0,
        standing: model.standing.standing.value,
        warnings: model.standing.warnings.value,
        onDismissWarning: model.standing.dismissWarning,
        requests: model.requests.value.value ?? [],
        onSend: model.send,
        onMarkRead: model.markRead,
        onEdit: model.edit,
        onDelete: model.remove,
        onReact: model.react,
        onRetry: model.retry,
        onDiscard: model.discard,
        onReport: (messageId, reason, note) =>
          refusal(() => transport.call('moderation.act', { groupId: groupId.value!, write: { kind: 'report', id: crypto.randomUUID(), messageId, reason, note } })),
        invite: model.invite.value,
        onCreateInvite: model.createInvite,
        onRemoveMember: model.removeMember,
        removal: model.removal.value,
        onDecide: model.decide,
      };
    },
  };
}
export type HostedModel = ReturnType<typeof createHostedModel>;
