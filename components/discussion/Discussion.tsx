import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { MyStanding, Warning } from '../../protocol/moderation';
import type { MemberItem, MessageItem, ThreadItem } from '../../sync/types';
import type { Welcome } from '../intro/intros';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { threadLabel, ThreadPicker, type PageRef } from './ThreadPicker';
import type { Loadable, MessageActions } from './types';

export interface DiscussionProps extends MessageActions {
  threads: readonly ThreadItem[];
  selectedThreadId: string | null;
  onSelectThread(id: string): void;
  /** The page the sidebar sits beside; null in the widget or outside a page. */
  pageContext: PageRef | null;
  /** Opens (creating when missing) the thread anchored to the page; the caller then selects it. */
  onOpenPageThread(): Promise<NookError | null>;
  /** The selected thread's messages, oldest first. */
  messages: Loadable<MessageItem[]>;
  /** For @mention suggestions. */
  members: readonly MemberItem[];
  /** Owners and moderators may delete anyone's message. */
  canModerate: boolean;
  onSend(body: string, threadId: string): Promise<NookError | null>;
  /** The member has seen the newest message of a thread with unread ones. */
  onMarkRead?(threadId: string): void;
  /** Members' intros, shown as welcomes in the general discussion at their time. */
  welcomes?: readonly Welcome[];
  /** The group's slow mode in seconds (0: off); owners and moderators are exempt. */
  slowModeSeconds?: number;
  /** The member's own standing, from the hub: why they are muted (the mute itself comes with the members). */
  standing?: MyStanding | null;
  /** Warnings given to the member that they have not dismissed. */
  warnings?: readonly Warning[];
  onDismissWarning?(id: string): void;
}

/** A group's discussion: pick a thread, read it, write to it. */
export function Discussion(props: DiscussionProps) {
  // Drafts per thread, so looking at another thread does not throw away what was being written.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const { selectedThreadId: threadId } = props;
  const selected = props.threads.find((th) => th.id === threadId);
  const me = props.members.find((m) => m.self);
  const nextPostAt = useNextPostAt(props);
  const actions: MessageActions = {
    onEdit: props.onEdit,
    onDelete: props.onDelete,
    onReact: props.onReact,
    onRetry: props.onRetry,
    onDiscard: props.onDiscard,
    onReport: props.onReport,
  };
  return (
    <section class="discussion stack" aria-label={t('discussion.title')}>
      {props.warnings?.map((w) => (
        <div key={w.id} class="card row spread" role="status">
          <p id={`warning-${w.id}`}>{t('discussion.warned', { note: w.note })}</p>
          <button type="button" class="btn" aria-describedby={`warning-${w.id}`} onClick={() => props.onDismissWarning?.(w.id)}>
            {t('common.dismiss')}
          </button>
        </div>
      ))}
      <ThreadPicker
        threads={props.threads}
        selectedThreadId={threadId}
        onSelectThread={props.onSelectThread}
        pageContext={props.pageContext}
        onOpenPageThread={props.onOpenPageThread}
      />
      {threadId === null ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <>
          {selected ? <h3 class="thread-title">{threadLabel(selected)}</h3> : null}
          <MessageList
            key={threadId}
            threadId={threadId}
            state={props.messages}
            canModerate={props.canModerate}
            members={props.members}
            actions={actions}
            unread={selected?.unread ?? 0}
            welcomes={selected && selected.title === null && selected.anchor === null ? props.welcomes : undefined}
            onSeen={() => props.onMarkRead?.(threadId)}
          />
          <Composer
            key={threadId}
            members={props.members}
            draft={drafts[threadId] ?? ''}
            onDraft={(text) => setDrafts((d) => ({ ...d, [threadId]: text }))}
            onSend={async (body) => {
              const refused = await props.onSend(body, threadId);
              if (!refused) nextPostAt.posted(Date.now());
              return refused;
            }}
            mutedUntil={me?.mutedUntil ?? null}
            muteReason={props.standing?.muteReason ?? ''}
            nextPostAt={nextPostAt.at}
          />
        </>
      )}
    </section>
  );
}

/**
 * When slow mode lets the member post next: their last post here (sent from this view, or the
 * newest of theirs in the thread), or what the hub said when it refused one for coming too soon
 * (counted from when this view saw the refusal). Owners and moderators are exempt.
 */
function useNextPostAt(props: DiscussionProps): { at: number | null; posted(at: number): void } {
  const [lastPost, setLastPost] = useState<number | null>(null);
  // Refused messages seen, by id: when the hub's wait for each ends.
  const refusals = useRef(new Map<string, number>());
  const seconds = props.canModerate ? 0 : (props.slowModeSeconds ?? 0);
  let at: number | null = null;
  const later = (time: number) => (at = at === null ? time : Math.max(at, time));
  for (const m of props.messages.value ?? []) {
    if (!m.mine) continue;
    if (m.delivery === 'sent') later(m.createdAt + seconds * 1000);
    const wait = m.delivery === 'failed' && m.error?.code === 'slow_mode' ? Number(m.error.params?.seconds ?? m.error.params?.retryAfter) : NaN;
    if (Number.isFinite(wait) && !refusals.current.has(m.id)) refusals.current.set(m.id, Date.now() + wait * 1000);
  }
  if (lastPost !== null) later(lastPost + seconds * 1000);
  for (const until of refusals.current.values()) later(until);
  return { at: seconds > 0 ? at : null, posted: setLastPost };
}
