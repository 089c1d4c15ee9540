import { t } from '../../i18n/index';
import { Field } from './Field';

/** "Time zone": the member's IANA zone from a list (the browser's first), shown with spaces for underscores. */
export function TimeZoneField(props: { zones: readonly string[]; value: string; hint: string; onChange(zone: string): void }) {
  return (
    <Field label={t('intro.timeZone')} hint={props.hint}>
      {(c) => (
        <select {...c} class="input" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          {props.zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
