import { useId } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { Board, BoardCheckIn, BoardGoal, BoardRow } from './board';
import { dayLong, dayShort, formatLocalDate } from './format';
import { streakText } from './MyGoals';

export interface WeekBoardProps {
  board: Board;
  onCheer(checkInId: string, on: boolean): void;
  onWeek(offset: number): void;
  offset: number;
}

/** A done day: others' check-ins are cheer buttons (pressed when the viewer cheered), the viewer's own show their cheers. */
function Done(props: { c: BoardCheckIn; name: string; label: string; onCheer(checkInId: string, on: boolean): void }) {
  const { c } = props;
  const count = c.checkIn.cheers.length;
  const cheers = (
    <>
      <span class="sr-only">{t('goals.cheers', { count })}</span>
      {count > 0 ? (
        <span class="cheer-count" aria-hidden="true">
          {'👏'}
          {count}
        </span>
      ) : null}
    </>
  );
  const title = c.checkIn.note || undefined;
  if (c.mine) {
    return (
      <span class="day done" title={title}>
        <span class="sr-only">{t('goals.dayDone', { day: props.label })}</span>
        <span aria-hidden="true">{'✓'}</span>
        {cheers}
      </span>
    );
  }
  return (
    <button type="button" class="day done cheer" aria-pressed={c.cheered} title={title} onClick={() => props.onCheer(c.checkIn.id, !c.cheered)}>
      <span class="sr-only">{t('goals.cheerNamed', { name: props.name, day: props.label })}</span>
      <span aria-hidden="true">{'✓'}</span>
      {cheers}
    </button>
  );
}

function GoalCell(props: { g: BoardGoal; name: string; onCheer(checkInId: string, on: boolean): void }) {
  const { g } = props;
  const notes = g.checkIns.filter((c) => c.checkIn.note);
  return (
    <li class="board-goal">
      <div class="spread">
        <span>
          {g.goal.title}
          {g.delivery === 'pending' ? <span class="muted"> · {t('discussion.sending')}</span> : null}
        </span>
        <span class="muted streak">{streakText(g.goal.cadence, g.streak)}</span>
      </div>
      {g.goal.cadence === 'daily' ? (
        <ol class="days" aria-label={t('goals.daysOf', { title: g.goal.title })}>
          {g.days.map((d) => (
            <li key={d.date}>
              <span class="day-label" aria-hidden="true">
                {dayShort(d.date)}
              </span>
              {d.checkIn ? (
                <Done c={d.checkIn} name={props.name} label={dayLong(d.date)} onCheer={props.onCheer} />
              ) : (
                <span class="day">
                  <span class="sr-only">{t('goals.dayMissed', { day: dayLong(d.date) })}</span>
                  <span aria-hidden="true">{'·'}</span>
                </span>
              )}
            </li>
          ))}
        </ol>
      ) : g.checkIns[0] ? (
        <div class="row week-done">
          <span>{t('goals.weekDone', { day: dayLong(g.checkIns[0].checkIn.localDate) })}</span>
          <Done c={g.checkIns[0]} name={props.name} label={dayLong(g.checkIns[0].checkIn.localDate)} onCheer={props.onCheer} />
        </div>
      ) : (
        <p class="muted">{t('goals.weekMissed')}</p>
      )}
      {notes.length > 0 ? (
        <ul class="list board-notes">
          {notes.map((c) => (
            <li key={c.checkIn.id} class="hint">
              {dayShort(c.checkIn.localDate)}: {c.checkIn.note}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function Row(props: { row: BoardRow; onCheer(checkInId: string, on: boolean): void }) {
  const { member, goals } = props.row;
  return (
    <tr>
      <th scope="row">
        {member.name}
        {member.self ? <span class="muted"> {t('members.you')}</span> : null}
      </th>
      <td>
        {goals.length === 0 ? (
          <span class="muted">{t('goals.noGoals')}</span>
        ) : (
          <ul class="list stack">
            {goals.map((g) => (
              <GoalCell key={g.goal.id} g={g} name={member.name} onCheer={props.onCheer} />
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/** The week's board: a row per member, their goals, the days they checked in, and cheers. */
export function WeekBoard(props: WeekBoardProps) {
  const { board } = props;
  const headingId = useId();
  return (
    <section class="stack" aria-labelledby={headingId}>
      <div class="spread">
        <h3 id={headingId}>{t('goals.weekOf', { start: formatLocalDate(board.weekStart), end: formatLocalDate(board.weekEnd) })}</h3>
        <div class="row">
          <button type="button" class="btn link" onClick={() => props.onWeek(props.offset - 1)}>
            {t('goals.prevWeek')}
          </button>
          {props.offset !== 0 ? (
            <button type="button" class="btn link" onClick={() => props.onWeek(0)}>
              {t('goals.thisWeek')}
            </button>
          ) : null}
          <button type="button" class="btn link" onClick={() => props.onWeek(props.offset + 1)} disabled={props.offset >= 0}>
            {t('goals.nextWeek')}
          </button>
        </div>
      </div>
      <table class="board" aria-label={t('goals.board')}>
        <thead>
          <tr>
            <th scope="col">{t('goals.member')}</th>
            <th scope="col">{t('goals.goals')}</th>
          </tr>
        </thead>
        <tbody>
          {board.rows.map((r) => (
            <Row key={r.member.id} row={r} onCheer={props.onCheer} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
