import { useId, useState } from 'preact/hooks';
import { errorText, formatDate, t } from '../../i18n/index';
import type { Attempted } from '../../models/attempt';
import type { NookError } from '../../protocol/errors';
import type { FeedbackSummary } from '../../protocol/feedback';
import type { RecordItem, Role } from '../../sync/types';
import type { Loadable } from '../discussion/types';
import { ErrorLine } from '../ui/ErrorLine';
import { AnswerFeedback, type Answer } from './AnswerFeedback';
import { AskFeedback, type AskValues } from './AskFeedback';
import { feedbackOpen, seesAnswers } from './feedback';
import { FeedbackResults } from './FeedbackResults';

export type FeedbackRow = Extract<RecordItem, { kind: 'feedback' }>;

export interface FeedbackProps {
  state: Loadable<FeedbackRow[]>;
  memberId: string | null;
  role: Role;
  /** Member id -> name, for "Asked by". */
  names: ReadonlyMap<string, string>;
  now: number;
  /** Writes of this member wait in the outbox (an answer not yet with the hub). */
  outboxBusy: boolean;
  onAsk(values: AskValues): Promise<NookError | null>;
  onAnswer(feedbackId: string, answer: Answer): Promise<NookError | null>;
  onClose(feedbackId: string): Promise<NookError | null>;
  onDiscard(feedbackId: string): Promise<NookError | null>;
  loadSummary(feedbackId: string): Promise<Attempted<FeedbackSummary>>;
  onExport(row: FeedbackRow): Promise<NookError | null>;
}

function FeedbackCard(props: Omit<FeedbackProps, 'state' | 'onAsk'> & { row: FeedbackRow }) {
  const { row } = props;
  const f = row.data;
  const heading = useId();
  const [answered, setAnswered] = useState(false);
  const [closeError, setCloseError] = useState<NookError | null>(null);
  const open = feedbackOpen(f, props.now);
  const asker = props.memberId !== null && f.askedBy === props.memberId;
  const sent = row.delivery === 'sent';
  return (
    <li class="card stack feedback" aria-labelledby={heading}>
      <div class="spread">
        <h4 id={heading}>{f.question}</h4>
        {!open ? <span class="pill">{t('feedback.closed')}</span> : null}
      </div>
      <p class="hint">
        {t('feedback.askedBy', { name: props.names.get(f.askedBy) ?? '?' })}
        {' · '}
        {t('feedback.answerCount', { count: f.answers })}
        {open && f.closesAt !== null ? ` · ${t('feedback.closesOn', { time: formatDate(f.closesAt) })}` : null}
      </p>
      {row.delivery === 'pending' ? <span class="status">{t('discussion.sending')}</span> : null}
      {row.delivery === 'failed' ? (
        <div class="row">
          <p class="error" role="alert">
            {row.error ? t('discussion.failed', { reason: errorText(row.error) }) : t('discussion.failedNoReason')}
          </p>
          <button type="button" class="btn danger" onClick={() => void props.onDiscard(f.id)}>
            {t('discussion.discard')}
          </button>
        </div>
      ) : null}
      {sent && !asker ? (
        <AnswerFeedback
          request={f}
          mine={row.myAnswer ?? null}
          open={open}
          sending={answered && props.outboxBusy}
          error={row.error}
          onAnswer={(a) => {
            setAnswered(true);
            return props.onAnswer(f.id, a);
          }}
        />
      ) : null}
      {sent && seesAnswers(f, props.memberId, props.role) ? (
        <FeedbackResults feedbackId={f.id} version={row} load={props.loadSummary} onExport={() => props.onExport(row)} />
      ) : null}
      {sent && asker && open ? (
        <div class="row">
          <button type="button" class="btn" onClick={() => void props.onClose(f.id).then(setCloseError)}>
            {t('feedback.close')}
          </button>
        </div>
      ) : null}
      {/* A refused close keeps the request as the hub holds it, with the reason here. */}
      {sent && asker ? <ErrorLine error={closeError ?? row.error} /> : null}
    </li>
  );
}

/** A group's feedback requests, latest first: owners and moderators ask; members answer; who asked reads the answers. */
export function Feedback(props: FeedbackProps) {
  const heading = useId();
  const { state } = props;
  const rows = [...(state.value ?? [])].sort((a, b) => b.data.createdAt - a.data.createdAt);
  return (
    <section class="stack feedback-section" aria-labelledby={heading}>
      <h3 id={heading}>{t('group.feedback')}</h3>
      {props.role !== 'member' ? <AskFeedback onAsk={props.onAsk} /> : null}
      {state.status === 'error' ? (
        <ErrorLine error={state.error} />
      ) : state.value === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : rows.length === 0 ? (
        <p class="empty">{t('feedback.none')}</p>
      ) : (
        <ul class="list" aria-labelledby={heading}>
          {rows.map((row) => (
            <FeedbackCard key={row.id} row={row} {...props} />
          ))}
        </ul>
      )}
    </section>
  );
}
