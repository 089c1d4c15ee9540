import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { InlineConfirm, useFocusReturn } from '../discussion/InlineConfirm';

/**
 * Leaving, confirmed in place. An owner cannot leave while others remain (the hub refuses
 * with owner_must_transfer), so the button says why instead of failing after a click.
 */
export function LeaveGroup(props: { blocked: boolean; onLeave(): Promise<NookError | null> }) {
  const hintId = useId();
  const [confirming, setConfirming] = useState(false);
  const button = useFocusReturn<HTMLButtonElement>(confirming);
  if (confirming) {
    return <InlineConfirm question={t('members.leaveConfirm')} confirmLabel={t('members.leave')} onConfirm={props.onLeave} onClose={() => setConfirming(false)} />;
  }
  return (
    <div class="stack leave">
      <div class="row">
        <button ref={button} type="button" class="btn danger" disabled={props.blocked} aria-describedby={props.blocked ? hintId : undefined} onClick={() => setConfirming(true)}>
          {t('members.leaveButton')}
        </button>
      </div>
      {props.blocked ? (
        <p class="hint" id={hintId}>
          {t('members.ownerCannotLeave')}
        </p>
      ) : null}
    </div>
  );
}
