import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
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
}

/** A group's discussion: pick a thread, read it, write to it. */
export function Discussion(props: DiscussionProps) {
  // Drafts per thread, so looking at another thread does not throw away what was being written.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const { selectedThreadId: threadId } = props;
  const selected = props.threads.find((th) => th.id === threadId);
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
            onSend={(body) => props.onSend(body, threadId)}
          />
        </>
      )}
    </section>
  );
}
