import { useEffect } from 'preact/hooks';
import { formatDate, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { InviteItem } from '../../sync/types';
import { ErrorLine } from '../ui/ErrorLine';
import { CopyField } from './CopyField';
import { embedSnippet } from './snippet';
import { useInviteMaker } from './useInviteMaker';

/** Bringing people in: an invite link to share, and for a hosted group the widget's embed snippet. */
export function InvitePanel(props: {
  groupId: string;
  /** The group's hub; null for a group kept on this device only, which nobody else can join. */
  hub: string | null;
  /** An invite made earlier, if the caller kept one. */
  invite?: InviteItem | null;
  onCreateInvite(): Promise<InviteItem | NookError>;
  onCopy(text: string): Promise<boolean>;
}) {
  const { invite, setInvite, error, busy, make: create } = useInviteMaker(props.invite ?? null, props.onCreateInvite);
  // The caller's link can change under the panel: a removal revokes it, a new one replaces it.
  useEffect(() => setInvite(props.invite ?? null), [props.invite]);
  if (!props.hub) return <p class="hint">{t('invite.localOnly')}</p>;

  return (
    <div class="invite stack">
      <div class="row">
        <button type="button" class={`btn ${invite ? '' : 'primary'}`} disabled={busy} onClick={() => void create()}>
          {invite ? t('invite.again') : t('invite.button')}
        </button>
        {busy ? <span class="status">{t('invite.creating')}</span> : null}
      </div>
      <ErrorLine error={error} />
      {invite ? (
        <div class="stack">
          <CopyField label={t('invite.link')} value={invite.url} copyLabel={t('invite.copyLink')} onCopy={props.onCopy} />
          <p class="hint">
            {invite.expiresAt === null ? t('invite.noExpiry') : t('invite.expires', { date: formatDate(invite.expiresAt) })}
            {invite.maxUses !== null ? ` · ${t('invite.maxUses', { max: invite.maxUses })}` : ''}
            {` · ${t('invite.code', { code: invite.code })}`}
          </p>
        </div>
      ) : null}
      <CopyField
        label={t('invite.embed')}
        value={embedSnippet(props.hub, props.groupId)}
        copyLabel={t('invite.copyEmbed')}
        multiline
        onCopy={props.onCopy}
      />
      <p class="hint">{t('invite.embedHint')}</p>
    </div>
  );
}
