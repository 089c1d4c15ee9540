import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';

/** How long "Copied" stays before the line clears for the next copy to be announced again. */
const FEEDBACK_MS = 4_000;

/** A read-only value to share, selected on focus, with a copy button and spoken feedback. */
export function CopyField(props: { label: string; value: string; copyLabel: string; multiline?: boolean; onCopy(text: string): Promise<boolean> }) {
  const id = useId();
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (!result) return;
    const timer = setTimeout(() => setResult(null), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [result]);
  const select = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => e.currentTarget.select();
  const copy = async () => {
    const ok = await props.onCopy(props.value);
    setResult(ok ? 'copied' : 'failed');
    // Where the clipboard is refused, the text is left selected to copy by hand.
    if (!ok) field.current?.focus();
  };
  return (
    <div class="field copy-field">
      <label for={id}>{props.label}</label>
      <div class="copy-row">
        {props.multiline ? (
          <textarea ref={field} id={id} class="input mono" readOnly rows={3} value={props.value} onFocus={select} />
        ) : (
          <input ref={field} id={id} class="input" readOnly value={props.value} onFocus={select} />
        )}
        <button type="button" class="btn" aria-label={props.copyLabel} onClick={() => void copy()}>
          {t('invite.copy')}
        </button>
      </div>
      <p role="status" class={`status ${result === 'copied' ? 'ok' : ''}`}>
        {result === 'copied' ? t('invite.copied') : result === 'failed' ? t('invite.copyFailed') : ''}
      </p>
    </div>
  );
}
