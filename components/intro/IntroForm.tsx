import { useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_INTRO_TEXT } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import { TimeZoneField } from '../ui/TimeZoneField';
import { browserZone, parseInterests, zoneChoices } from './zones';

export interface IntroValues {
  text: string;
  interests: string[];
  timeZone: string;
}

/**
 * A member's intro: a few lines, interests, and their time zone (the browser's unless they
 * pick another). Posting and skipping each answer the hub's refusal, shown under the form.
 */
export function IntroForm(props: {
  initial?: IntroValues;
  submitLabel: string;
  onSubmit(values: IntroValues): Promise<NookError | null>;
  /** Records a skip with the zone, so the member is not asked again. */
  onSkip?(timeZone: string): Promise<NookError | null>;
  onCancel?(): void;
  /** The hub's refusal of the last intro, kept on its record. */
  error?: NookError | null;
}) {
  const [text, setText] = useState(props.initial?.text ?? '');
  const [interests, setInterests] = useState(props.initial?.interests.join(', ') ?? '');
  const choices = useMemo(() => zoneChoices(props.initial?.timeZone ?? browserZone()), []);
  const [zone, setZone] = useState(choices.selected);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const run = async (p: () => Promise<NookError | null>) => {
    setBusy(true);
    setError(await p());
    setBusy(false);
  };
  return (
    <form
      class="stack intro-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return setMissing(true);
        setMissing(false);
        void run(() => props.onSubmit({ text: text.trim(), interests: parseInterests(interests), timeZone: zone }));
      }}
    >
      <Field label={t('intro.text')} hint={t('intro.textHint')} error={missing ? t('intro.textMissing') : null}>
        {(c) => <textarea {...c} class="input" rows={3} maxLength={MAX_INTRO_TEXT} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
      </Field>
      <Field label={t('intro.interests')} hint={t('intro.interestsHint')}>
        {(c) => <input {...c} class="input" type="text" value={interests} onInput={(e) => setInterests(e.currentTarget.value)} />}
      </Field>
      <TimeZoneField zones={choices.zones} value={zone} hint={t('intro.timeZoneHint')} onChange={setZone} />
      <ErrorLine error={error ?? props.error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onSkip ? (
          <button type="button" class="btn" disabled={busy} onClick={() => void run(() => props.onSkip!(zone))}>
            {t('intro.skip')}
          </button>
        ) : null}
        {props.onCancel ? (
          <button type="button" class="btn link" disabled={busy} onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
