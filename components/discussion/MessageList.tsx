import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { MemberItem, MessageItem } from '../../sync/types';
import type { Welcome } from '../intro/intros';
import { useLazy } from '../ui/lazy';
import { ErrorLine } from '../ui/ErrorLine';
import { Message } from './Message';
import type { Loadable, MessageActions } from './types';
import { useNow } from './useNow';

/** How close to the end still counts as "reading the newest" (a few px of rounding, a short line). */
const BOTTOM_SLACK = 48;

/** Messages in their order, each welcome (oldest first) before the first message written after it. */
function interleave(messages: readonly MessageItem[], welcomes: readonly Welcome[]): (MessageItem | Welcome)[] {
  const out: (MessageItem | Welcome)[] = [];
  let w = 0;
  for (const m of messages) {
    while (w < welcomes.length && welcomes[w]!.at <= m.createdAt) out.push(welcomes[w++]!);
    out.push(m);
  }
  return out.concat(welcomes.slice(w));
}

const atEnd = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;

/**
 * A thread's messages, oldest first. Stays at the newest message unless the member scrolled up
 * to read; then new arrivals wait behind a "New messages" button instead of yanking the view.
 * Arrivals are announced by a short polite line, not by making the whole log live.
 */
export function MessageList(props: {
  threadId: string;
  state: Loadable<MessageItem[]>;
  canModerate: boolean;
  members: readonly MemberItem[];
  actions: MessageActions;
  /** The thread's unread count, as the hub and background keep it. */
  unread?: number;
  /** The member has the newest message in view while some are unread (the thread can be marked read). */
  onSeen?(): void;
  /** Welcomes to place among the messages by time (the general discussion's). */
  welcomes?: readonly Welcome[];
}) {
  const now = useNow();
  // Welcome posts are their own chunk, loaded when the thread has one.
  const WelcomePost = useLazy(() => import('../intro/WelcomePost').then((x) => x.WelcomePost), (props.welcomes?.length ?? 0) > 0);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const known = useRef<Set<string> | null>(null);
  const [unseen, setUnseen] = useState(0);
  const [announcement, setAnnouncement] = useState({ text: '', n: 0 });
  // A switch of thread can leave the previous thread's list in place for a moment.
  const items = (props.state.value ?? []).filter((m) => m.threadId === props.threadId);
  const ready = props.state.status === 'ready';

  useLayoutEffect(() => {
    if (!ready) return;
    const before = known.current;
    known.current = new Set(items.map((m) => m.id));
    const fresh = before ? items.filter((m) => !before.has(m.id)) : [];
    const fromOthers = fresh.filter((m) => !m.mine);
    const el = scroller.current;
    // Sending is a sign of being "here": one's own message always brings the view down.
    if (!before || following.current || fresh.some((m) => m.mine)) {
      if (el) el.scrollTop = el.scrollHeight;
      following.current = true;
      setUnseen(0);
    } else if (fromOthers.length > 0) {
      setUnseen((n) => n + fromOthers.length);
    }
    if (before && fromOthers.length > 0) {
      const text =
        fromOthers.length === 1 ? t('discussion.newFrom', { name: fromOthers[0]!.authorName }) : t('discussion.newCount', { count: fromOthers.length });
      setAnnouncement((a) => ({ text, n: a.n + 1 }));
    }
  }, [ready, items.map((m) => m.id).join()]);

  // Unread counts arrive on their own schedule (the thread list), so reading is reported
  // whenever there is something unread while the newest message is in view.
  const unread = props.unread ?? 0;
  useLayoutEffect(() => {
    if (ready && unread > 0 && following.current) props.onSeen?.();
  }, [ready, unread]);

  const jump = () => {
    const el = scroller.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    following.current = true;
    setUnseen(0);
    if (unread > 0) props.onSeen?.();
  };

  return (
    <div class="log-wrap">
      <div
        ref={scroller}
        class="log"
        role="region"
        aria-label={t('discussion.messages')}
        // Focusable so keyboard users can scroll it.
        tabIndex={0}
        onScroll={(e) => {
          const end = atEnd(e.currentTarget);
          if (end && !following.current) {
            setUnseen(0);
            if (unread > 0) props.onSeen?.();
          }
          following.current = end;
        }}
      >
        {props.state.status === 'loading' ? (
          <p class="muted">{t('common.loading')}</p>
        ) : props.state.status === 'error' ? (
          <ErrorLine error={props.state.error} />
        ) : items.length === 0 && !props.welcomes?.length ? (
          <p class="empty">{t('discussion.empty')}</p>
        ) : (
          interleave(items, props.welcomes ?? []).map((x) =>
            'memberId' in x ? (
              WelcomePost ? <WelcomePost key={`welcome-${x.memberId}`} welcome={x} now={now} /> : null
            ) : (
              <Message key={x.id} message={x} now={now} canModerate={props.canModerate} members={props.members} actions={props.actions} />
            ),
          )
        )}
      </div>
      {unseen > 0 ? (
        <button type="button" class="btn primary new-messages" onClick={jump}>
          {t('discussion.jumpToNew')}
        </button>
      ) : null}
      <div class="sr-only" aria-live="polite">
        {announcement.text ? <span key={announcement.n}>{announcement.text}</span> : null}
      </div>
    </div>
  );
}
