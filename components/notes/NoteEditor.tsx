import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { Markdown } from '../markdown/Markdown';
import { ErrorLine } from '../ui/ErrorLine';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

/** The private note for this page: Markdown, saved as you type, previewed safely. */
export function NoteEditor(props: {
  value: string;
  status: SaveStatus;
  error: NookError | null;
  loading: boolean;
  onInput(text: string): void;
  onBlur?(): void;
}) {
  const [preview, setPreview] = useState(false);
  const statusText =
    props.status === 'saving' ? t('notes.saving') : props.status === 'saved' ? t('notes.saved') : props.loading ? t('common.loading') : '';
  return (
    <div class="stack">
      <div class="spread">
        <label for="note-body">
          <strong>{t('notes.label')}</strong>
        </label>
        <button type="button" class="btn link" aria-pressed={preview} onClick={() => setPreview(!preview)}>
          {preview ? t('notes.edit') : t('notes.preview')}
        </button>
      </div>
      {preview ? (
        props.value.trim() ? (
          <Markdown source={props.value} class="card" />
        ) : (
          <p class="empty">{t('notes.previewEmpty')}</p>
        )
      ) : (
        <textarea
          id="note-body"
          dir="auto"
          class="input"
          rows={8}
          value={props.value}
          placeholder={t('notes.placeholder')}
          aria-describedby="note-status note-error"
          aria-invalid={props.error ? true : undefined}
          onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
          onBlur={props.onBlur}
        />
      )}
      <div class="spread">
        <span id="note-status" class={`status ${props.status === 'saved' ? 'ok' : ''}`} aria-live="polite">
          {statusText}
        </span>
        <span class="hint">{t('notes.markdownHint')}</span>
      </div>
      <ErrorLine error={props.error} id="note-error" />
    </div>
  );
}
