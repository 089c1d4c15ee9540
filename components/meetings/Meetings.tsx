import { useId, useState } from 'preact/hooks';
import { locale, t } from '../../i18n/index';
import type { LiveState } from '../../messaging/transport';
import type { Attempted } from '../../models/attempt';
import type { NookError } from '../../protocol/errors';
import type { MemberItem, RecordItem } from '../../sync/types';
import type { CommunityWrite } from '../../sync/writes/community';
import { useFocusReturn } from '../discussion/InlineConfirm';
import { ErrorLine } from '../ui/ErrorLine';
import { meetingGrid } from './grid';
import { MeetingCard } from './MeetingCard';
import { ProposeMeeting } from './ProposeMeeting';

type MeetingRow = Extract<RecordItem, { kind: 'meeting' }>;
type IntroRow = Extract<RecordItem, { kind: 'intro' }>;

export interface MeetingsProps {
  meetings: LiveState<MeetingRow[]>;
  intros: LiveState<IntroRow[]>;
  members: readonly MemberItem[];
  memberId: string | null;
  /** The viewer's zone (the browser's): where their times are shown and their fields read. */
  zone: string;
  now: number;
  onWrite(write: CommunityWrite): Promise<NookError | null>;
  onIcs(meetingId: string): Promise<Attempted<string>>;
  /** The meeting the member was taken to (a reminder's click): brought into view and focused once it is listed. */
  shown?: { id: string; n: number } | null;
}

/** A group's meetings: propose one with candidate times, answer each time, see the best so far, confirm, add to a calendar. */
export function Meetings(props: MeetingsProps) {
  const headingId = useId();
  const [proposing, setProposing] = useState(false);
  const opener = useFocusReturn<HTMLButtonElement>(proposing);
  const memberIds = props.members.map((m) => m.id);
  const names = new Map(props.members.map((m) => [m.id, m.name]));
  const zones = new Map((props.intros.value ?? []).map((i) => [i.data.memberId, i.data.timeZone]));
  const list = [...(props.meetings.value ?? [])].sort((a, b) => b.data.createdAt - a.data.createdAt);
  return (
    <section class="stack meetings" aria-labelledby={headingId}>
      <div class="spread">
        <h3 id={headingId}>{t('group.meetings')}</h3>
        {!proposing ? (
          <button ref={opener} type="button" class="btn primary" onClick={() => setProposing(true)}>
            {t('meetings.propose')}
          </button>
        ) : null}
      </div>
      {proposing ? (
        <ProposeMeeting
          zone={props.zone}
          now={props.now}
          onCancel={() => setProposing(false)}
          onPropose={async (title, times) => {
            const err = await props.onWrite({ do: 'meeting.propose', title, times });
            if (!err) setProposing(false);
            return err;
          }}
        />
      ) : null}
      {props.meetings.status === 'error' ? (
        <ErrorLine error={props.meetings.error} />
      ) : props.meetings.value === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p class="empty">{t('meetings.empty')}</p>
      ) : (
        list.map((row) => (
          <MeetingCard
            key={row.id}
            row={row}
            grid={meetingGrid({ meeting: row.data, myAnswers: row.myAnswers, memberId: props.memberId, memberIds, zones, viewerZone: props.zone, locale: locale.value, now: props.now })}
            organiserName={names.get(row.data.organiser) ?? t('meetings.formerMember')}
            isOrganiser={row.data.organiser === props.memberId}
            onAnswer={(answers) => props.onWrite({ do: 'meeting.answer', meetingId: row.id, answers })}
            onConfirm={(time) => props.onWrite({ do: 'meeting.confirm', meetingId: row.id, time })}
            onDiscard={() => void props.onWrite({ do: 'discard', kind: 'meeting', id: row.id })}
            onIcs={() => props.onIcs(row.id)}
            shown={props.shown?.id === row.id ? props.shown.n : null}
          />
        ))
      )}
    </section>
  );
}
