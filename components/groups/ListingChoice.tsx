import { useId } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { ListingChoice as Choice } from '../../types/discovery';

/**
 * Where a hosted group is listed, as three radios: "Not listed" (the default), on this page
 * (offered only where the page is more than its community), or in this community.
 */
export function ListingChoice(props: { value: Choice; onChange(value: Choice): void; page: boolean; disabled?: boolean }) {
  const id = useId();
  const options: [Choice, string][] = [
    ['none', t('listing.none')],
    ...(props.page ? [['page', t('listing.page')] as [Choice, string]] : []),
    ['community', t('listing.community')],
  ];
  return (
    <fieldset class="field choices" aria-describedby={`${id}-hint`}>
      <legend>{t('listing.legend')}</legend>
      {options.map(([value, label]) => (
        <label key={value} class="choice">
          <input type="radio" name={id} value={value} checked={props.value === value} disabled={props.disabled} onChange={() => props.onChange(value)} />
          <span>{label}</span>
        </label>
      ))}
      <span class="hint" id={`${id}-hint`}>
        {t('listing.hint')}
      </span>
    </fieldset>
  );
}
