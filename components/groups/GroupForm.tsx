import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { GroupDraft } from '../../models/groups';
import type { NookError } from '../../protocol/errors';
import { DEFAULT_MEMBER_LIMIT, MAX_MEMBER_LIMIT, MIN_MEMBER_LIMIT } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import { ListingChoice } from './ListingChoice';

/** New group: name, topic, member limit (default 30, at most 100) and where it lives. */
export function GroupForm(props: {
  defaultHub: string;
  /** The member's display name, for a group on a hub (members see it). */
  defaultName: string;
  onSubmit(d: GroupDraft): Promise<NookError | null>;
  /** Absent where there is nothing to go back to (the hub's /create page). */
  onCancel?(): void;
  /** The group lives on `defaultHub` (the hub's own /create page): no "Hub" field, and the owner's name is always asked. */
  hubFixed?: boolean;
  /** The owner is already known by a name there (a community's group: their name in the community): not asked. */
  ownerFixed?: boolean;
  /** A hosted group may be listed for the page it is made on: whether that page is more than its community. */
  listable?: { page: boolean } | null;
  /** Further fields, before the submit button. */
  children?: ComponentChildren;
}) {
  const [draft, setDraft] = useState<GroupDraft>({ name: '', topic: '', memberLimit: DEFAULT_MEMBER_LIMIT, hub: props.defaultHub, ownerName: props.defaultName });
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const limitError =
    !Number.isInteger(draft.memberLimit) || draft.memberLimit < MIN_MEMBER_LIMIT || draft.memberLimit > MAX_MEMBER_LIMIT
      ? { code: 'member_limit_range', message: 'Member limit out of range', params: { min: MIN_MEMBER_LIMIT, max: MAX_MEMBER_LIMIT } }
      : null;
  const set = (patch: Partial<GroupDraft>) => setDraft({ ...draft, ...patch });
  // A hub refused for its address (plain http, say) is told at the Hub field.
  const hubError = error && !props.hubFixed && (error.code === 'hub_insecure' || error.code === 'hub_invalid') ? error : null;
  return (
    <form
      class="card stack"
      aria-labelledby="new-group-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (limitError) return;
        setBusy(true);
        setError(await props.onSubmit(draft));
        setBusy(false);
      }}
    >
      <h2 id="new-group-title">{t('groups.new')}</h2>
      <Field label={t('groups.name')}>
        {(c) => <input {...c} class="input" required maxLength={80} value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
      </Field>
      <Field label={t('groups.topic')}>
        {(c) => <input {...c} class="input" maxLength={280} value={draft.topic} onInput={(e) => set({ topic: e.currentTarget.value })} />}
      </Field>
      <Field label={t('groups.memberLimit')} hint={t('groups.memberLimitHint', { max: MAX_MEMBER_LIMIT })} error={limitError}>
        {(c) => (
          <input
            {...c}
            class="input"
            type="number"
            min={MIN_MEMBER_LIMIT}
            max={MAX_MEMBER_LIMIT}
            step={1}
            value={Number.isNaN(draft.memberLimit) ? '' : draft.memberLimit}
            onInput={(e) => set({ memberLimit: e.currentTarget.valueAsNumber })}
          />
        )}
      </Field>
      {props.hubFixed ? null : (
        <Field label={t('groups.hub')} hint={t('groups.hubHint')} error={hubError}>
          {(c) => <input {...c} class="input" type="url" inputMode="url" value={draft.hub} onInput={(e) => set({ hub: e.currentTarget.value })} />}
        </Field>
      )}
      {!props.ownerFixed && (props.hubFixed || draft.hub.trim()) ? (
        <Field label={t('groups.ownerName')} hint={t('groups.ownerNameHint')}>
          {(c) => <input {...c} class="input" required maxLength={80} value={draft.ownerName} onInput={(e) => set({ ownerName: e.currentTarget.value })} />}
        </Field>
      ) : null}
      {props.listable && (props.hubFixed || draft.hub.trim()) ? (
        <ListingChoice value={draft.listing ?? 'none'} page={props.listable.page} onChange={(listing) => set({ listing })} />
      ) : null}
      {props.children}
      <ErrorLine error={hubError ? null : error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy || !!limitError}>
          {t('groups.create')}
        </button>
        {props.onCancel ? (
          <button type="button" class="btn" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
