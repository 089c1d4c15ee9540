import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { Cadence } from '../../protocol/goals';
import { MAX_TITLE } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

export interface NewGoal {
  title: string;
  cadence: Cadence;
  endDate: string | null;
}

/** "New goal" opens the form; "Share goal" sends it to the group. */
export function GoalForm(props: { today: string; onShare(goal: NewGoal): Promise<NookError | null> }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [cadence, setCadence] = useState<Cadence>('daily');
  const [endDate, setEndDate] = useState('');
  const [error, setError] = useState<NookError | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);

  const close = () => {
    setOpen(false);
    setTitle('');
    setEndDate('');
    setCadence('daily');
    setError(null);
    setMissing(false);
    // Focus goes back where the member was.
    setTimeout(() => opener.current?.focus(), 0);
  };

  if (!open) {
    return (
      <div class="row">
        <button ref={opener} type="button" class="btn primary" onClick={() => setOpen(true)}>
          {t('goals.new')}
        </button>
      </div>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!title.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    const refused = await props.onShare({ title: title.trim(), cadence, endDate: endDate || null });
    setBusy(false);
    if (refused) setError(refused);
    else close();
  };

  return (
    <form class="card stack goal-form" onSubmit={(e) => void submit(e)} aria-label={t('goals.new')}>
      <Field label={t('goals.title')} hint={t('goals.titleHint')} error={missing ? t('goals.titleMissing') : null}>
        {(c) => (
          <input
            {...c}
            class="input"
            autoFocus
            maxLength={MAX_TITLE}
            value={title}
            onInput={(e) => {
              setTitle(e.currentTarget.value);
              setMissing(false);
            }}
          />
        )}
      </Field>
      <div class="row goal-form-row">
        <Field label={t('goals.cadence')}>
          {(c) => (
            <select {...c} class="input" value={cadence} onChange={(e) => setCadence(e.currentTarget.value as Cadence)}>
              <option value="daily">{t('goals.daily')}</option>
              <option value="weekly">{t('goals.weekly')}</option>
            </select>
          )}
        </Field>
        <Field label={t('goals.endDate')} hint={t('goals.endDateHint')}>
          {(c) => <input {...c} class="input" type="date" min={props.today} value={endDate} onInput={(e) => setEndDate(e.currentTarget.value)} />}
        </Field>
      </div>
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy}>
          {t('goals.share')}
        </button>
        <button type="button" class="btn" onClick={close}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
