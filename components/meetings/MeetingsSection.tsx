import { useEffect, useMemo } from 'preact/hooks';
import { createRecordsModel } from '../../models/records';
import { useNow } from '../discussion/useNow';
import type { HostedGroupProps } from '../groups/HostedGroup';
import { Meetings } from './Meetings';
import { localZone } from './when';
import './meetings.css';

/** The Meetings section of a hosted group (sidebar, panel, console): the group's meetings and intros (for zones), live. */
export function MeetingsSection(props: HostedGroupProps) {
  const model = useMemo(() => createRecordsModel(props.transport, props.group.id, ['meeting', 'intro'] as const), [props.transport, props.group.id]);
  useEffect(() => () => model.dispose(), [model]);
  const now = useNow();
  return (
    <Meetings
      meetings={model.records.meeting.value}
      intros={model.records.intro.value}
      members={props.members}
      memberId={props.memberId}
      zone={localZone()}
      now={now}
      onWrite={model.write}
      onIcs={(id) => model.meetingIcs(id)}
      shown={props.opening?.section === 'meetings' && props.opening.itemId ? { id: props.opening.itemId, n: props.opening.n } : null}
    />
  );
}
