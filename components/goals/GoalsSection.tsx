import { useEffect, useMemo, useState } from 'preact/hooks';
import { locale, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { localDateAt } from '../../protocol/rules/dates';
import { createRecordsModel } from '../../models/records';
import { useNow } from '../discussion/useNow';
import type { HostedGroupProps } from '../groups/HostedGroup';
import { ErrorLine } from '../ui/ErrorLine';
import { deriveBoard, myGoals } from './board';
import { GoalForm, type NewGoal } from './GoalForm';
import { MyGoals } from './MyGoals';
import { WeekBoard } from './WeekBoard';
import './goals.css';

/**
 * Where the member is and how their week runs: the browser's zone and locale (its region
 * decides the first day of the week: Sunday in en-US, Monday in en-GB), read at each render
 * so a member who travels sees their new days without reloading.
 */
export function viewerCalendar(): { zone: string; locale: string } {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const tag = typeof navigator !== 'undefined' && navigator.language ? navigator.language : locale.value;
  return { zone, locale: tag };
}

/** A hosted group's Goals section: share a goal, check in, and the week's board with cheers. Loaded when first opened. */
export function GoalsSection(props: HostedGroupProps) {
  const model = useMemo(() => createRecordsModel(props.transport, props.group.id, ['goal', 'checkin'] as const), [props.transport, props.group.id]);
  useEffect(() => () => model.dispose(), [model]);
  const now = useNow();
  const [offset, setOffset] = useState(0);
  const [cheerError, setCheerError] = useState<NookError | null>(null);
  const { zone, locale: tag } = viewerCalendar();
  const rule = { locale: tag };

  const goals = model.records.goal.value;
  const checkIns = model.records.checkin.value;
  const failed = goals.error ?? checkIns.error;
  if (failed) return <ErrorLine error={failed} />;
  if (!goals.value || !checkIns.value) return <p class="muted">{t('common.loading')}</p>;

  const input = { members: props.members, goals: goals.value, checkIns: checkIns.value, viewerId: props.memberId, now, zone, rule, offset };
  const board = deriveBoard(input);
  const mine = myGoals(input);

  const share = (g: NewGoal) => model.write({ do: 'goal.create', ...g });
  const checkIn = (goalId: string, note: string) => model.write({ do: 'checkin', goalId, note, timeZone: zone, locale: tag });
  const cheer = async (checkInId: string, on: boolean) => setCheerError(await model.write({ do: 'cheer', checkInId, on }));
  const discard = (kind: 'goal' | 'checkin', id: string) => void model.write({ do: 'discard', kind, id });

  return (
    <div class="stack goals">
      {props.memberId ? <GoalForm today={localDateAt(now, zone)} onShare={share} /> : null}
      {props.memberId ? <MyGoals goals={mine} onCheckIn={checkIn} onDiscard={discard} /> : null}
      <ErrorLine error={cheerError} />
      <WeekBoard board={board} offset={offset} onWeek={setOffset} onCheer={(id, on) => void cheer(id, on)} />
    </div>
  );
}
