import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import type { CommunityActions } from './types';

/**
 * The hub names every line at fault in one refusal ("Line 3: …; Line 7: …"): the member's
 * language says what happened, and these lines, as the hub wrote them, say where.
 */
export function rosterProblems(error: NookError): string[] {
  if (error.code !== 'roster_invalid') return [];
  const text = error.message.replace(/\s*Nothing was imported\.\s*$/, '');
  return text
    .split(/;\s*(?=Line \d+:)/)
    .map((s) => s.trim())
    .filter((s) => /^Line \d+:/.test(s));
}

/** People who are not on the hub yet, from a CSV file (name, interests, time zone): all or nothing. */
export function RosterImport(props: { actions: Pick<CommunityActions, 'importRoster'>; onImported?(count: number): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const problems = error ? rosterProblems(error) : [];
  return (
    <form
      class="stack"
      aria-label={t('communities.rosterTitle')}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return;
        setBusy(true);
        setImported(null);
        const r = await props.actions.importRoster(await file.text());
        setBusy(false);
        setError(r.ok ? null : r.error);
        if (r.ok) {
          setImported(r.value.imported);
          props.onImported?.(r.value.imported);
        }
      }}
    >
      <h3>{t('communities.rosterTitle')}</h3>
      <Field label={t('communities.rosterFile')} hint={t('communities.rosterHint')}>
        {(c) => <input {...c} type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />}
      </Field>
      <ErrorLine error={error} />
      {problems.length > 0 ? (
        <ul class="error" aria-label={t('communities.rosterProblems')}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <p role="status" class="status ok">
        {imported !== null ? t('communities.rosterImported', { count: imported }) : ''}
      </p>
      <div class="row">
        <button type="submit" class="btn" disabled={busy || !file}>
          {t('communities.rosterImport')}
        </button>
      </div>
    </form>
  );
}
