import { useIntros } from '../intro/useIntros';
import { InvitePanel } from '../invite/InvitePanel';
import { Members } from '../members/Members';
import type { HostedGroupProps } from './HostedGroup';

/** A hosted group's Members section: its invite (for moderators) and its directory. Loaded when first opened. */
export function GroupPeople(props: HostedGroupProps) {
  const intros = useIntros(props.transport, props.group.id);
  return (
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
        intros={intros.rows.filter((r) => r.delivery !== 'failed').map((r) => r.data)}
        onSaveIntro={intros.save}
      />
    </div>
  );
}
