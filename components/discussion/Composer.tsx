import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { formatNumber, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_MESSAGE } from '../../protocol/limits';
import type { MemberItem } from '../../sync/types';
import { ErrorLine } from '../ui/ErrorLine';
import { MentionTextarea } from './MentionTextarea';

/** Past this many characters left, the count shows before the limit is hit. */
const WARN_REMAINING = 1_000;

/** Enter (or Ctrl/Cmd+Enter) sends; Shift+Enter is a new line; nothing fires mid-IME composition. */
export const isSendKey = (e: KeyboardEvent) => e.key === 'Enter' && !e.isComposing && (!e.shiftKey || e.ctrlKey || e.metaKey);

/** How the body stands against the hub's limit: whether it may go, and the count to show near the limit. */
export function lengthCheck(body: string): { tooLong: boolean; count: string | null } {
  const remaining = MAX_MESSAGE - body.length;
  if (remaining < 0) return { tooLong: true, count: t('discussion.lengthOver', { count: formatNumber(body.length), max: formatNumber(MAX_MESSAGE) }) };
  if (remaining <= WARN_REMAINING) return { tooLong: false, count: t('discussion.remaining', { count: remaining }) };
  return { tooLong: false, count: null };
}

/**
 * The length line under a message being written. The count is not live (it would speak on
 * every key); only crossing the limit is announced, in words that do not change while typing.
 */
export function LengthNote({ id, body }: { id: string; body: string }) {
  const { tooLong, count } = lengthCheck(body);
  return (
    <>
      <p id={id} class={tooLong ? 'error' : 'hint'}>
        {count}
      </p>
      <p class="error" aria-live="polite">
        {tooLong ? t('discussion.tooLong', { max: MAX_MESSAGE }) : ''}
      </p>
    </>
  );
}

/**
 * The time now, rendered again when `until` passes (and every `step` ms before it), so a notice
 * that lasts until then ends on time. The tick lands when the shown seconds change.
 */
export function useClockUntil(until: number | null | undefined, step: number): number {
  const [, tick] = useState(0);
  const now = Date.now();
  useEffect(() => {
    if (until == null) return;
    const left = until - Date.now();
    if (left <= 0) return;
    const timer = setTimeout(() => tick((n) => n + 1), Math.min(left, left % step || step));
    return () => clearTimeout(timer);
  });
  return now;
}

/** Writes a message to the selected thread (keyed by it); the draft survives a refused send. */
export function Composer(props: {
  members: readonly MemberItem[];
  onSend(body: string): Promise<NookError | null>;
  /** The draft, kept by the parent so switching threads does not lose it. */
  draft: string;
  onDraft(text: string): void;
  /** The member is muted until then: the composer is shut, and says until when and why. */
  mutedUntil?: number | null;
  muteReason?: string;
  /** Slow mode: the member's next message may go at this time. */
  nextPostAt?: number | null;
}) {
  const id = useId();
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  // Said once, when Send is tried during the wait; the countdown itself is not read out each second.
  const [waitSaid, setWaitSaid] = useState('');
  const { draft, mutedUntil, nextPostAt } = props;
  const { tooLong } = lengthCheck(draft);
  const empty = draft.trim() === '';
  const mutedNow = mutedUntil != null && mutedUntil > Date.now();
  const now = useClockUntil(mutedNow ? mutedUntil : nextPostAt, mutedNow ? 60_000 : 1000);
  const muted = mutedUntil != null && mutedUntil > now;
  const wait = !muted && nextPostAt != null && nextPostAt > now ? Math.ceil((nextPostAt - now) / 1000) : 0;
  const waitText = wait > 0 ? t('discussion.slowWait', { seconds: wait }) : '';

  // The draft as it is now, not as it was when sending began: typing may go on meanwhile.
  const latest = useRef(draft);
  latest.current = draft;

  const send = async () => {
    if (wait > 0) setWaitSaid(waitText);
    if (empty || tooLong || busy || muted || wait > 0) return;
    setWaitSaid('');
    const body = draft;
    setBusy(true);
    const err = await props.onSend(body);
    setBusy(false);
    setError(err);
    if (!err) props.onDraft(latest.current.startsWith(body) ? latest.current.slice(body.length).trimStart() : latest.current);
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label for={`${id}-text`} class="sr-only">
        {t('discussion.write')}
      </label>
      <MentionTextarea
        id={`${id}-text`}
        class="input"
        rows={2}
        value={draft}
        members={props.members}
        placeholder={t('discussion.writePlaceholder')}
        aria-describedby={`${id}-standing ${id}-wait ${id}-hint ${id}-length ${id}-error`}
        aria-invalid={tooLong || error ? true : undefined}
        disabled={muted}
        onValue={(text) => props.onDraft(text)}
        onKeyDown={(e) => {
          if (isSendKey(e)) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <div class="spread">
        <span class="hint" id={`${id}-hint`}>
          {t('discussion.sendHint')}
        </span>
        <button type="submit" class="btn primary" disabled={empty || tooLong || busy || muted || wait > 0} aria-describedby={`${id}-standing ${id}-wait`}>
          {t('discussion.send')}
        </button>
      </div>
      {/* A mute that arrives while the member writes is said at once; the slow mode's countdown is not read out each second. */}
      <p id={`${id}-standing`} class="error" role="status">
        {muted ? t('discussion.muted', { until: mutedUntil, reason: props.muteReason ?? '' }) : ''}
      </p>
      <p id={`${id}-wait`} class="hint">
        {waitText}
      </p>
      <p class="sr-only" aria-live="polite">
        {wait > 0 ? waitSaid : ''}
      </p>
      <LengthNote id={`${id}-length`} body={draft} />
      <ErrorLine error={error} id={`${id}-error`} />
    </form>
  );
}
