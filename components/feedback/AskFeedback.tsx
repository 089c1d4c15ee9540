import { getLocalTimeZone, parseDateTime, toZoned } from '@internationalized/date';
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_QUESTION } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

export interface AskValues {
  question: string;
  rating: boolean;
  text: boolean;
  closesAt: number | null;
}

/** The instant a datetime-local value names where the member is (the offset depends on the date: DST). */
function closingInstant(value: string): number | null {
  try {
    return toZoned(parseDateTime(value), getLocalTimeZone()).toDate().getTime();
  } catch {
    return null;
  }
}

/** An owner's or moderator's request for feedback: the question, a rating and/or text, and when it closes. */
export function AskFeedback(props: { onAsk(values: AskValues): Promise<NookError | null> }) {
  const [open, setOpen] = useState(false);
  const [question, setQuestion] = useState('');
  const [rating, setRating] = useState(true);
  const [text, setText] = useState(true);
  const [closes, setCloses] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <div class="row">
        <button type="button" class="btn primary" onClick={() => setOpen(true)}>
          {t('feedback.askOpen')}
        </button>
      </div>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!question.trim()) return setProblem(t('feedback.questionMissing'));
    if (!rating && !text) return setProblem(t('feedback.kindMissing'));
    const closesAt = closes ? closingInstant(closes) : null;
    if (closes && (closesAt === null || closesAt <= Date.now())) return setProblem(t('feedback.closesPast'));
    setProblem(null);
    setBusy(true);
    const err = await props.onAsk({ question: question.trim(), rating, text, closesAt });
    setBusy(false);
    setError(err);
    if (!err) {
      setOpen(false);
      setQuestion('');
      setCloses('');
    }
  };
  return (
    <form class="card stack feedback-ask" onSubmit={(e) => void submit(e)}>
      <Field label={t('feedback.question')} error={problem}>
        {(c) => <input {...c} class="input" type="text" maxLength={MAX_QUESTION} value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />}
      </Field>
      <label class="row">
        <input type="checkbox" checked={rating} onChange={(e) => setRating(e.currentTarget.checked)} />
        {t('feedback.wantRating')}
      </label>
      <label class="row">
        <input type="checkbox" checked={text} onChange={(e) => setText(e.currentTarget.checked)} />
        {t('feedback.wantText')}
      </label>
      <Field label={t('feedback.closesAt')} hint={t('feedback.closesAtHint')}>
        {(c) => <input {...c} class="input" type="datetime-local" value={closes} onInput={(e) => setCloses(e.currentTarget.value)} />}
      </Field>
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy}>
          {t('feedback.ask')}
        </button>
        <button type="button" class="btn link" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
