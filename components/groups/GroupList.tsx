import { t } from '../../i18n/index';
import type { Group, ListedGroup } from '../../types/local';

function Item({ group, onOpen }: { group: ListedGroup; onOpen(g: Group): void }) {
  return (
    <li class="card">
      <div class="spread">
        <button type="button" class="btn link" dir="auto" onClick={() => onOpen(group)}>
          {group.name}
        </button>
        {group.unread > 0 ? <span class="pill">{t('groups.unread', { count: group.unread })}</span> : null}
      </div>
      {group.topic ? <p class="muted">{group.topic}</p> : null}
      <span class="hint">
        {group.hub ? t('groups.hosted', { hub: new URL(group.hub).host }) : t('groups.local')} ·{' '}
        {t('groups.limitShort', { limit: group.memberLimit })}
      </span>
    </li>
  );
}

/** The member's groups: those linked to this page or community first. */
export function GroupList(props: { forContext: ListedGroup[]; others: ListedGroup[]; community: string | null; onOpen(g: Group): void }) {
  if (props.forContext.length === 0 && props.others.length === 0) {
    return <p class="empty">{t('groups.none')}</p>;
  }
  return (
    <div class="stack">
      {props.forContext.length > 0 ? (
        <section aria-labelledby="groups-here">
          <h2 id="groups-here">{t('groups.here', { community: props.community ?? '' })}</h2>
          <ul class="list">
            {props.forContext.map((g) => (
              <Item key={g.id} group={g} onOpen={props.onOpen} />
            ))}
          </ul>
        </section>
      ) : null}
      {props.others.length > 0 ? (
        <section aria-labelledby="groups-other">
          <h2 id="groups-other">{props.forContext.length > 0 ? t('groups.other') : t('groups.yours')}</h2>
          <ul class="list">
            {props.others.map((g) => (
              <Item key={g.id} group={g} onOpen={props.onOpen} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
