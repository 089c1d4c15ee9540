import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { HubStatus, InviteItem, JoinRequestItem, MemberItem, MessageItem, Role, ThreadItem } from '../../storage/hosted-types';
import { Discussion } from '../discussion/Discussion';
import type { PageRef } from '../discussion/ThreadPicker';
import type { Loadable, MessageActions } from '../discussion/types';
import { InvitePanel } from '../invite/InvitePanel';
import { Members } from '../members/Members';
import type { Removal } from '../members/RemovalNotice';
import { SyncStatus } from '../sync/SyncStatus';
import { Tabs } from '../ui/Tabs';

export interface HostedGroupProps extends MessageActions {
  group: { id: string; name: string; topic: string; hub: string };
  role: Role;
  status: HubStatus | null;
  threads: readonly ThreadItem[];
  selectedThreadId: string | null;
  onSelectThread(id: string): void;
  pageContext: PageRef | null;
  onOpenPageThread(): Promise<NookError | null>;
  messages: Loadable<MessageItem[]>;
  members: readonly MemberItem[];
  requests: readonly JoinRequestItem[];
  onSend(body: string, threadId: string): Promise<NookError | null>;
  onMarkRead(threadId: string): void;
  invite: InviteItem | null;
  onCreateInvite(): Promise<InviteItem | NookError>;
  onCopy(text: string): Promise<boolean>;
  onRemoveMember(memberId: string): Promise<NookError | null>;
  /** The viewer's last removal, with the invite links it revoked. */
  removal: Removal | null;
  onDecide(requestId: string, decision: 'approve' | 'deny'): Promise<NookError | null>;
  onLeave(): Promise<NookError | null>;
  /** The extension shows invites; the widget's visitors do not create them. */
  showInvite: boolean;
}

/** A group shared through a hub: its sections, its invite, and how its connection stands. */
export function HostedGroup(props: HostedGroupProps) {
  const [tab, setTab] = useState<string>('discussion');
  const unread = props.threads.reduce((n, th) => n + th.unread, 0);
  return (
    <div class="stack hosted-group">
      {props.status ? <SyncStatus status={props.status} /> : null}
      <Tabs
        id={`group-${props.group.id}`}
        label={t('group.sections')}
        tabs={[
          { key: 'discussion', label: t('group.discussion'), badge: unread > 0 ? String(unread) : undefined },
          { key: 'members', label: t('group.members') },
        ]}
        selected={tab}
        onSelect={(k) => setTab(k)}
      >
        {tab === 'discussion' ? (
          <Discussion {...props} canModerate={props.role !== 'member'} />
        ) : (
          <div class="stack">
          {props.showInvite && props.role !== 'member' ? (
            <InvitePanel groupId={props.group.id} hub={props.group.hub} invite={props.invite} onCreateInvite={props.onCreateInvite} onCopy={props.onCopy} />
          ) : null}
          <Members
            members={props.members}
            viewerRole={props.role}
            requests={props.requests}
            onRemove={props.onRemoveMember}
            onDecide={props.onDecide}
            onLeave={props.onLeave}
            removal={props.removal}
            onNewInvite={props.showInvite ? props.onCreateInvite : undefined}
            onCopy={props.onCopy}
          />
          </div>
        )}
      </Tabs>
    </div>
  );
}
