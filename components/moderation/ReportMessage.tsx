import { useState } from 'preact/hooks';
import { t, withStrings } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { ReportReason } from '../../protocol/moderation';
import type { ReportForm } from './ReportForm';

/** "Report" on someone else's message: what is wrong, a reason in the member's words, sent to the group's moderators. */
export function ReportMessage(props: { onReport(reason: ReportReason, note: string): Promise<NookError | null> }) {
  const [Form, setForm] = useState<typeof ReportForm | null>(null);
  const [sent, setSent] = useState(false);
  if (sent) return <p class="hint" role="status">{t('discussion.reported')}</p>;
  if (!Form) {
    return (
      <button type="button" class="btn link" onClick={() => void withStrings(() => import('./ReportForm')).then((m) => setForm(() => m.ReportForm))}>
        {t('discussion.report')}
      </button>
    );
  }
  return <Form onReport={props.onReport} onCancel={() => setForm(null)} onSent={() => setSent(true)} />;
}
