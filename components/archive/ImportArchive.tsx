import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { Field } from '../ui/Field';
import { ErrorLine } from '../ui/ErrorLine';

/**
 * Makes a new group on a hub from an archive file (a JSON export): the member becomes its
 * owner, and everyone in the archive comes along as a name.
 */
export function ImportArchive(props: {
  defaultHub: string;
  defaultName: string;
  onImport(input: { hub: string; ownerName: string; text: string }): Promise<NookError | null>;
  onCancel(): void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [hub, setHub] = useState(props.defaultHub);
  const [name, setName] = useState(props.defaultName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  return (
    <form
      class="card stack"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return setError({ code: 'archive_file_required', message: 'Choose an archive file.' });
        setBusy(true);
        const err = await props.onImport({ hub, ownerName: name, text: await file.text() });
        setBusy(false);
        setError(err);
      }}
    >
      <h2>{t('archive.importTitle')}</h2>
      <Field label={t('archive.file')} hint={t('archive.fileHint')}>
        {(c) => <input {...c} type="file" accept="application/json,.json" required disabled={busy} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />}
      </Field>
      <Field label={t('archive.hub')}>
        {(c) => <input {...c} type="url" value={hub} required disabled={busy} onInput={(e) => setHub(e.currentTarget.value)} />}
      </Field>
      <Field label={t('archive.yourName')}>
        {(c) => <input {...c} type="text" value={name} required maxLength={80} disabled={busy} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy}>
          {t('archive.import')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
