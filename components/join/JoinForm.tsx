import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_NAME, MAX_REQUEST_MESSAGE } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

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
  // A link to a plain http hub is refused for its address: told at the link field.
  const linkError = error && mode === 'invite' && error.code === 'hub_insecure' ? error : null;
  const switchTo = (next: Mode) => {
    setMode(next);
    setMissing({});
    setError(null);
  };

  return (
    <form class="card stack join" onSubmit={submit} noValidate>
      {mode === 'invite' ? (
        <Field label={t('join.link')} error={missing.link ? t('join.linkMissing') : linkError}>
          {(c) => (
            <input
              {...c}
              ref={linkInput}
              class="input"
              value={link}
              autoComplete="off"
              spellcheck={false}
              placeholder={t('join.linkPlaceholder')}
              onInput={(e) => setLink(e.currentTarget.value)}
            />
          )}
        </Field>
      ) : (
        <p class="muted">{t('join.requestIntro')}</p>
      )}
      <Field label={t('join.name')} error={missing.name ? t('join.nameMissing') : null}>
        {(c) => (
          <input
            {...c}
            ref={nameInput}
            class="input"
            value={name}
            maxLength={MAX_NAME}
            autoComplete="nickname"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      {mode === 'request' ? (
        <Field label={t('join.message')} hint={t('join.messageHint')}>
          {(c) => <textarea {...c} class="input" rows={3} maxLength={MAX_REQUEST_MESSAGE} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />}
        </Field>
      ) : null}
      <ErrorLine error={linkError ? null : error} />
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
