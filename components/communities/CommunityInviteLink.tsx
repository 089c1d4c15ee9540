import { useState } from 'preact/hooks';
import { formatDate, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { CopyField } from '../invite/CopyField';
import { ErrorLine } from '../ui/ErrorLine';
import type { CommunityActions, CommunityInvite } from './types';

/** An invite link into the community for its managers to share; who follows it says their interests and zone. */
export function CommunityInviteLink(props: { actions: Pick<CommunityActions, 'invite' | 'copy'> }) {
  const [invite, setInvite] = useState<CommunityInvite | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  return (
    <section class="stack">
      <button
        type="button"
        class="btn"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const r = await props.actions.invite();
          setBusy(false);
          if (r.ok) setInvite(r.value);
          setError(r.ok ? null : r.error);
        }}
      >
        {invite ? t('invite.again') : t('communities.inviteMake')}
      </button>
      <ErrorLine error={error} />
      {invite ? (
        <>
          <CopyField label={t('communities.inviteLink')} value={invite.url} copyLabel={t('invite.copyLink')} onCopy={props.actions.copy} />
          <p class="hint">{invite.expiresAt === null ? t('invite.noExpiry') : t('invite.expires', { date: formatDate(invite.expiresAt) })}</p>
        </>
      ) : null}
    </section>
  );
}
