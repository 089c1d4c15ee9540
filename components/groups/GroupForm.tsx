import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { GroupDraft } from '../../models/groups';
import type { NookError } from '../../protocol/errors';
import { DEFAULT_MEMBER_LIMIT, MAX_MEMBER_LIMIT, MIN_MEMBER_LIMIT } from '../../protocol/limits';
import { ErrorLine } from '../ui/ErrorLine';

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
      <label class="field">
        <span>{t('groups.name')}</span>
        <input class="input" required maxLength={80} value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>{t('groups.topic')}</span>
        <input class="input" maxLength={280} value={draft.topic} onInput={(e) => set({ topic: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>{t('groups.memberLimit')}</span>
        <input
          class="input"
          type="number"
          min={MIN_MEMBER_LIMIT}
          max={MAX_MEMBER_LIMIT}
          step={1}
          value={Number.isNaN(draft.memberLimit) ? '' : draft.memberLimit}
          aria-invalid={limitError ? true : undefined}
          aria-describedby="limit-hint"
          onInput={(e) => set({ memberLimit: e.currentTarget.valueAsNumber })}
        />
        {limitError ? <ErrorLine error={limitError} id="limit-hint" /> : <span class="hint" id="limit-hint">{t('groups.memberLimitHint', { max: MAX_MEMBER_LIMIT })}</span>}
      </label>
      {props.hubFixed ? null : (
        <label class="field">
          <span>{t('groups.hub')}</span>
          <input class="input" type="url" inputMode="url" value={draft.hub} aria-describedby="hub-hint" onInput={(e) => set({ hub: e.currentTarget.value })} />
          <span class="hint" id="hub-hint">{t('groups.hubHint')}</span>
        </label>
      )}
      {props.hubFixed || draft.hub.trim() ? (
        <label class="field">
          <span>{t('groups.ownerName')}</span>
          <input class="input" required maxLength={80} value={draft.ownerName} aria-describedby="owner-hint" onInput={(e) => set({ ownerName: e.currentTarget.value })} />
          <span class="hint" id="owner-hint">{t('groups.ownerNameHint')}</span>
        </label>
      ) : null}
      {props.children}
      <ErrorLine error={error} />
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
