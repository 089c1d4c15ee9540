import { useId, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_NAME, MAX_REQUEST_MESSAGE } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';

type Mode = 'invite' | 'request';
type Missing = { link?: boolean; name?: boolean };

/**
 * Joining a group: with an invite link or code, or, where the group allows it, by asking the
 * moderators. One "Your name" field serves both ways, so switching keeps what was typed.
 * The switch to asking is not called "Ask to join": a name holding "join" would make "Join"
 * ambiguous for anyone (or any test) finding buttons by name.
 */
export function JoinForm(props: {
  /** The member's display name, if they set one. */
  defaultName: string;
  /** An invite link the caller already knows (e.g. the widget opened from one). */
  initialLink?: string;
  onJoin(link: string, name: string): Promise<NookError | null>;
  /** Present when the group takes join requests: offers "Ask to join". */
  onRequest?(name: string, message: string): Promise<NookError | null>;
  /** Start on the request form (a widget visitor usually has no invite). */
  initialMode?: Mode;
  /** A request from this visitor is already waiting (known from the hub). */
  waiting?: boolean;
}) {
  const id = useId();
  const canRequest = props.onRequest !== undefined;
  const [mode, setMode] = useState<Mode>(canRequest ? (props.initialMode ?? 'invite') : 'invite');
  const [link, setLink] = useState(props.initialLink ?? '');
  const [name, setName] = useState(props.defaultName);
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState<Missing>({});
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState(false);
  const linkInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  if (props.waiting || asked) {
    return (
      <p class="card join-waiting" role="status">
        {t('join.waiting')}
      </p>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    const check: Missing = { link: mode === 'invite' && !link.trim(), name: !name.trim() };
    setMissing(check);
    if (check.link || check.name) {
      (check.link ? linkInput : nameInput).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const err = mode === 'invite' ? await props.onJoin(link.trim(), name.trim()) : await props.onRequest!(name.trim(), message.trim());
    setBusy(false);
    setError(err);
    if (!err && mode === 'request') setAsked(true);
  };
  const switchTo = (next: Mode) => {
    setMode(next);
    setMissing({});
    setError(null);
  };

  return (
    <form class="card stack join" onSubmit={submit} noValidate>
      {mode === 'invite' ? (
        <div class="field">
          <label for={`${id}-link`}>{t('join.link')}</label>
          <input
            ref={linkInput}
            id={`${id}-link`}
            class="input"
            value={link}
            autoComplete="off"
            spellcheck={false}
            placeholder={t('join.linkPlaceholder')}
            aria-invalid={missing.link ? true : undefined}
            aria-describedby={missing.link ? `${id}-link-error` : undefined}
            onInput={(e) => setLink(e.currentTarget.value)}
          />
          {missing.link ? (
            <p class="error" id={`${id}-link-error`}>
              {t('join.linkMissing')}
            </p>
          ) : null}
        </div>
      ) : (
        <p class="muted">{t('join.requestIntro')}</p>
      )}
      <div class="field">
        <label for={`${id}-name`}>{t('join.name')}</label>
        <input
          ref={nameInput}
          id={`${id}-name`}
          class="input"
          value={name}
          maxLength={MAX_NAME}
          autoComplete="nickname"
          aria-invalid={missing.name ? true : undefined}
          aria-describedby={missing.name ? `${id}-name-error` : undefined}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        {missing.name ? (
          <p class="error" id={`${id}-name-error`}>
            {t('join.nameMissing')}
          </p>
        ) : null}
      </div>
      {mode === 'request' ? (
        <div class="field">
          <label for={`${id}-message`}>{t('join.message')}</label>
          <textarea
            id={`${id}-message`}
            aria-describedby={`${id}-message-hint`}
            class="input"
            rows={3} maxLength={MAX_REQUEST_MESSAGE} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
          <span class="hint" id={`${id}-message-hint`}>
            {t('join.messageHint')}
          </span>
        </div>
      ) : null}
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy}>
          {mode === 'invite' ? t('join.join') : t('join.ask')}
        </button>
        <span class="status" role="status">
          {busy ? (mode === 'invite' ? t('join.joining') : t('join.asking')) : ''}
        </span>
      </div>
      {canRequest ? (
        <p class="hint">
          {mode === 'invite' ? t('join.noInvite') : t('join.haveInvite')}{' '}
          <button type="button" class="btn link" onClick={() => switchTo(mode === 'invite' ? 'request' : 'invite')}>
            {mode === 'invite' ? t('join.askInstead') : t('join.useInvite')}
          </button>
        </p>
      ) : null}
    </form>
  );
}
