import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { LiveState } from '../../messaging/transport';
import type { NookError } from '../../protocol/errors';
import type { MemberItem, RecordItem, Role } from '../../sync/types';
import type { CommunityWrite } from '../../sync/writes/community';
import { useFocusReturn } from '../discussion/InlineConfirm';
import { ErrorLine } from '../ui/ErrorLine';
import { NewPoll } from './NewPoll';
import { PollCard } from './PollCard';
import { pollState } from './tally';

type PollRow = Extract<RecordItem, { kind: 'poll' }>;

export interface PollsProps {
  polls: LiveState<PollRow[]>;
  members: readonly MemberItem[];
  memberId: string | null;
  role: Role;
  zone: string;
  now: number;
  onWrite(write: CommunityWrite): Promise<NookError | null>;
}

/** A group's polls: open ones first, then the closed ones with their results. */
export function Polls(props: PollsProps) {
  const headingId = useId();
  const [creating, setCreating] = useState(false);
  const opener = useFocusReturn<HTMLButtonElement>(creating);
  const names = new Map(props.members.map((m) => [m.id, m.name]));
  const shown = (props.polls.value ?? [])
    .map((row) => ({ row, state: pollState(row, props.memberId, props.role, props.now) }))
    .sort((a, b) => Number(b.state.open) - Number(a.state.open) || b.row.data.createdAt - a.row.data.createdAt);
  return (
    <section class="stack polls" aria-labelledby={headingId}>
      <div class="spread">
        <h3 id={headingId}>{t('group.polls')}</h3>
        {!creating ? (
          <button ref={opener} type="button" class="btn primary" onClick={() => setCreating(true)}>
            {t('polls.new')}
          </button>
        ) : null}
      </div>
      {creating ? (
        <NewPoll
          zone={props.zone}
          now={props.now}
          onCancel={() => setCreating(false)}
          onCreate={async (draft) => {
            const err = await props.onWrite({ do: 'poll.create', ...draft });
            if (!err) setCreating(false);
            return err;
          }}
        />
      ) : null}
      {props.polls.status === 'error' ? (
        <ErrorLine error={props.polls.error} />
      ) : props.polls.value === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : shown.length === 0 ? (
        <p class="empty">{t('polls.empty')}</p>
      ) : (
        shown.map(({ row, state }) => (
          <PollCard
            key={row.id}
            row={row}
            state={state}
            creatorName={names.get(row.data.createdBy) ?? t('meetings.formerMember')}
            onVote={(choices) => props.onWrite({ do: 'poll.vote', pollId: row.id, choices })}
            onClose={() => props.onWrite({ do: 'poll.close', pollId: row.id })}
            onDiscard={() => void props.onWrite({ do: 'discard', kind: 'poll', id: row.id })}
          />
        ))
      )}
    </section>
  );
}
