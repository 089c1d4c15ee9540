import { useId, useRef, useState } from 'preact/hooks';
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

/** Writes a message to the selected thread (keyed by it); the draft survives a refused send. */
export function Composer(props: {
  members: readonly MemberItem[];
  onSend(body: string): Promise<NookError | null>;
  /** The draft, kept by the parent so switching threads does not lose it. */
  draft: string;
  onDraft(text: string): void;
}) {
  const id = useId();
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const { draft } = props;
  const { tooLong } = lengthCheck(draft);
  const empty = draft.trim() === '';

  // The draft as it is now, not as it was when sending began: typing may go on meanwhile.
  const latest = useRef(draft);
  latest.current = draft;

  const send = async () => {
    if (empty || tooLong || busy) return;
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
        aria-describedby={`${id}-hint ${id}-length ${id}-error`}
        aria-invalid={tooLong || error ? true : undefined}
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
        <button type="submit" class="btn primary" disabled={empty || tooLong || busy}>
          {t('discussion.send')}
        </button>
      </div>
      <LengthNote id={`${id}-length`} body={draft} />
      <ErrorLine error={error} id={`${id}-error`} />
    </form>
  );
}
