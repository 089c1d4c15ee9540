import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { MemberItem } from '../../sync/types';
import { ErrorLine } from '../ui/ErrorLine';
import { isSendKey, LengthNote, lengthCheck } from './Composer';
import { MentionTextarea } from './MentionTextarea';

/** Editing one's own message in place: same keys as the composer, Escape cancels. */
export function MessageEdit(props: {
  body: string;
  members: readonly MemberItem[];
  onSave(body: string): Promise<NookError | null>;
  onCancel(): void;
}) {
  const id = useId();
  const [body, setBody] = useState(props.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const { tooLong } = lengthCheck(body);
  const blocked = body.trim() === '' || tooLong || busy;
  const save = async () => {
    if (blocked) return;
    if (body === props.body) return props.onCancel();
    setBusy(true);
    const err = await props.onSave(body);
    setBusy(false);
    setError(err);
  };
  return (
    <form
      class="msg-edit stack"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <MentionTextarea
        textareaRef={area}
        class="input"
        rows={3}
        value={body}
        members={props.members}
        aria-label={t('discussion.editLabel')}
        aria-describedby={`${id}-length ${id}-error`}
        aria-invalid={tooLong || error ? true : undefined}
        onValue={setBody}
        onKeyDown={(e) => {
          if (isSendKey(e)) {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            props.onCancel();
          }
        }}
      />
      <LengthNote id={`${id}-length`} body={body} />
      <ErrorLine error={error} id={`${id}-error`} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={blocked}>
          {t('common.save')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
