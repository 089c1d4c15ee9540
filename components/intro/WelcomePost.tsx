import { formatDate, formatRelative, t } from '../../i18n/index';
import { Markdown } from '../markdown/Markdown';
import type { Welcome } from './intros';

/** A member's intro as the group's discussion shows it: a welcome, at the intro's time. */
export function WelcomePost(props: { welcome: Welcome; now: number }) {
  const w = props.welcome;
  const when = formatRelative(w.at, props.now);
  return (
    <article class={w.mine ? 'msg welcome mine' : 'msg welcome'} aria-label={t('intro.welcomeLabel', { name: w.name, time: when })}>
      <header class="msg-head">
        <strong class="msg-author">{t('intro.welcome', { name: w.name })}</strong>
        <time dateTime={new Date(w.at).toISOString()} title={formatDate(w.at)}>
          {when}
        </time>
        {w.delivery === 'pending' ? <span class="status">{t('discussion.sending')}</span> : null}
      </header>
      <Markdown source={w.text} class="msg-body" />
      {w.interests.length > 0 ? (
        <ul class="tags" aria-label={t('intro.interests')}>
          {w.interests.map((i) => (
            <li key={i} class="pill">
              {i}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
