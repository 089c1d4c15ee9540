import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { Field } from '../ui/Field';
import { ErrorLine } from '../ui/ErrorLine';

/**
 * Makes a new group on a hub from an archive file (a JSON export): the member becomes its
 * owner, and everyone in the archive comes along as a name.
 *
 * One import, one group: the form makes the import's key when a file is chosen and sends it
 * with every try until one succeeds (an answer lost on the way back is tried again as the
 * same import, and the hub answers the group it made). Another file is another import, with
 * a key of its own; the same file chosen again keeps the key. It is sent once at a time:
 * the button waits for the answer.
 */
const fileIdentity = (f: File) => `${f.name}\n${f.size}\n${f.lastModified}`;

export function ImportArchive(props: {
  defaultHub: string;
  defaultName: string;
  onImport(input: { key: string; hub: string; ownerName: string; text: string }): Promise<NookError | null>;
  onCancel(): void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [hub, setHub] = useState(props.defaultHub);
  const [name, setName] = useState(props.defaultName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const importing = useRef({ key: crypto.randomUUID(), of: '', sending: false });
  const choose = (f: File | null) => {
    setFile(f);
    // Another archive is another import; the same file chosen again is the one being tried.
    if (f && fileIdentity(f) !== importing.current.of) importing.current = { ...importing.current, key: crypto.randomUUID(), of: fileIdentity(f) };
  };
  return (
    <form
      class="card stack"
      onSubmit={async (e) => {
        e.preventDefault();
        // A second press before the button shows it is waiting (a double click) sends nothing more.
        if (importing.current.sending) return;
        if (!file) return setError({ code: 'archive_file_required', message: 'Choose an archive file.' });
        importing.current.sending = true;
        setBusy(true);
        try {
          setError(await props.onImport({ key: importing.current.key, hub, ownerName: name, text: await file.text() }));
        } finally {
          importing.current.sending = false;
          setBusy(false);
        }
      }}
    >
      <h2>{t('archive.importTitle')}</h2>
      <Field label={t('archive.file')} hint={t('archive.fileHint')}>
        {(c) => <input {...c} type="file" accept="application/json,.json" required disabled={busy} onChange={(e) => choose(e.currentTarget.files?.[0] ?? null)} />}
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
