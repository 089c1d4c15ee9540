import { useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { COHORT_DEFAULT_SIZE, MAX_MEMBER_LIMIT } from '../../protocol/limits';
import { saveFile as download } from '../ui/download';
import { withBom } from '../feedback/feedback';
import { CopyField } from '../invite/CopyField';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import { moveMember, rescore, sameAssignment } from './cohorts';
import type { CohortProposalView, CohortsAppliedItem, CommunityActions } from './types';

const hours = (h: number) => t('communities.hours', { hours: Math.round(h * 10) / 10 });

/** The proposal as a table, a cohort a row; each member can be moved to another cohort with their own select. */
function ProposalTable(props: { proposal: CohortProposalView; cohorts: string[][]; onMove(id: string, to: number): void }) {
  const { proposal, cohorts } = props;
  const scored = useMemo(() => rescore(proposal, cohorts), [proposal, cohorts]);
  const people = useMemo(() => new Map(proposal.participants.map((p) => [p.id, p])), [proposal]);
  const q = scored.quality;
  return (
    <div class="stack">
      <table class="cohorts" aria-label={t('communities.proposed')}>
        <thead>
          <tr>
            <th scope="col">{t('communities.cohort')}</th>
            <th scope="col">{t('communities.cohortMembers')}</th>
            <th scope="col">{t('communities.shared')}</th>
            <th scope="col">{t('communities.spread')}</th>
            <th scope="col">{t('communities.score')}</th>
          </tr>
        </thead>
        <tbody>
          {scored.cohorts.map((c, i) => (
            <tr key={i}>
              <th scope="row">{t('communities.cohortN', { n: i + 1 })}</th>
              <td>
                <ul class="list">
                  {c.members.map((id) => {
                    const p = people.get(id)!;
                    return (
                      <li key={id} class="cohort-member">
                        <span dir="auto">{p.name}</span>
                        {p.kind === 'roster' ? <span class="hint"> · {t('communities.fromRoster')}</span> : null}{' '}
                        <select
                          class="input"
                          aria-label={t('communities.moveNamed', { name: p.name })}
                          value={String(i)}
                          onChange={(e) => props.onMove(id, Number(e.currentTarget.value))}
                        >
                          {cohorts.map((_, j) => (
                            <option key={j} value={String(j)}>
                              {t('communities.cohortN', { n: j + 1 })}
                            </option>
                          ))}
                        </select>
                      </li>
                    );
                  })}
                </ul>
              </td>
              <td dir="auto">{c.sharedInterests.length > 0 ? c.sharedInterests.join(', ') : t('communities.noneShared')}</td>
              <td>{hours(c.spreadHours)}</td>
              <td>{t('communities.percent', { score: c.score })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status">
        {t('communities.quality', {
          score: q.score,
          shared: Math.round(q.meanSharedInterests * 100) / 100,
          median: hours(q.medianSpreadHours),
          worst: hours(q.worstSpreadHours),
        })}
      </p>
    </div>
  );
}

/** What applying made: the groups, and a personal link for each roster person to send them. */
function Applied(props: { applied: CohortsAppliedItem; actions: Pick<CommunityActions, 'invitesCsv' | 'copy'> }) {
  const { applied } = props;
  const [error, setError] = useState<NookError | null>(null);
  return (
    <div class="stack">
      <p role="status" class="status ok">
        {t('communities.appliedGroups', { count: applied.groups.length })}
      </p>
      <ul class="list" aria-label={t('communities.madeGroups')}>
        {applied.groups.map((g) => (
          <li key={g.id}>
            <span dir="auto">{g.name}</span> · {t('communities.memberCount', { count: g.members })}
          </li>
        ))}
      </ul>
      {applied.invites.length > 0 ? (
        <>
          <h4>{t('communities.personalLinks')}</h4>
          <p class="hint">{t('communities.personalLinksHint')}</p>
          <ul class="list" aria-label={t('communities.personalLinks')}>
            {applied.invites.map((i) => (
              <li key={i.rosterId}>
                <CopyField
                  label={t('communities.linkFor', { name: i.name, n: i.cohort })}
                  value={i.url}
                  copyLabel={t('communities.copyLinkFor', { name: i.name })}
                  onCopy={props.actions.copy}
                />
              </li>
            ))}
          </ul>
          <div class="row">
            <button
              type="button"
              class="btn"
              onClick={async () => {
                const r = await props.actions.invitesCsv(applied.proposal.id);
                if (r.ok) download(r.value.fileName, 'text/csv', withBom(r.value.text));
                setError(r.ok ? null : r.error);
              }}
            >
              {t('communities.exportCsv')}
            </button>
          </div>
          <ErrorLine error={error} />
        </>
      ) : null}
    </div>
  );
}

/**
 * "Split into cohorts" (the community's owner): a size, a proposal to look at (each cohort, what
 * its members share, how far apart their zones are, a score, and the whole split's quality),
 * members moved by hand with the scores recomputed as the hub computes them, then "Apply":
 * the hub makes one group per cohort.
 */
export function CohortSplit(props: { actions: Pick<CommunityActions, 'propose' | 'edit' | 'apply' | 'invitesCsv' | 'copy'>; onApplied?(): void }) {
  const [open, setOpen] = useState(false);
  const [size, setSize] = useState(String(COHORT_DEFAULT_SIZE));
  const [proposal, setProposal] = useState<CohortProposalView | null>(null);
  const [cohorts, setCohorts] = useState<string[][]>([]);
  const [applied, setApplied] = useState<CohortsAppliedItem | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const n = Number(size);
  const sizeOk = Number.isInteger(n) && n >= 2 && n <= MAX_MEMBER_LIMIT - 1;

  if (!open) {
    return (
      <button type="button" class="btn" onClick={() => setOpen(true)}>
        {t('communities.split')}
      </button>
    );
  }
  const apply = async (p: CohortProposalView) => {
    setBusy(true);
    let error: NookError | null = null;
    if (!sameAssignment(cohorts, p.cohorts.map((c) => c.members))) {
      const edited = await props.actions.edit(p.id, cohorts.filter((c) => c.length > 0));
      if (!edited.ok) error = edited.error;
    }
    if (!error) {
      const r = await props.actions.apply(p.id);
      if (r.ok) {
        setApplied(r.value);
        props.onApplied?.();
      } else error = r.error;
    }
    setError(error);
    setBusy(false);
  };
  return (
    <section class="stack" aria-label={t('communities.split')}>
      <h3>{t('communities.split')}</h3>
      {applied ? (
        <Applied applied={applied} actions={props.actions} />
      ) : (
        <>
          <form
            class="row"
            onSubmit={async (e) => {
              e.preventDefault();
              if (!sizeOk) return;
              setBusy(true);
              const r = await props.actions.propose(n);
              setBusy(false);
              setError(r.ok ? null : r.error);
              if (r.ok) {
                setProposal(r.value);
                setCohorts(r.value.cohorts.map((c) => c.members));
              }
            }}
          >
            <Field label={t('communities.size')} hint={t('communities.sizeHint')}>
              {(c) => (
                <input {...c} class="input" type="number" min={2} max={MAX_MEMBER_LIMIT - 1} step={1} required value={size} onInput={(e) => setSize(e.currentTarget.value)} />
              )}
            </Field>
            <button type="submit" class="btn" disabled={busy || !sizeOk}>
              {t('communities.preview')}
            </button>
          </form>
          <ErrorLine error={error} />
          {proposal ? (
            proposal.participants.length === 0 ? (
              <p class="muted">{t('communities.nobodyToPlace')}</p>
            ) : (
              <>
                <ProposalTable proposal={proposal} cohorts={cohorts} onMove={(id, to) => setCohorts((all) => moveMember(all, id, to))} />
                <div class="row">
                  <button type="button" class="btn primary" disabled={busy} onClick={() => void apply(proposal)}>
                    {t('communities.apply')}
                  </button>
                </div>
              </>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
