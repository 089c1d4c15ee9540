import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_CHECKIN_NOTE } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import type { MyGoal } from './board';
import { formatLocalDate } from './format';

export const streakText = (cadence: 'daily' | 'weekly', n: number) => t(cadence === 'daily' ? 'goals.streakDaily' : 'goals.streakWeekly', { count: n });

/** A write of the member's that the hub has not taken yet, or refused (with Discard). */
export function Delivery(props: { delivery: 'sent' | 'pending' | 'failed'; error: { code: string; message: string } | null; onDiscard(): void }) {
  if (props.delivery === 'pending') return <span class="status">{t('discussion.sending')}</span>;
  if (props.delivery !== 'failed') return null;
  return (
    <div class="row">
      <ErrorLine error={props.error ?? { code: 'unexpected', message: '' }} />
      <button type="button" class="btn link" onClick={props.onDiscard}>
        {t('discussion.discard')}
      </button>
    </div>
  );
}

function GoalItem(props: { item: MyGoal; onCheckIn(goalId: string, note: string): Promise<NookError | null>; onDiscard(kind: 'goal' | 'checkin', id: string): void }) {
  const { goal, streak, done, refused, ended, delivery, error } = props.item;
  const [note, setNote] = useState('');
  const [refusal, setRefusal] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const checkIn = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await props.onCheckIn(goal.id, note);
    setBusy(false);
    setRefusal(r);
    if (!r) setNote('');
  };
  return (
    <li class="card stack goal" aria-labelledby={titleId}>
      <div class="spread">
        <strong id={titleId}>{goal.title}</strong>
        <span class="pill">{goal.cadence === 'daily' ? t('goals.daily') : t('goals.weekly')}</span>
      </div>
      <p class="goal-meta">
        <span class="streak">{streakText(goal.cadence, streak)}</span>
        {goal.endDate ? <span class="muted">{ended ? t('goals.ended', { date: formatLocalDate(goal.endDate) }) : t('goals.until', { date: formatLocalDate(goal.endDate) })}</span> : null}
      </p>
      <Delivery delivery={delivery} error={error} onDiscard={() => props.onDiscard('goal', goal.id)} />
      {ended || delivery === 'failed' ? null : done ? (
        <p class="status ok">
          {goal.cadence === 'daily' ? t('goals.doneToday') : t('goals.doneWeek')}
          {done.data.note ? <span class="muted"> · {done.data.note}</span> : null}
          {done.data.cheers.length > 0 ? <span class="muted"> · {t('goals.cheers', { count: done.data.cheers.length })}</span> : null}
          {done.delivery === 'pending' ? <span class="muted"> · {t('discussion.sending')}</span> : null}
        </p>
      ) : (
        <form class="stack" onSubmit={(e) => void checkIn(e)}>
          <Field label={t('goals.note')} error={refusal}>
            {(c) => <input {...c} class="input" maxLength={MAX_CHECKIN_NOTE} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
          </Field>
          <div class="row">
            <button type="submit" class="btn primary" disabled={busy}>
              {t('goals.checkIn')}
            </button>
          </div>
        </form>
      )}
      {refused ? <Delivery delivery="failed" error={refused.error} onDiscard={() => props.onDiscard('checkin', refused.data.id)} /> : null}
    </li>
  );
}

/** The member's own goals: each with its streak and, until done for today (or this week), "Check in". */
export function MyGoals(props: { goals: readonly MyGoal[]; onCheckIn(goalId: string, note: string): Promise<NookError | null>; onDiscard(kind: 'goal' | 'checkin', id: string): void }) {
  const headingId = useId();
  return (
    <section class="stack" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('goals.mine')}</h3>
      {props.goals.length === 0 ? (
        <p class="empty">{t('goals.noneMine')}</p>
      ) : (
        <ul class="list stack" aria-labelledby={headingId}>
          {props.goals.map((g) => (
            <GoalItem key={g.goal.id} item={g} onCheckIn={props.onCheckIn} onDiscard={props.onDiscard} />
          ))}
        </ul>
      )}
    </section>
  );
}
