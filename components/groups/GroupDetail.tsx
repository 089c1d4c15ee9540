import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatDate, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { communityKey, type PageContext } from '../../sites/types';
import type { Group } from '../../types/local';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

const linkLabel = (key: string) => (/^https?:/.test(key) ? key.replace(/^https?:\/\/(www\.)?/, '') : key.slice(key.indexOf(':') + 1));

/** One group: rename, member limit, the pages and communities it belongs to, delete (with undo). */
export function GroupDetail(props: {
  group: Group;
  context: PageContext | null;
  onBack(): void;
  onUpdate(patch: { name?: string; topic?: string; memberLimit?: number }): Promise<NookError | null>;
  onLink(scope: 'community' | 'page'): Promise<NookError | null>;
  onUnlink(key: string): Promise<NookError | null>;
  onDelete(): void;
  /** A group hosted on a hub: its discussion and members, shown under the header. */
  children?: ComponentChildren;
  /** Hosted groups are renamed by their owner only, and left rather than deleted. */
  canRename?: boolean;
  hosted?: boolean;
}) {
  const { group, context } = props;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(group.name);
  const [topic, setTopic] = useState(group.topic);
  const [error, setError] = useState<NookError | null>(null);
  const ck = context ? communityKey(context) : null;
  const linkedCommunity = ck !== null && group.contexts.includes(ck);
  const linkedPage = context !== null && group.contexts.includes(context.url);

  return (
    <section class="stack" aria-labelledby="group-title">
      <button type="button" class="btn link" onClick={props.onBack}>
        {t('common.back')}
      </button>
      {editing ? (
        <form
          class="card stack"
          onSubmit={async (e) => {
            e.preventDefault();
            const err = await props.onUpdate({ name, topic });
            setError(err);
            if (!err) setEditing(false);
          }}
        >
          <Field label={t('groups.name')}>
            {(c) => <input {...c} class="input" value={name} maxLength={80} required onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <Field label={t('groups.topic')}>
            {(c) => <input {...c} class="input" value={topic} maxLength={280} onInput={(e) => setTopic(e.currentTarget.value)} />}
          </Field>
          <ErrorLine error={error} />
          <div class="row">
            <button type="submit" class="btn primary">
              {t('common.save')}
            </button>
            <button type="button" class="btn" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <header class="stack">
          <div class="spread">
            <h2 id="group-title" dir="auto">
              {group.name}
            </h2>
            {props.canRename === false ? null : (
            <button
              type="button"
              class="btn"
              onClick={() => {
                setName(group.name);
                setTopic(group.topic);
                setEditing(true);
              }}
            >
              {t('groups.rename')}
            </button>
            )}
          </div>
          {group.topic ? <p>{group.topic}</p> : null}
          <p class="hint">
            {group.hub ? t('groups.hosted', { hub: new URL(group.hub).host }) : t('groups.local')} ·{' '}
            {t('groups.limitShort', { limit: group.memberLimit })} · {t('groups.createdOn', { date: formatDate(group.createdAt, { dateStyle: 'medium' }) })}
          </p>
        </header>
      )}
      {!editing ? <ErrorLine error={error} /> : null}

      <details class="stack links" open={!props.hosted}>
        <summary>
          <h3 id="group-links">{t('groups.links')}</h3>
        </summary>
        {group.contexts.length === 0 ? (
          <p class="muted">{t('groups.noLinks')}</p>
        ) : (
          <ul class="list">
            {group.contexts.map((key) => (
              <li key={key} class="spread">
                <span>{linkLabel(key)}</span>
                <button
                  type="button"
                  class="btn link"
                  aria-label={t('groups.unlinkNamed', { place: linkLabel(key) })}
                  onClick={async () => setError(await props.onUnlink(key))}
                >
                  {t('groups.unlink')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {context ? (
          <div class="row">
            {!linkedCommunity && context.kind !== 'page' ? (
              <button type="button" class="btn" onClick={async () => setError(await props.onLink('community'))}>
                {t('groups.linkCommunity', { community: context.community })}
              </button>
            ) : null}
            {!linkedPage ? (
              <button type="button" class="btn" onClick={async () => setError(await props.onLink('page'))}>
                {t('groups.linkPage')}
              </button>
            ) : null}
          </div>
        ) : null}
      </details>

      {props.children}

      {props.hosted ? null : (
        <div class="row">
          <button type="button" class="btn danger" onClick={props.onDelete}>
            {t('groups.delete')}
          </button>
        </div>
      )}
    </section>
  );
}
