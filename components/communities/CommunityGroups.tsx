import { useEffect, useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { ErrorLine } from '../ui/ErrorLine';
import { AskToJoin } from '../groups/AskToJoin';
import { GroupForm } from '../groups/GroupForm';
import type { CommunityActions, CommunityGroupItem } from './types';

function Item(props: { group: CommunityGroupItem; onAsk(note: string): Promise<NookError | null>; onOpen(): Promise<NookError | null> }) {
  const { group } = props;
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const full = group.memberCount >= group.memberLimit;
  return (
    <li class="card stack">
      <strong dir="auto">{group.name}</strong>
      {group.topic ? (
        <p class="muted" dir="auto">
          {group.topic}
        </p>
      ) : null}
      <span class="hint">{t('discovery.size', { count: group.memberCount, limit: group.memberLimit })}</span>
      {group.mine ? (
        <button type="button" class="btn" aria-label={t('discovery.openNamed', { name: group.name })} onClick={async () => setError(await props.onOpen())}>
          {t('discovery.open')}
        </button>
      ) : group.requested ? (
        <p role="status">{t('discovery.waiting')}</p>
      ) : full ? (
        <p>{t('discovery.full')}</p>
      ) : !group.allowRequests ? (
        <p class="muted">{t('discovery.inviteOnly')}</p>
      ) : asking ? (
        <AskToJoin
          groupName={group.name}
          onCancel={() => setAsking(false)}
          onAsk={async (_name, note) => {
            const err = await props.onAsk(note);
            if (!err) setAsking(false);
            return err;
          }}
        />
      ) : (
        <button type="button" class="btn primary" aria-label={t('discovery.askNamed', { name: group.name })} onClick={() => setAsking(true)}>
          {t('discovery.ask')}
        </button>
      )}
      <ErrorLine error={error} />
    </li>
  );
}

/**
 * A community's groups with their sizes: "Open" where the member is in one, "Ask to join"
 * elsewhere (a join request the group's managers decide on, as for a listed group). Its owner
 * and moderators (`canCreate`) also make a new one here, owned by them. `version` changes when
 * the groups may have (cohorts applied, or the hub said one was made): they are asked for again.
 */
export function CommunityGroups(props: {
  actions: Pick<CommunityActions, 'groups' | 'ask' | 'open' | 'createGroup'>;
  version?: number;
  canCreate?: boolean;
  /** Where the community lives (the new-group form's hub, not asked). */
  hub?: string;
}) {
  const headingId = useId();
  const [groups, setGroups] = useState<CommunityGroupItem[] | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  const [creating, setCreating] = useState(false);
  const load = async () => {
    const r = await props.actions.groups();
    if (r.ok) setGroups(r.value);
    setError(r.ok ? null : r.error);
  };
  useEffect(() => void load(), [props.version]);
  return (
    <section class="stack" aria-labelledby={headingId} aria-busy={groups === null && !error ? 'true' : undefined}>
      <div class="spread">
        <h3 id={headingId}>{t('communities.groups')}</h3>
        {props.canCreate && !creating ? (
          <button type="button" class="btn primary" onClick={() => setCreating(true)}>
            {t('groups.newButton')}
          </button>
        ) : null}
      </div>
      {creating ? (
        <GroupForm
          defaultHub={props.hub ?? ''}
          defaultName=""
          hubFixed
          ownerFixed
          onCancel={() => setCreating(false)}
          onSubmit={async (d) => {
            const err = await props.actions.createGroup({ name: d.name, topic: d.topic, memberLimit: d.memberLimit });
            if (!err) {
              setCreating(false);
              await load();
            }
            return err;
          }}
        />
      ) : null}
      <ErrorLine error={error} />
      {groups === null ? (
        error ? null : <p class="muted">{t('common.loading')}</p>
      ) : groups.length === 0 ? (
        <p class="muted">{t('communities.noGroups')}</p>
      ) : (
        <ul class="list" aria-labelledby={headingId}>
          {groups.map((g) => (
            <Item
              key={g.id}
              group={g}
              onOpen={() => props.actions.open(g.id)}
              onAsk={async (note) => {
                const err = await props.actions.ask(g.id, note);
                if (!err) setGroups((all) => all?.map((x) => (x.id === g.id ? { ...x, requested: true } : x)) ?? null);
                return err;
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
