import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { Availability } from '../../protocol/meetings';
import type { Attempted } from '../../models/attempt';
import type { RecordItem } from '../../sync/types';
import { useBringIntoView } from '../ui/bring-into-view';
import { ErrorLine } from '../ui/ErrorLine';
import { RecordStatus } from '../ui/RecordStatus';
import { answersWith, type GridTime, type MeetingGrid } from './grid';

type MeetingRow = Extract<RecordItem, { kind: 'meeting' }>;

const CHOICES: { value: Availability; label: () => string }[] = [
  { value: 'yes', label: () => t('meetings.yes') },
  { value: 'maybe', label: () => t('meetings.maybe') },
  { value: 'no', label: () => t('meetings.no') },
];

export const timeLabel = (time: Pick<GridTime, 'allDay' | 'when'>) => (time.allDay ? t('meetings.allDayWhen', { when: time.when }) : time.when);

/** A file name for the meeting's calendar file: its title, without what file systems refuse. */
const fileName = (title: string) => `${title.replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'meeting'}.ics`;

/**
 * "Add to calendar": the hub's .ics for the confirmed time, as a file the browser downloads.
 * Fetched again whenever the confirmed time or its SEQUENCE changes, so a moved meeting
 * gives the updated file.
 */
function CalendarLink(props: { title: string; confirmed: number; sequence: number; onIcs(): Promise<Attempted<string>> }) {
  const [href, setHref] = useState<string | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let gone = false;
    setHref(null);
    void props.onIcs().then((r) => {
      if (gone) return;
      if (!r.ok) return setError(r.error);
      setError(null);
      url = URL.createObjectURL(new Blob([r.value], { type: 'text/calendar;charset=utf-8' }));
      setHref(url);
    });
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [props.confirmed, props.sequence]);
  if (error) return <ErrorLine error={error} />;
  return href ? (
    <a class="btn" href={href} download={fileName(props.title)} data-sequence={props.sequence}>
      {t('meetings.calendar')}
    </a>
  ) : (
    <span class="status">{t('common.loading')}</span>
  );
}

function TimeRow(props: {
  meetingId: string;
  time: GridTime;
  isOrganiser: boolean;
  confirmable: boolean;
  onAnswer(answer: Availability): void;
  onConfirm(): void;
}) {
  const { time } = props;
  const id = useId();
  const label = timeLabel(time);
  return (
    <li class={`card meeting-time${time.best ? ' best' : ''}${time.confirmed ? ' confirmed' : ''}`}>
      <div class="spread">
        <strong id={id}>{label}</strong>
        <span class="row">
          {time.best ? <span class="pill best-pill">{t('meetings.best')}</span> : null}
          {time.confirmed ? <span class="pill">{t('meetings.confirmed')}</span> : null}
        </span>
      </div>
      <div role="radiogroup" aria-label={label} class="row answer-choices">
        {CHOICES.map((c) => (
          <label key={c.value} class="choice">
            <input
              type="radio"
              name={`${props.meetingId}-${time.index}`}
              value={c.value}
              checked={time.mine === c.value}
              onChange={() => props.onAnswer(c.value)}
            />
            {c.label()}
          </label>
        ))}
      </div>
      <p class="muted">
        {t('meetings.counts', { yes: time.yes, maybe: time.maybe, no: time.no })} · {t('meetings.night', { count: time.night })}
      </p>
      {props.isOrganiser && props.confirmable && !time.confirmed && !time.past ? (
        <div class="row">
          <button type="button" class="btn" aria-describedby={id} onClick={props.onConfirm}>
            {t('meetings.confirm')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** One meeting: its times in the viewer's zone, their answers and night counts, the best so far; the organiser confirms. */
export function MeetingCard(props: {
  row: MeetingRow;
  grid: MeetingGrid;
  organiserName: string;
  isOrganiser: boolean;
  onAnswer(answers: Availability[]): Promise<NookError | null>;
  onConfirm(time: number): Promise<NookError | null>;
  onDiscard(): void;
  onIcs(): Promise<Attempted<string>>;
  /** Set (a new number each time) when the member was taken to this meeting: it comes into view and takes the focus. */
  shown?: number | null;
}) {
  const { row, grid } = props;
  const card = useRef<HTMLElement>(null);
  useBringIntoView(card, props.shown);
  const m = row.data;
  const headingId = useId();
  const [error, setError] = useState<NookError | null>(null);
  const sent = row.delivery === 'sent';
  const confirmed = m.confirmed === null ? null : grid.times[m.confirmed];
  const run = async (p: Promise<NookError | null>) => setError(await p);
  return (
    <article ref={card} tabIndex={-1} class={props.shown != null ? 'card stack meeting shown' : 'card stack meeting'} aria-labelledby={headingId}>
      <div class="spread">
        <h4 id={headingId}>{m.title}</h4>
        <span class="muted">{t('meetings.by', { name: props.organiserName })}</span>
      </div>
      <RecordStatus delivery={row.delivery} error={row.error} onDiscard={props.onDiscard} />
      {confirmed ? (
        <div class="row meeting-confirmed">
          <span>{t('meetings.confirmedWhen', { when: timeLabel(confirmed) })}</span>
          <CalendarLink title={m.title} confirmed={m.confirmed!} sequence={m.sequence} onIcs={props.onIcs} />
        </div>
      ) : null}
      <ul class="list meeting-times">
        {grid.times.map((time) => (
          <TimeRow
            key={time.index}
            meetingId={m.id}
            time={time}
            isOrganiser={props.isOrganiser}
            confirmable={sent}
            onAnswer={(a) => void run(props.onAnswer(answersWith(grid, time.index, a)))}
            onConfirm={() => void run(props.onConfirm(time.index))}
          />
        ))}
      </ul>
      <p class="hint" aria-live="polite">
        {grid.pending ? t('discussion.sending') : grid.times.some((x) => x.mine === null) ? t('meetings.unansweredAsNo') : ''}
      </p>
      {grid.unzoned > 0 ? <p class="hint">{t('meetings.unzoned', { count: grid.unzoned })}</p> : null}
      <ErrorLine error={error} />
    </article>
  );
}
