import { useEffect, useState } from 'preact/hooks';
import { formatDate, formatNumber, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { FeedbackSummary } from '../../protocol/feedback';
import type { Attempted } from '../../models/attempt';
import { ErrorLine } from '../ui/ErrorLine';
import { bars } from './feedback';

/**
 * What the asker (and the owner) sees: the average, how the ratings spread, every answer,
 * and the CSV. The answers stay with the hub (the group's event says only that one came,
 * and how many there are), so the summary is asked again each time that event changes the
 * request's record, which `version` stands for.
 */
export function FeedbackResults(props: {
  feedbackId: string;
  version: unknown;
  load(feedbackId: string): Promise<Attempted<FeedbackSummary>>;
  onExport(): Promise<NookError | null>;
}) {
  const [result, setResult] = useState<Attempted<FeedbackSummary> | null>(null);
  const [exportError, setExportError] = useState<NookError | null>(null);
  useEffect(() => {
    let live = true;
    void props.load(props.feedbackId).then((r) => live && setResult(r));
    return () => {
      live = false;
    };
  }, [props.feedbackId, props.version]);
  if (!result) return <p class="muted">{t('common.loading')}</p>;
  if (!result.ok) return <ErrorLine error={result.error} />;
  const s = result.value;
  return (
    <div class="stack feedback-results">
      <dl class="feedback-average">
        <dt>{t('feedback.average')}</dt>
        <dd>{s.average === null ? t('feedback.noRatings') : t('feedback.averageValue', { average: formatNumber(s.average, { maximumFractionDigits: 1 }) })}</dd>
      </dl>
      {s.request.rating ? (
        <ul class="feedback-bars" aria-label={t('feedback.distribution')}>
          {bars(s)
            .reverse()
            .map((b) => (
              <li key={b.rating} class="feedback-bar">
                <span class="feedback-bar-label">{String(b.rating)}</span>
                <span class="feedback-bar-track" aria-hidden="true">
                  <span class="feedback-bar-fill" style={{ width: `${Math.round(b.share * 100)}%` }} />
                </span>
                <span class="sr-only">{t('feedback.ratingCount', { rating: b.rating, count: b.count })}</span>
                <span aria-hidden="true">{formatNumber(b.count)}</span>
              </li>
            ))}
        </ul>
      ) : null}
      {s.answers.length > 0 ? (
        <ul class="list feedback-answers" aria-label={t('feedback.answersList')}>
          {s.answers.map((a) => (
            <li key={a.memberId} class="card">
              <div class="spread">
                <strong>{a.name}</strong>
                <time class="hint" dateTime={new Date(a.answeredAt).toISOString()}>
                  {formatDate(a.answeredAt)}
                </time>
              </div>
              {a.rating !== null ? <p>{t('feedback.ratedValue', { rating: a.rating })}</p> : null}
              {a.text ? <p class="feedback-text">{a.text}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div class="row">
        <button type="button" class="btn" onClick={() => void props.onExport().then(setExportError)}>
          {t('feedback.export')}
        </button>
      </div>
      <ErrorLine error={exportError} />
    </div>
  );
}
