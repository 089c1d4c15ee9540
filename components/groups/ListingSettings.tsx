import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { ListingChoice as Choice } from '../../types/discovery';
import { ErrorLine } from '../ui/ErrorLine';
import { ListingChoice } from './ListingChoice';

/** A hosted group's listing, for its owner to change: "Listed on this page" and "in this community" mean the page open now. */
export function ListingSettings(props: { load(): Promise<Choice | NookError>; onSave(listing: Choice): Promise<NookError | null>; page: boolean }) {
  const [saved, setSaved] = useState<Choice | null>(null);
  const [value, setValue] = useState<Choice>('none');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  useEffect(() => {
    void props.load().then((r) => {
      if (typeof r === 'string') {
        setSaved(r);
        setValue(r);
      } else setError(r);
    });
  }, []);
  return (
    <form
      class="card stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const err = await props.onSave(value);
        setBusy(false);
        setError(err);
        if (!err) setSaved(value);
      }}
    >
      <ListingChoice value={value} page={props.page} disabled={saved === null || busy} onChange={setValue} />
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn" disabled={saved === null || busy}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
