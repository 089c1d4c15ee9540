import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { FoundGroup } from '../../types/discovery';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import { AskToJoin } from './AskToJoin';

/** What is wrong with a listed group, for the hub's operator. */
function ReportForm(props: { group: FoundGroup; onReport(reason: string): Promise<NookError | null>; onSent(): void; onCancel(): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  return (
    <form
      class="stack"
      aria-label={t('discovery.reportNamed', { name: props.group.name })}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const err = await props.onReport(reason);
        setBusy(false);
        setError(err);
        if (!err) props.onSent();
      }}
    >
      <Field label={t('discovery.reportReason')} hint={t('discovery.reportHint')}>
        {(c) => <textarea {...c} class="input" rows={2} required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn" disabled={busy || !reason.trim()}>
          {t('discovery.reportSend')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function Item(props: {
  group: FoundGroup;
  defaultName: string;
  onAsk(name: string, note: string): Promise<NookError | null>;
  onReport(reason: string): Promise<NookError | null>;
  onOpen(): void;
}) {
  const { group } = props;
  const [asking, setAsking] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(false);
  const full = group.memberCount >= group.memberLimit;
  return (
    <li class="card stack">
      <strong dir="auto">{group.name}</strong>
      {group.topic ? (
        <p class="muted" dir="auto">
          {group.topic}
        </p>
      ) : null}
      <span class="hint">
        {t('discovery.size', { count: group.memberCount, limit: group.memberLimit })} · {group.scope === 'page' ? t('listing.page') : t('listing.community')} ·{' '}
        {t('groups.hosted', { hub: new URL(group.hub).host })}
      </span>
      {group.standing === 'member' ? (
        <button type="button" class="btn" aria-label={t('discovery.openNamed', { name: group.name })} onClick={props.onOpen}>
          {t('discovery.open')}
        </button>
      ) : group.standing === 'waiting' ? (
        <p role="status">{t('discovery.waiting')}</p>
      ) : full ? (
        <p>{t('discovery.full')}</p>
      ) : !group.allowRequests ? (
        <p class="muted">{t('discovery.inviteOnly')}</p>
      ) : asking ? (
        <AskToJoin
          groupName={group.name}
          defaultName={props.defaultName}
          onCancel={() => setAsking(false)}
          onAsk={async (name, note) => {
            const err = await props.onAsk(name, note);
            if (!err) setAsking(false);
            return err;
          }}
        />
      ) : (
        <button type="button" class="btn primary" onClick={() => setAsking(true)}>
          {t('discovery.ask')}
        </button>
      )}
      {reported ? (
        <p role="status">{t('discovery.reported')}</p>
      ) : reporting ? (
        <ReportForm group={group} onReport={props.onReport} onSent={() => setReported(true)} onCancel={() => setReporting(false)} />
      ) : group.standing !== 'member' ? (
        <button type="button" class="btn link" aria-label={t('discovery.reportNamed', { name: group.name })} onClick={() => setReporting(true)}>
          {t('discovery.report')}
        </button>
      ) : null}
    </li>
  );
}

/** Groups listed for the page the member is on (the page's first, then its community's), to ask to join. */
export function GroupsHere(props: {
  groups: readonly FoundGroup[];
  loading: boolean;
  error: NookError | null;
  defaultName: string;
  onAsk(group: FoundGroup, name: string, note: string): Promise<NookError | null>;
  onReport(group: FoundGroup, reason: string): Promise<NookError | null>;
  onOpen(group: FoundGroup): void;
}) {
  const headingId = useId();
  return (
    <section class="stack" aria-labelledby={headingId} aria-busy={props.loading ? 'true' : undefined}>
      <h2 id={headingId}>{t('discovery.here')}</h2>
      <ErrorLine error={props.error} />
      {props.groups.length === 0 ? (
        <p class="muted">{props.loading ? t('common.loading') : t('discovery.none')}</p>
      ) : (
        <ul class="list" aria-labelledby={headingId}>
          {props.groups.map((g) => (
            <Item
              key={`${g.hub} ${g.groupId}`}
              group={g}
              defaultName={props.defaultName}
              onAsk={(name, note) => props.onAsk(g, name, note)}
              onReport={(reason) => props.onReport(g, reason)}
              onOpen={() => props.onOpen(g)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Offered once in the Groups tab: the member turns discovery on, or not now (the options keep the switch). */
export function DiscoveryOffer(props: { onChoose(on: boolean): void }) {
  const hintId = useId();
  return (
    <section class="card stack" aria-describedby={hintId}>
      <p>{t('discovery.offer')}</p>
      <label class="switch">
        <input type="checkbox" role="switch" checked={false} aria-describedby={hintId} onChange={(e) => props.onChoose(e.currentTarget.checked)} />
        <span>{t('discovery.switch')}</span>
      </label>
      <span class="hint" id={hintId}>
        {t('discovery.privacy')}
      </span>
      <div class="row">
        <button type="button" class="btn" onClick={() => props.onChoose(false)}>
          {t('discovery.notNow')}
        </button>
      </div>
    </section>
  );
}
