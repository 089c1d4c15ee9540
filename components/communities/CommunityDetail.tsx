import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import { CohortSplit } from './CohortSplit';
import { CommunityGroups } from './CommunityGroups';
import { CommunityInviteLink } from './CommunityInviteLink';
import { CommunityMembers } from './CommunityMembers';
import { RosterImport } from './RosterImport';
import { manages, roleLabel } from './roles';
import type { CommunityActions, CommunityItem } from './types';
import './communities.css';

/**
 * One community: its groups for every member; for its owner and moderators, the invite link,
 * the members with their roles and the roster; for its owner, splitting everyone not yet in a
 * group into cohorts. The hub decides each of these again.
 */
export function CommunityDetail(props: { community: CommunityItem; actions: CommunityActions; onBack?(): void }) {
  const { community, me, memberCount } = props.community;
  // Applying cohorts or importing a roster changes the groups and who is where: asked again.
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
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
      <CommunityGroups actions={props.actions} version={version} />
      {manages(me.role) ? (
        <>
          <CommunityInviteLink actions={props.actions} />
          <CommunityMembers actions={props.actions} myRole={me.role} version={version} />
          <RosterImport actions={props.actions} onImported={bump} />
        </>
      ) : null}
      {me.role === 'owner' ? <CohortSplit actions={props.actions} onApplied={bump} /> : null}
    </div>
  );
}
