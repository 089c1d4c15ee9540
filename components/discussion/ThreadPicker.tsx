import { useId, useState } from 'preact/hooks';
import { formatNumber, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { ThreadItem } from '../../sync/types';
import { ErrorLine } from '../ui/ErrorLine';

export interface PageRef {
  title: string;
  /** The page's canonical URL: the anchor of its thread. */
  url: string;
}

export const threadLabel = (thread: ThreadItem): string =>
  thread.title ?? thread.anchor?.title ?? (thread.anchor ? thread.anchor.url : t('discussion.general'));

/**
 * One thread button. Its name is the thread's name alone (stable for people and tests);
 * the unread count is shown as a badge and read as the button's description.
 */
function ThreadButton(props: { label: string; unread: number; selected: boolean; describedBy?: string; onClick(): void }) {
  const id = useId();
  const described = [props.describedBy, props.unread > 0 ? id : null].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <button type="button" class="thread-btn" aria-current={props.selected ? 'true' : undefined} aria-describedby={described} onClick={props.onClick}>
        <span>{props.label}</span>
        {props.unread > 0 ? (
          <span class="pill" aria-hidden="true">
            {formatNumber(props.unread)}
          </span>
        ) : null}
      </button>
      {props.unread > 0 ? (
        <span id={id} hidden>
          {t('discussion.unread', { count: props.unread })}
        </span>
      ) : null}
    </>
  );
}

/** The group's threads: the general discussion, this page's thread, then the others by latest activity. */
export function ThreadPicker(props: {
  threads: readonly ThreadItem[];
  selectedThreadId: string | null;
  onSelectThread(id: string): void;
  pageContext: PageRef | null;
  onOpenPageThread(): Promise<NookError | null>;
}) {
  const pageTitleId = useId();
  const [error, setError] = useState<NookError | null>(null);
  const [opening, setOpening] = useState(false);
  const { threads, pageContext, selectedThreadId } = props;
  const general = threads.find((th) => th.title === null && th.anchor === null);
  const pageThread = pageContext ? threads.find((th) => th.anchor?.url === pageContext.url) : undefined;
  const others = threads
    .filter((th) => th !== general && th !== pageThread)
    .sort((a, b) => (b.lastMessageAt ?? b.createdAt) - (a.lastMessageAt ?? a.createdAt));
  // A lone general discussion needs no picker.
  if (!pageContext && others.length === 0) return null;

  const select = (id: string) => {
    setError(null);
    props.onSelectThread(id);
  };
  return (
    <nav class="threads" aria-label={t('discussion.threads')}>
      <ul class="thread-list">
        {general ? (
          <li>
            <ThreadButton label={t('discussion.general')} unread={general.unread} selected={general.id === selectedThreadId} onClick={() => select(general.id)} />
          </li>
        ) : null}
        {pageContext ? (
          <li>
            <ThreadButton
              label={t('discussion.thisPage')}
              unread={pageThread?.unread ?? 0}
              selected={pageThread !== undefined && pageThread.id === selectedThreadId}
              describedBy={pageTitleId}
              onClick={async () => {
                if (pageThread) return select(pageThread.id);
                if (opening) return;
                setOpening(true);
                setError(await props.onOpenPageThread());
                setOpening(false);
              }}
            />
            <span id={pageTitleId} class="hint thread-page">
              {pageContext.title}
            </span>
          </li>
        ) : null}
        {others.map((th) => (
          <li key={th.id}>
            <ThreadButton label={threadLabel(th)} unread={th.unread} selected={th.id === selectedThreadId} onClick={() => select(th.id)} />
          </li>
        ))}
      </ul>
      <ErrorLine error={error} />
    </nav>
  );
}
