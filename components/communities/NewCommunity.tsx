import { useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_ABOUT, MAX_NAME } from '../../protocol/limits';
import { browserZone } from '../intro/zones';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import type { CommunityItem, CommunityListActions } from './types';

/** Makes a community on a hub the member is signed in on; they become its owner. */
export function NewCommunity(props: {
  defaultHub: string;
  defaultName: string;
  onCreate: CommunityListActions['create'];
  onCreated(c: CommunityItem): void;
  onCancel(): void;
}) {
  const [name, setName] = useState('');
  const [about, setAbout] = useState('');
  const [hub, setHub] = useState(props.defaultHub);
  const [you, setYou] = useState(props.defaultName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  return (
    <form
      class="card stack"
      aria-label={t('communities.new')}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        // The owner runs the groups rather than being placed in a cohort: their interests do not matter here.
        const r = await props.onCreate({ hub, name, about, owner: { name: you.trim(), interests: [], timeZone: browserZone() } });
        setBusy(false);
        if (r.ok) props.onCreated(r.value);
        else setError(r.error);
      }}
    >
      <h2>{t('communities.new')}</h2>
      <Field label={t('communities.name')}>
        {(c) => <input {...c} class="input" type="text" required maxLength={MAX_NAME} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field label={t('communities.about')} hint={t('communities.aboutHint')}>
        {(c) => <textarea {...c} class="input" rows={2} maxLength={MAX_ABOUT} value={about} onInput={(e) => setAbout(e.currentTarget.value)} />}
      </Field>
      <Field label={t('archive.hub')} hint={t('communities.hubHint')}>
        {(c) => <input {...c} class="input" type="url" required value={hub} onInput={(e) => setHub(e.currentTarget.value)} />}
      </Field>
      <Field label={t('join.name')}>
        {(c) => <input {...c} class="input" type="text" required maxLength={MAX_NAME} value={you} onInput={(e) => setYou(e.currentTarget.value)} />}
      </Field>
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy || !name.trim() || !you.trim()}>
          {t('communities.create')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
