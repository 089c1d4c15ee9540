import { useEffect, useId, useMemo } from 'preact/hooks';
import { formatList, t } from '../../i18n/index';
import type { Transport } from '../../messaging/transport';
import type { AwaySummary as Summary } from '../../sync/away';
import { threadLabel } from '../discussion/ThreadPicker';

/**
 * The card a group opens on after an absence: how many new messages in which threads (each a
 * button that opens it), who joined, what was proposed, how often the member was mentioned.
 * A region named "Since you were away", dismissed with "Got it".
 */
export function AwaySummary(props: { summary: Summary; onOpenThread(threadId: string): void; onDismiss(): void }) {
  const s = props.summary;
  const heading = useId();
  const counts = [
    s.goals > 0 ? t('away.goals', { count: s.goals }) : '',
    s.meetings > 0 ? t('away.meetings', { count: s.meetings }) : '',
    s.polls > 0 ? t('away.polls', { count: s.polls }) : '',
    s.feedback > 0 ? t('away.feedback', { count: s.feedback }) : '',
  ].filter(Boolean);
  return (
    <section class="card stack away-summary" aria-labelledby={heading}>
      <h3 id={heading}>{t('away.title')}</h3>
      {s.messages > 0 ? <p>{t('away.messages', { count: s.messages, threads: s.threads.length })}</p> : null}
      {s.threads.length > 0 ? (
        <ul class="list">
          {s.threads.map((th) => (
            <li key={th.id}>
              <button type="button" class="btn link" onClick={() => props.onOpenThread(th.id)}>
                {t('away.thread', { thread: threadLabel(th), count: th.count })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {s.mentions > 0 ? <p>{t('away.mentions', { count: s.mentions })}</p> : null}
      {s.members.length > 0 ? <p>{t('away.members', { names: formatList(s.members.map((m) => m.name)) })}</p> : null}
      {counts.length > 0 ? <p>{formatList(counts)}</p> : null}
      <div class="row">
        <button type="button" class="btn primary" onClick={props.onDismiss}>
          {t('away.dismiss')}
        </button>
      </div>
    </section>
  );
}

/**
 * The card as a group shows it (loaded only after an absence): what happened since, followed
 * live, since a device that was off is still catching up when the group opens. Nothing while
 * nothing did.
 */
export function AwayCard(props: { transport: Transport; groupId: string; since: number; onOpenThread(threadId: string): void; onDismiss(): void }) {
  const { transport, groupId, since } = props;
  const live = useMemo(() => transport.live('groups.away', { groupId, since }), [transport, groupId, since]);
  useEffect(() => () => live.dispose(), [live]);
  const summary = live.state.value.value;
  return summary ? <AwaySummary summary={summary} onOpenThread={props.onOpenThread} onDismiss={props.onDismiss} /> : null;
}
