import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { HubStatus, InviteItem, JoinRequestItem, Role } from '../../sync/types';
import { Discussion, type DiscussionProps } from '../discussion/Discussion';
import type { Removal } from '../members/RemovalNotice';
import { SyncStatus } from '../sync/SyncStatus';
import { Tabs } from '../ui/Tabs';
import type { GroupPeople } from './GroupPeople';

export interface HostedGroupProps extends Omit<DiscussionProps, 'canModerate'> {
  group: { id: string; name: string; topic: string; hub: string };
  role: Role;
  status: HubStatus | null;
  requests: readonly JoinRequestItem[];
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
  // The Members section is looked at far less than the discussion: its code loads when it is first opened.
  const [People, setPeople] = useState<typeof GroupPeople | null>(null);
  useEffect(() => {
    if (tab === 'members' && !People) void import('./GroupPeople').then((m) => setPeople(() => m.GroupPeople));
  }, [tab]);
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
        ) : People ? (
          <People {...props} />
        ) : (
          <p class="muted">{t('common.loading')}</p>
        )}
      </Tabs>
    </div>
  );
}
