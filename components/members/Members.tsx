import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { InviteItem, JoinRequestItem, MemberItem, Role } from '../../sync/types';
import { InlineConfirm, useFocusReturn } from '../discussion/InlineConfirm';
import { Markdown } from '../markdown/Markdown';
import { JoinRequests } from './JoinRequests';
import { LeaveGroup } from './LeaveGroup';
import { RemovalNotice, type Removal } from './RemovalNotice';
import { roleLabel } from './roles';

const RANK: Record<Role, number> = { owner: 0, moderator: 1, member: 2 };

/** Mirrors the hub's rule: owners remove anyone, moderators remove plain members. */
export const mayRemove = (viewer: Role, target: MemberItem) => !target.self && (viewer === 'owner' || (viewer === 'moderator' && target.role === 'member'));

function MemberRow(props: { member: MemberItem; viewerRole: Role; onRemove(): Promise<NookError | null> }) {
  const { member } = props;
  const [confirming, setConfirming] = useState(false);
  const removeBtn = useFocusReturn<HTMLButtonElement>(confirming);
  return (
    <li class="card member">
      <div class="spread">
        <span>
          <strong>{member.name}</strong>
          {member.self ? <span class="muted"> {t('members.you')}</span> : null}
        </span>
        <span class={`pill role-${member.role}`}>{roleLabel(member.role)}</span>
      </div>
      {member.intro ? <Markdown source={member.intro} class="member-intro" /> : null}
      {mayRemove(props.viewerRole, member) ? (
        confirming ? (
          <InlineConfirm
            question={t('members.removeConfirm', { name: member.name })}
            confirmLabel={t('members.remove')}
            onConfirm={props.onRemove}
            onClose={() => setConfirming(false)}
          />
        ) : (
          <div class="row">
            <button
              ref={removeBtn}
              type="button"
              class="btn link danger"
              aria-label={t('members.removeNamed', { name: member.name })}
              onClick={() => setConfirming(true)}
            >
              {t('members.remove')}
            </button>
          </div>
        )
      ) : null}
    </li>
  );
}

/** Who is in the group; for owners and moderators, removal and the join requests waiting for them. */
export function Members(props: {
  members: readonly MemberItem[];
  /** The viewer's role in the group. */
  viewerRole: Role;
  /** Waiting join requests; shown to owners and moderators only. */
  requests: readonly JoinRequestItem[];
  onRemove(memberId: string): Promise<NookError | null>;
  onDecide(requestId: string, decision: 'approve' | 'deny'): Promise<NookError | null>;
  onLeave(): Promise<NookError | null>;
  /** The viewer's last removal in this group, to say which links it revoked. */
  removal?: Removal | null;
  /** Makes a new invite link; absent where the viewer does not make invites (the widget). */
  onNewInvite?(): Promise<InviteItem | NookError>;
  onCopy?(text: string): Promise<boolean>;
}) {
  const headingId = useId();
  const sorted = [...props.members].sort((a, b) => RANK[a.role] - RANK[b.role] || a.name.localeCompare(b.name));
  const moderates = props.viewerRole !== 'member';
  return (
    <section class="members stack" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('members.count', { count: props.members.length })}</h3>
      {moderates ? <JoinRequests requests={props.requests} onDecide={props.onDecide} /> : null}
      {props.removal ? (
        <RemovalNotice
          key={props.removal.memberId}
          removal={props.removal}
          onNewInvite={props.onNewInvite}
          onCopy={props.onCopy ?? (() => Promise.resolve(false))}
        />
      ) : null}
      <ul class="list" aria-labelledby={headingId}>
        {sorted.map((m) => (
          <MemberRow key={m.id} member={m} viewerRole={props.viewerRole} onRemove={() => props.onRemove(m.id)} />
        ))}
      </ul>
      <LeaveGroup blocked={props.viewerRole === 'owner' && props.members.length > 1} onLeave={props.onLeave} />
    </section>
  );
}
