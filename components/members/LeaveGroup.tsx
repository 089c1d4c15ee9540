import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { InlineConfirm, useFocusReturn } from '../discussion/InlineConfirm';

/** What the leave button and its confirmation say: a group's words unless told (a community's). */
export interface LeaveText {
  button: string;
  question: string;
  blocked: string;
}

/**
 * Leaving, confirmed in place. An owner cannot leave while others remain (the hub refuses
 * with owner_must_transfer), so the button says why instead of failing after a click.
 */
export function LeaveGroup(props: { blocked: boolean; onLeave(): Promise<NookError | null>; text?: LeaveText }) {
  const hintId = useId();
  const [confirming, setConfirming] = useState(false);
  const button = useFocusReturn<HTMLButtonElement>(confirming);
  const text = props.text ?? { button: t('members.leaveButton'), question: t('members.leaveConfirm'), blocked: t('members.ownerCannotLeave') };
  if (confirming) {
    return <InlineConfirm question={text.question} confirmLabel={t('members.leave')} onConfirm={props.onLeave} onClose={() => setConfirming(false)} />;
  }
  return (
    <div class="stack leave">
      <div class="row">
        <button ref={button} type="button" class="btn danger" disabled={props.blocked} aria-describedby={props.blocked ? hintId : undefined} onClick={() => setConfirming(true)}>
          {text.button}
        </button>
      </div>
      {props.blocked ? (
        <p class="hint" id={hintId}>
          {text.blocked}
        </p>
      ) : null}
    </div>
  );
}
