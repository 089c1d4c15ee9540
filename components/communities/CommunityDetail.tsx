import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import { CohortSplit } from './CohortSplit';
import { CommunityGroups } from './CommunityGroups';
import { CommunityInviteLink } from './CommunityInviteLink';
import { LeaveGroup } from '../members/LeaveGroup';
import { CommunityMembers } from './CommunityMembers';
import { CommunityRequests } from './CommunityRequests';
import { RosterImport } from './RosterImport';
import { manages, roleLabel } from './roles';
import type { CommunityActions, CommunityItem } from './types';
import './communities.css';

/**
 * One community: its groups for every member, and leaving it; for its owner and moderators, a
 * new group, the join requests to all its groups, the invite link, the members with their roles
 * and the roster; for its owner, splitting everyone not yet in a group into cohorts. The hub
 * decides each of these again. `version` moves when the hub says something in it changed.
 */
export function CommunityDetail(props: { community: CommunityItem; actions: CommunityActions; onBack?(): void; version?: number; onLeft?(): void }) {
  const { community, me, memberCount } = props.community;
  // Applying cohorts, importing a roster or deciding a request changes the groups and who is where: asked again.
  const [own, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  const version = own + (props.version ?? 0);
  return (
    <div class="stack communities">
      {props.onBack ? (
        <button type="button" class="btn link" onClick={props.onBack}>
          {t('communities.back')}
        </button>
      ) : null}
      <h2 dir="auto">{community.name}</h2>
      {community.about ? (
        <p class="muted" dir="auto">
          {community.about}
        </p>
      ) : null}
      <p class="hint">
        {t('communities.memberCount', { count: memberCount })} · {roleLabel(me.role)}
      </p>
      <CommunityGroups actions={props.actions} version={version} canCreate={manages(me.role)} hub={props.community.hub} />
      {manages(me.role) ? (
        <>
          <CommunityRequests actions={props.actions} version={version} onDecided={bump} />
          <CommunityInviteLink actions={props.actions} />
          <CommunityMembers actions={props.actions} myRole={me.role} version={version} />
          <RosterImport actions={props.actions} onImported={bump} />
        </>
      ) : null}
      {me.role === 'owner' ? <CohortSplit actions={props.actions} onApplied={bump} /> : null}
      {/* Its owner hands it over first (the hub refuses them too): the button says so rather than fail. */}
      <LeaveGroup
        blocked={me.role === 'owner'}
        text={{ button: t('communities.leave'), question: t('communities.leaveConfirm', { name: community.name }), blocked: t('communities.ownerCannotLeave') }}
        onLeave={async () => {
          const err = await props.actions.leave();
          if (!err) props.onLeft?.();
          return err;
        }}
      />
    </div>
  );
}
