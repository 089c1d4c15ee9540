import { useEffect, useId, useState } from 'preact/hooks';
import { formatDate, formatNumber, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { RecordItem } from '../../sync/types';
import { ErrorLine } from '../ui/ErrorLine';
import { RecordStatus } from '../ui/RecordStatus';
import type { PollState } from './tally';

type PollRow = Extract<RecordItem, { kind: 'poll' }>;

function Results(props: { state: PollState; label: string }) {
  return (
    <ul class="list poll-results" aria-label={props.label}>
      {props.state.results.map((r) => (
        <li key={r.index} class={r.mine ? 'poll-result mine' : 'poll-result'}>
          <div class="spread">
            <span>{r.text}</span>
            <span class="muted">
              {t('polls.votes', { count: r.votes })} · {formatNumber(r.share, { style: 'percent' })}
            </span>
          </div>
          <span class="poll-bar" aria-hidden="true">
            <span style={{ inlineSize: `${Math.round(r.share * 100)}%` }} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One poll: its options to vote on while it is open (changeable unless anonymous), and its results, live. */
export function PollCard(props: {
  row: PollRow;
  state: PollState;
  creatorName: string;
  onVote(choices: number[]): Promise<NookError | null>;
  onClose(): Promise<NookError | null>;
  onDiscard(): void;
}) {
  const { row, state } = props;
  const p = row.data;
  const headingId = useId();
  const finalId = useId();
  const [picked, setPicked] = useState<number[]>(state.mine ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  // The vote shown follows the one the hub (or another device of the member's) holds.
  const mineKey = state.mine?.join() ?? '';
  useEffect(() => setPicked(state.mine ?? []), [mineKey]);
  const sent = row.delivery === 'sent';
  const key = (a: readonly number[] | null) => [...(a ?? [])].sort((x, y) => x - y).join();
  const changed = key(state.mine) !== key(picked);
  const run = async (action: Promise<NookError | null>) => {
    setBusy(true);
    setError(await action);
    setBusy(false);
  };
  const toggle = (i: number, on: boolean) => setPicked((all) => (p.multiple ? (on ? [...all, i] : all.filter((x) => x !== i)) : [i]));
  return (
    <article class="card stack poll" aria-labelledby={headingId}>
      <div class="spread">
        <h4 id={headingId}>{p.question}</h4>
        <span class="row">
          {p.multiple ? <span class="pill">{t('polls.multiple')}</span> : null}
          {p.anonymous ? <span class="pill">{t('polls.anonymous')}</span> : null}
          {!state.open ? <span class="pill">{t('polls.closed')}</span> : null}
        </span>
      </div>
      <p class="muted">
        {t('polls.by', { name: props.creatorName })}
        {state.open && p.closesAt !== null ? ` · ${t('polls.closes', { at: formatDate(p.closesAt) })}` : null}
        {p.closedAt !== null || (p.closesAt !== null && !state.open) ? ` · ${t('polls.closedAt', { at: formatDate(p.closedAt ?? p.closesAt!) })}` : null}
      </p>
      <RecordStatus delivery={row.delivery} error={row.error} onDiscard={props.onDiscard} />
      {state.canVote ? (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (picked.length > 0) void run(props.onVote([...picked].sort((a, b) => a - b)));
          }}
        >
          <fieldset class="choices">
            <legend class="sr-only">{p.question}</legend>
            {p.options.map((o, i) => (
              <label key={i} class="choice">
                <input
                  type={p.multiple ? 'checkbox' : 'radio'}
                  name={`poll-${p.id}`}
                  checked={picked.includes(i)}
                  onChange={(e) => toggle(i, e.currentTarget.checked)}
                />
                {o}
              </label>
            ))}
          </fieldset>
          {p.anonymous ? (
            <p class="hint" id={finalId}>
              {t('polls.anonymousFinal')}
            </p>
          ) : null}
          <div class="row">
            <button type="submit" class="btn primary" disabled={busy || !sent || picked.length === 0 || !changed} aria-describedby={p.anonymous ? finalId : undefined}>
              {t('polls.vote')}
            </button>
            {state.pending ? <span class="status">{t('discussion.sending')}</span> : state.mine && !p.anonymous ? <span class="status">{t('polls.changeable')}</span> : null}
          </div>
        </form>
      ) : state.final ? (
        <p class="status">{t('polls.votedFinal')}</p>
      ) : null}
      <Results state={state} label={t('polls.results')} />
      <p class="muted">{t('polls.voters', { count: state.voters })}</p>
      {state.mayClose && state.open && sent ? (
        <div class="row">
          <button type="button" class="btn" disabled={busy} onClick={() => void run(props.onClose())}>
            {t('polls.close')}
          </button>
        </div>
      ) : null}
      <ErrorLine error={error} />
    </article>
  );
}
