import { useId } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { ErrorLine } from '../ui/ErrorLine';
import { roleLabel } from './roles';
import type { CommunityItem } from './types';

/** The member's communities on every hub they are signed in on, with making and joining one. */
export function CommunityList(props: {
  communities: readonly CommunityItem[];
  loading: boolean;
  error: NookError | null;
  /** Hubs that did not answer: their communities are missing from the list for now. */
  unreachable: readonly string[];
  onOpen(c: CommunityItem): void;
  onNew(): void;
  onJoin(): void;
  /** What just happened (the member left one), said once above the list. */
  notice?: string | null;
}) {
  const headingId = useId();
  return (
    <section class="stack" aria-labelledby={headingId} aria-busy={props.loading ? 'true' : undefined}>
      <div class="row">
        <button type="button" class="btn primary" onClick={props.onNew}>
          {t('communities.new')}
        </button>
        <button type="button" class="btn" onClick={props.onJoin}>
          {t('communities.join')}
        </button>
      </div>
      {props.notice ? (
        <p role="status" dir="auto">
          {props.notice}
        </p>
      ) : null}
      <h2 id={headingId}>{t('communities.mine')}</h2>
      <ErrorLine error={props.error} />
      {props.unreachable.map((hub) => (
        <p key={hub} class="hint">
          {t('communities.unreachable', { hub: new URL(hub).host })}
        </p>
      ))}
      {props.communities.length === 0 ? (
        <p class="muted">{props.loading ? t('common.loading') : t('communities.none')}</p>
      ) : (
        <ul class="list" aria-labelledby={headingId}>
          {props.communities.map((c) => (
            <li key={`${c.hub} ${c.community.id}`} class="card stack">
              <button type="button" class="btn link" onClick={() => props.onOpen(c)}>
                <strong dir="auto">{c.community.name}</strong>
              </button>
              {c.community.about ? (
                <p class="muted" dir="auto">
                  {c.community.about}
                </p>
              ) : null}
              <span class="hint">
                {t('communities.memberCount', { count: c.memberCount })} · {roleLabel(c.me.role)} · {t('groups.hosted', { hub: new URL(c.hub).host })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
