import { useEffect, useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { Role } from '../../protocol/groups';
import { ErrorLine } from '../ui/ErrorLine';
import { roleLabel } from './roles';
import type { CommunityActions, CommunityMember } from './types';

function Item(props: { member: CommunityMember; canSetRoles: boolean; onRole(role: Role): Promise<NookError | null> }) {
  const { member } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const next: Role = member.role === 'moderator' ? 'member' : 'moderator';
  return (
    <li class="card stack">
      <div class="spread">
        <strong dir="auto">{member.name}</strong>
        <span class="pill">{roleLabel(member.role)}</span>
      </div>
      <span class="hint">
        {member.interests.length > 0 ? `${member.interests.join(', ')} · ` : ''}
        {member.timeZone.replace(/_/g, ' ')}
      </span>
      {props.canSetRoles && member.role !== 'owner' ? (
        <button
          type="button"
          class="btn"
          disabled={busy}
          aria-label={next === 'moderator' ? t('communities.makeModeratorNamed', { name: member.name }) : t('communities.makeMemberNamed', { name: member.name })}
          onClick={async () => {
            setBusy(true);
            setError(await props.onRole(next));
            setBusy(false);
          }}
        >
          {next === 'moderator' ? t('communities.makeModerator') : t('communities.makeMember')}
        </button>
      ) : null}
      <ErrorLine error={error} />
    </li>
  );
}

/** The community's members with their roles, interests and zones; its owner makes moderators. */
export function CommunityMembers(props: { actions: Pick<CommunityActions, 'members' | 'setRole'>; myRole: Role; version?: number }) {
  const headingId = useId();
  const [members, setMembers] = useState<CommunityMember[] | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  useEffect(() => {
    void props.actions.members().then((r) => {
      if (r.ok) setMembers(r.value);
      setError(r.ok ? null : r.error);
    });
  }, [props.version]);
  return (
    <section class="stack" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('communities.members')}</h3>
      <ErrorLine error={error} />
      {members === null ? (
        error ? null : <p class="muted">{t('common.loading')}</p>
      ) : (
        <ul class="list" aria-labelledby={headingId}>
          {members.map((m) => (
            <Item
              key={m.id}
              member={m}
              canSetRoles={props.myRole === 'owner'}
              onRole={async (role) => {
                const r = await props.actions.setRole(m.id, role);
                if (!r.ok) return r.error;
                setMembers((all) => all?.map((x) => (x.id === m.id ? r.value : x)) ?? null);
                return null;
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
