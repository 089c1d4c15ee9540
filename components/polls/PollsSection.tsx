import { useEffect, useMemo } from 'preact/hooks';
import { createRecordsModel } from '../../models/records';
import { useNow } from '../discussion/useNow';
import type { HostedGroupProps } from '../groups/HostedGroup';
import { localZone } from '../meetings/when';
import { Polls } from './Polls';
import './polls.css';

/** The Polls section of a hosted group (sidebar, panel, console): the group's polls, live. */
export function PollsSection(props: HostedGroupProps) {
  const model = useMemo(() => createRecordsModel(props.transport, props.group.id, ['poll'] as const), [props.transport, props.group.id]);
  useEffect(() => () => model.dispose(), [model]);
  // Every few seconds while open: a poll's closing time takes effect without a reload.
  const now = useNow(5000);
  return <Polls polls={model.records.poll.value} members={props.members} memberId={props.memberId} role={props.role} zone={localZone()} now={now} onWrite={model.write} />;
}
