import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { ErrorLine } from '../ui/ErrorLine';

/** A ref for the button that opened an inline form: it gets focus back once the form closes. */
export function useFocusReturn<T extends HTMLElement>(open: boolean) {
  const opener = useRef<T>(null);
  const was = useRef(open);
  useEffect(() => {
    if (was.current && !open) opener.current?.focus();
    was.current = open;
  }, [open]);
  return opener;
}

/**
 * "Delete this message?" asked in place, for actions the hub cannot undo. Focus lands on
 * Cancel, so a stray Enter keeps things as they were; a refusal stays shown in the question.
 */
export function InlineConfirm(props: {
  question: string;
  confirmLabel: string;
  onConfirm(): Promise<NookError | null>;
  /** `done` is true once the action went through. */
  onClose(done: boolean): void;
}) {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      class="confirm"
      role="group"
      aria-labelledby={id}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          props.onClose(false);
        }
      }}
    >
      <span id={id}>{props.question}</span>
      <span class="row">
        <button
          type="button"
          class="btn danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const err = await props.onConfirm();
            setBusy(false);
            setError(err);
            if (!err) props.onClose(true);
          }}
        >
          {props.confirmLabel}
        </button>
        <button type="button" class="btn" ref={cancel} onClick={() => props.onClose(false)}>
          {t('common.cancel')}
        </button>
      </span>
      <ErrorLine error={error} />
    </div>
  );
}
