import { useEffect, useRef, useState } from 'preact/hooks';
import { formatNumber, locale, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { CandidateTime } from '../../protocol/meetings';
import { localDateAt } from '../../protocol/rules/dates';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import { describeTime } from './grid';
import { dateValue, inputValueAt, localInstant } from './when';

const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240];

/**
 * "Propose a meeting": a title and candidate times, each timed (read in the member's own
 * zone, kept as a UTC instant) with a duration, or all-day (dates, the same for everyone).
 */
export function ProposeMeeting(props: { zone: string; now: number; onPropose(title: string, times: CandidateTime[]): Promise<NookError | null>; onCancel(): void }) {
  const [title, setTitle] = useState('');
  const [allDay, setAllDay] = useState(false);
  const [value, setValue] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [days, setDays] = useState(1);
  const [times, setTimes] = useState<CandidateTime[]>([]);
  const [titleError, setTitleError] = useState<string | null>(null);
  const [timeError, setTimeError] = useState<string | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  /** The time in the field, or why it cannot be one. */
  function read(): CandidateTime | string {
    if (allDay) {
      const date = dateValue(value);
      if (!date) return t('meetings.badDate');
      if (date < localDateAt(props.now, props.zone)) return t('meetings.pastTime');
      return { kind: 'day', date, days };
    }
    const start = localInstant(value, props.zone);
    if (start === null) return t('meetings.badTime');
    if (start <= props.now) return t('meetings.pastTime');
    return { kind: 'timed', start, minutes };
  }

  const same = (a: CandidateTime, b: CandidateTime) => JSON.stringify(a) === JSON.stringify(b);
  function add(): CandidateTime[] | null {
    const time = read();
    if (typeof time === 'string') {
      setTimeError(time);
      return null;
    }
    const next = times.some((x) => same(x, time)) ? times : [...times, time];
    setTimes(next);
    setValue('');
    setTimeError(null);
    return next;
  }

  async function propose(e: Event) {
    e.preventDefault();
    const all = value.trim() ? add() : times;
    if (!all) return;
    const missingTitle = !title.trim();
    setTitleError(missingTitle ? t('meetings.needTitle') : null);
    if (all.length === 0) setTimeError(t('meetings.needTime'));
    if (missingTitle || all.length === 0) return;
    setBusy(true);
    const err = await props.onPropose(title.trim(), all);
    setBusy(false);
    setError(err);
  }

  return (
    <form class="card stack propose-meeting" onSubmit={propose} noValidate>
      <Field label={t('meetings.title')} error={titleError}>
        {(c) => <input {...c} ref={titleRef} class="input" value={title} maxLength={200} onInput={(e) => setTitle(e.currentTarget.value)} />}
      </Field>
      <label class="choice">
        <input type="checkbox" checked={allDay} onChange={(e) => (setAllDay(e.currentTarget.checked), setValue(''), setTimeError(null))} />
        {t('meetings.allDay')}
      </label>
      <Field label={t('meetings.candidate')} hint={allDay ? t('meetings.allDayHint') : t('meetings.zoneHint', { zone: props.zone })} error={timeError}>
        {(c) => (
          <input
            {...c}
            class="input"
            type={allDay ? 'date' : 'datetime-local'}
            value={value}
            min={allDay ? localDateAt(props.now, props.zone) : inputValueAt(props.now, props.zone)}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        )}
      </Field>
      {allDay ? (
        <Field label={t('meetings.days')}>
          {(c) => <input {...c} class="input" type="number" min={1} max={14} value={days} onInput={(e) => setDays(Math.min(14, Math.max(1, Number(e.currentTarget.value) || 1)))} />}
        </Field>
      ) : (
        <Field label={t('meetings.duration')}>
          {(c) => (
            <select {...c} class="input" value={String(minutes)} onChange={(e) => setMinutes(Number(e.currentTarget.value))}>
              {DURATIONS.map((m) => (
                <option key={m} value={String(m)}>
                  {formatNumber(m, { style: 'unit', unit: 'minute', unitDisplay: 'long' })}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <div class="row">
        <button type="button" class="btn" onClick={() => void add()}>
          {t('meetings.addTime')}
        </button>
      </div>
      {times.length > 0 ? (
        <ul class="list" aria-label={t('meetings.times')}>
          {times.map((time, i) => {
            const { when, allDay: whole } = describeTime(time, props.zone, locale.value);
            const label = whole ? t('meetings.allDayWhen', { when }) : when;
            return (
              <li key={i} class="spread">
                <span>{label}</span>
                <button type="button" class="btn link danger" aria-label={t('meetings.removeTime', { when: label })} onClick={() => setTimes(times.filter((_, j) => j !== i))}>
                  {t('members.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy}>
          {t('meetings.submit')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
