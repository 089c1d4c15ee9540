import { errorText, t } from '../../i18n/index';
import type { Delivery } from '../../sync/types';

/**
 * Where a member's own write to a record stands, shown on the record: "Sending…" until the
 * hub has it, and the hub's reason when it refused (a record made here is then discarded
 * from here; a refused change leaves the record as the hub holds it, with the reason).
 */
export function RecordStatus(props: { delivery: Delivery; error: { code: string; message: string } | null; onDiscard(): void }) {
  if (props.delivery === 'pending') return <span class="status">{t('discussion.sending')}</span>;
  if (props.delivery === 'failed') {
    return (
      <div class="row">
        <p class="error" role="alert">
          {props.error ? t('discussion.failed', { reason: errorText(props.error) }) : t('discussion.failedNoReason')}
        </p>
        <button type="button" class="btn danger" onClick={props.onDiscard}>
          {t('discussion.discard')}
        </button>
      </div>
    );
  }
  return props.error ? (
    <p class="error" role="alert">
      {errorText(props.error)}
    </p>
  ) : null;
}
