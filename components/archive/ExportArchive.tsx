import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { ErrorLine } from '../ui/ErrorLine';
import { saveFile as download } from '../ui/download';

export type ArchiveFormat = 'json' | 'markdown';

const TYPES: Record<ArchiveFormat, string> = { json: 'application/json', markdown: 'text/markdown' };

/**
 * A hosted group's owner downloads its archive: JSON to import as a new group on any hub,
 * or Markdown to read. The hub makes it (and refuses anyone but the owner).
 */
export function ExportArchive(props: { onExport(format: ArchiveFormat): Promise<{ fileName: string; text: string } | NookError> }) {
  const id = useId();
  const [format, setFormat] = useState<ArchiveFormat>('json');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const formats: [ArchiveFormat, string][] = [
    ['json', t('archive.json')],
    ['markdown', t('archive.markdown')],
  ];
  return (
    <form
      class="card stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const r = await props.onExport(format);
        setBusy(false);
        if ('code' in r) return setError(r);
        setError(null);
        download(r.fileName, TYPES[format], r.text);
      }}
    >
      <fieldset class="field choices" aria-describedby={`${id}-hint`}>
        <legend>{t('archive.format')}</legend>
        {formats.map(([value, label]) => (
          <label key={value} class="choice">
            <input type="radio" name={id} value={value} checked={format === value} disabled={busy} onChange={() => setFormat(value)} />
            <span>{label}</span>
          </label>
        ))}
        <span class="hint" id={`${id}-hint`}>
          {t('archive.exportHint')}
        </span>
      </fieldset>
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn" disabled={busy}>
          {t('archive.export')}
        </button>
      </div>
    </form>
  );
}
