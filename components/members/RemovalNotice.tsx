import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { InviteItem } from '../../sync/types';
import { CopyField } from '../invite/CopyField';
import { useInviteMaker } from '../invite/useInviteMaker';
import { ErrorLine } from '../ui/ErrorLine';

/** The last removal the viewer made, as the hub answered it. */
export interface Removal {
  memberId: string;
  name: string;
  /** How many invite links stopped working with it (the one they joined with, those they made). */
  revokedInvites: number;
}

/**
 * Says that a removal also revoked the links the member could come back through, and, where
 * the viewer makes invites, offers a new link for everyone else in one step.
 */
export function RemovalNotice(props: {
  removal: Removal;
  onNewInvite?(): Promise<InviteItem | NookError>;
  onCopy(text: string): Promise<boolean>;
}) {
  const { invite, error, busy, make } = useInviteMaker(null, props.onNewInvite);
  const { name, revokedInvites } = props.removal;
  return (
    <div class="card removal stack">
      <p role="status">
        {revokedInvites > 0 ? t('members.removedRevoked', { name, count: revokedInvites }) : t('members.removed', { name })}
      </p>
      {revokedInvites > 0 && props.onNewInvite && !invite ? (
        <div class="row">
          <button type="button" class="btn primary" disabled={busy} onClick={() => void make()}>
            {t('invite.again')}
          </button>
          {busy ? <span class="status">{t('invite.creating')}</span> : null}
        </div>
      ) : null}
      <ErrorLine error={error} />
      {invite ? <CopyField label={t('invite.link')} value={invite.url} copyLabel={t('invite.copyLink')} onCopy={props.onCopy} /> : null}
    </div>
  );
}
