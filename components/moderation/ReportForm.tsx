import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { ReportReason } from '../../protocol/moderation';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

// Spelled out, not read from the zod enum: zod stays out of the widget panel (sync/wire.test.ts).
const REASONS = ['spam', 'harassment', 'off_topic', 'other'] as const satisfies readonly ReportReason[];

/** The report itself: what is wrong and a reason in the member's words (its own chunk: opened rarely). */
export function ReportForm(props: { onReport(reason: ReportReason, note: string): Promise<NookError | null>; onCancel(): void; onSent(): void }) {
  const [kind, setKind] = useState<ReportReason>('spam');
  const [note, setNote] = useState('');
  const [error, setError] = useState<NookError | null>(null);
  return (
    <form
      class="stack report-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const err = await props.onReport(kind, note.trim());
        setError(err);
        if (!err) props.onSent();
      }}
    >
      <Field label={t('discussion.reportKind')}>
        {(c) => (
          <select {...c} value={kind} onChange={(e) => setKind(e.currentTarget.value as ReportReason)}>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`moderation.reason.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('discussion.reportReason')}>
        {(c) => <input {...c} type="text" maxLength={500} required={kind === 'other'} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <div class="row">
        <button type="submit" class="btn">
          {t('discussion.sendReport')}
        </button>
        <button type="button" class="btn link" onClick={props.onCancel}>
          {t('moderation.cancel')}
        </button>
      </div>
      <ErrorLine error={error} />
    </form>
  );
}
