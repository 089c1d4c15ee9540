import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { FeedbackRequest } from '../../protocol/feedback';
import type { NookError } from '../../protocol/errors';
import { MAX_FEEDBACK_ANSWER } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

export interface Answer {
  rating: number | null;
  text: string;
}

/** A member's answer: a 1-5 rating and/or a few words, as the request asks; changeable while it is open. */
export function AnswerFeedback(props: {
  request: FeedbackRequest;
  mine: Answer | null;
  open: boolean;
  /** The member's answer is still on its way to the hub. */
  sending: boolean;
  /** The hub's refusal of their last answer. */
  error: NookError | null;
  onAnswer(answer: Answer): Promise<NookError | null>;
}) {
  const f = props.request;
  const legend = useId();
  const [rating, setRating] = useState<number | null>(props.mine?.rating ?? null);
  const [text, setText] = useState(props.mine?.text ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (rating === null && !text.trim()) return setProblem(t('feedback.answerMissing'));
    setProblem(null);
    setBusy(true);
    setError(await props.onAnswer({ rating: f.rating ? rating : null, text: f.text ? text.trim() : '' }));
    setBusy(false);
  };
  const disabled = !props.open || busy;
  return (
    <form class="stack feedback-answer" onSubmit={(e) => void submit(e)}>
      {f.rating ? (
        <fieldset role="radiogroup" aria-labelledby={legend} class="rating" disabled={!props.open}>
          <legend id={legend}>{t('feedback.rating')}</legend>
          <div class="row">
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} class="rating-choice">
                <input type="radio" name={`rating-${f.id}`} value={n} checked={rating === n} onChange={() => setRating(n)} />
                {String(n)}
              </label>
            ))}
          </div>
          <span class="hint">{t('feedback.ratingHint')}</span>
        </fieldset>
      ) : null}
      {f.text ? (
        <Field label={t('feedback.yourAnswer')}>
          {(c) => <textarea {...c} class="input" rows={3} maxLength={MAX_FEEDBACK_ANSWER} value={text} disabled={!props.open} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
      ) : null}
      {problem ? <p class="error">{problem}</p> : null}
      <ErrorLine error={error ?? props.error} />
      {props.open ? (
        <div class="row">
          <button type="submit" class="btn primary" disabled={disabled}>
            {t('feedback.submit')}
          </button>
          {props.sending ? <span class="status">{t('discussion.sending')}</span> : props.mine ? <span class="hint">{t('feedback.answered')}</span> : null}
        </div>
      ) : props.mine ? (
        <p class="hint">{t('feedback.answeredClosed')}</p>
      ) : null}
    </form>
  );
}
