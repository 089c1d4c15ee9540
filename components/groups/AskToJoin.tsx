import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_NAME, MAX_REQUEST_MESSAGE } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

/**
 * Asking to join a group (a listed one, or one of a community): a note for who decides, and
 * the member's name where the hub does not know it yet (`defaultName` given).
 */
export function AskToJoin(props: { groupName: string; defaultName?: string; onAsk(name: string, note: string): Promise<NookError | null>; onCancel(): void }) {
  const askName = props.defaultName !== undefined;
  const [name, setName] = useState(props.defaultName ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  return (
    <form
      class="stack"
      aria-label={t('discovery.askNamed', { name: props.groupName })}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(await props.onAsk(name, note));
        setBusy(false);
      }}
    >
      {askName ? (
        <Field label={t('join.name')} hint={t('groups.ownerNameHint')}>
          {(c) => <input {...c} class="input" required maxLength={MAX_NAME} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
      ) : null}
      <Field label={t('discovery.note')}>
        {(c) => <textarea {...c} class="input" rows={2} maxLength={MAX_REQUEST_MESSAGE} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy || (askName && !name.trim())}>
          {t('discovery.send')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
