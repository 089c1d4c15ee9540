import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_POLL_OPTION, MAX_POLL_OPTIONS, MAX_QUESTION } from '../../protocol/limits';
import { inputValueAt, localInstant } from '../meetings/when';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

export interface PollDraft {
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  closesAt: number | null;
}

/** "New poll": a question, two or more options, single or multiple choice, anonymous or not, and an optional closing time. */
export function NewPoll(props: { zone: string; now: number; onCreate(draft: PollDraft): Promise<NookError | null>; onCancel(): void }) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [multiple, setMultiple] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [closes, setCloses] = useState('');
  const [problems, setProblems] = useState<{ question?: string; options?: string; closes?: string }>({});
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const added = useRef<HTMLInputElement>(null);
  const [grew, setGrew] = useState(false);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    if (grew) added.current?.focus();
  }, [options.length]);

  async function create(e: Event) {
    e.preventDefault();
    const given = options.map((o) => o.trim()).filter(Boolean);
    const closesAt = closes ? localInstant(closes, props.zone) : null;
    const found = {
      question: question.trim() ? undefined : t('polls.needQuestion'),
      options: given.length < 2 || new Set(given).size !== given.length ? t('polls.needOptions') : undefined,
      closes: closes && (closesAt === null || closesAt <= props.now) ? t('polls.pastClose') : undefined,
    };
    setProblems(found);
    if (found.question || found.options || found.closes) return;
    setBusy(true);
    const err = await props.onCreate({ question: question.trim(), options: given, multiple, anonymous, closesAt });
    setBusy(false);
    setError(err);
  }

  return (
    <form class="card stack new-poll" onSubmit={create} noValidate>
      <Field label={t('polls.question')} error={problems.question}>
        {(c) => <input {...c} ref={first} class="input" value={question} maxLength={MAX_QUESTION} onInput={(e) => setQuestion(e.currentTarget.value)} />}
      </Field>
      {options.map((o, i) => (
        <Field key={i} label={t('polls.option', { n: i + 1 })} error={i === options.length - 1 ? problems.options : undefined}>
          {(c) => (
            <input
              {...c}
              ref={i === options.length - 1 ? added : undefined}
              class="input"
              value={o}
              maxLength={MAX_POLL_OPTION}
              onInput={(e) => {
                const v = e.currentTarget.value;
                setOptions((all) => all.map((x, j) => (j === i ? v : x)));
              }}
            />
          )}
        </Field>
      ))}
      {options.length < MAX_POLL_OPTIONS ? (
        <div class="row">
          <button type="button" class="btn" onClick={() => (setGrew(true), setOptions((all) => [...all, '']))}>
            {t('polls.addOption')}
          </button>
        </div>
      ) : null}
      <label class="choice">
        <input type="checkbox" checked={multiple} onChange={(e) => setMultiple(e.currentTarget.checked)} />
        {t('polls.multiple')}
      </label>
      <label class="choice">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
        {t('polls.anonymous')}
      </label>
      {anonymous ? <p class="hint">{t('polls.anonymousHint')}</p> : null}
      <Field label={t('polls.closesAt')} hint={t('meetings.zoneHint', { zone: props.zone })} error={problems.closes}>
        {(c) => <input {...c} class="input" type="datetime-local" value={closes} min={inputValueAt(props.now, props.zone)} onInput={(e) => setCloses(e.currentTarget.value)} />}
      </Field>
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy}>
          {t('polls.create')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
