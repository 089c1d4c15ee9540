import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText, formatDate, formatRelative, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { MemberItem, MessageItem } from '../../sync/types';
import { Markdown } from '../markdown/Markdown';
import { ErrorLine } from '../ui/ErrorLine';
import { InlineConfirm } from './InlineConfirm';
import { useLazy } from '../ui/lazy';
import { Reactions } from './Reactions';
import { ReportMessage } from '../moderation/ReportMessage';
import type { MessageActions } from './types';

type Mode = 'view' | 'edit' | 'confirm';
type FocusTarget = 'edit' | 'delete' | 'article' | null;

/** One message as an article: who, when, the Markdown body, its delivery, reactions and actions. */
export function Message(props: { message: MessageItem; canModerate: boolean; members: readonly MemberItem[]; now: number; actions: MessageActions }) {
  const { message: m, actions } = props;
  const [mode, setMode] = useState<Mode>('view');
  // The edit form is its own chunk, loaded when the member first edits.
  const Edit = useLazy(() => import('./MessageEdit').then((x) => x.MessageEdit), mode === 'edit');
  const [error, setError] = useState<NookError | null>(null);
  const article = useRef<HTMLElement>(null);
  const editBtn = useRef<HTMLButtonElement>(null);
  const deleteBtn = useRef<HTMLButtonElement>(null);
  // Focus goes back where the member was once an inline form closes, after it re-renders.
  const refocus = useRef<FocusTarget>(null);
  useEffect(() => {
    const target = refocus.current;
    refocus.current = null;
    if (target === 'edit') editBtn.current?.focus();
    else if (target === 'delete') deleteBtn.current?.focus();
    else if (target === 'article') article.current?.focus();
  }, [mode]);

  const sent = m.delivery === 'sent';
  const canEdit = m.mine && sent && !m.deleted;
  const canDelete = sent && !m.deleted && (m.mine || props.canModerate);
  const when = formatRelative(m.createdAt, props.now);
  const run = async (p: Promise<NookError | null>) => setError(await p);
  const close = (next: FocusTarget) => {
    refocus.current = next;
    setMode('view');
  };

  const author = m.imported ? t('discussion.imported', { name: m.authorName }) : m.authorName;
  const classes = ['msg', m.mine && 'mine', m.mentionsMe && !m.deleted && 'mentions-me', m.delivery !== 'sent' && m.delivery, m.deleted && 'deleted'];
  return (
    <article ref={article} tabIndex={-1} class={classes.filter(Boolean).join(' ')} aria-label={t('discussion.messageLabel', { name: author, time: when })}>
      <header class="msg-head">
        <strong class="msg-author">{author}</strong>
        <time dateTime={new Date(m.createdAt).toISOString()} title={formatDate(m.createdAt)}>
          {when}
        </time>
        {m.editedAt !== null && !m.deleted ? (
          <span class="hint" title={formatDate(m.editedAt)}>
            {t('discussion.edited')}
          </span>
        ) : null}
        {m.mentionsMe && !m.deleted ? <span class="pill mention-pill">{t('discussion.mentionsYou')}</span> : null}
        {m.delivery === 'pending' ? <span class="status">{t('discussion.sending')}</span> : null}
      </header>

      {m.deleted ? (
        <p class="muted">{t('discussion.deleted')}</p>
      ) : mode === 'edit' ? (
        Edit ? (
        <Edit
          body={m.body}
          members={props.members}
          onCancel={() => close('edit')}
          onSave={async (body) => {
            const err = await actions.onEdit(m.id, body);
            if (!err) close('edit');
            return err;
          }}
        />
        ) : (
          <p class="muted">{t('common.loading')}</p>
        )
      ) : (
        <Markdown source={m.body} class="msg-body" />
      )}

      {m.delivery === 'failed' ? (
        <div class="msg-failed">
          <p class="error">{m.error ? t('discussion.failed', { reason: errorText(m.error) }) : t('discussion.failedNoReason')}</p>
          <div class="row">
            <button type="button" class="btn" onClick={() => void run(actions.onRetry(m.id))}>
              {t('discussion.retry')}
            </button>
            <button type="button" class="btn danger" onClick={() => void run(actions.onDiscard(m.id))}>
              {t('discussion.discard')}
            </button>
          </div>
        </div>
      ) : null}

      {!m.deleted ? <Reactions reactions={m.reactions} canAdd={sent} onReact={(emoji, on) => void run(actions.onReact(m.id, emoji, on))} /> : null}

      {mode === 'confirm' ? (
        <InlineConfirm
          question={t('discussion.deleteConfirm')}
          confirmLabel={t('discussion.delete')}
          onConfirm={() => actions.onDelete(m.id)}
          onClose={(done) => close(done ? 'article' : 'delete')}
        />
      ) : mode === 'view' && (canEdit || canDelete) ? (
        <div class="row msg-actions">
          {canEdit ? (
            <button ref={editBtn} type="button" class="btn link" onClick={() => setMode('edit')}>
              {t('discussion.edit')}
            </button>
          ) : null}
          {canDelete ? (
            <button ref={deleteBtn} type="button" class="btn link danger" onClick={() => setMode('confirm')}>
              {t('discussion.delete')}
            </button>
          ) : null}
        </div>
      ) : null}
      {actions.onReport && !m.mine && sent && !m.deleted && mode === 'view' ? (
        <ReportMessage onReport={(reason, note) => actions.onReport!(m.id, reason, note)} />
      ) : null}
      <ErrorLine error={error} />
    </article>
  );
}
