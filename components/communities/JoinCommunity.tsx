import { useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { MAX_NAME } from '../../protocol/limits';
import { browserZone, parseInterests, zoneChoices } from '../intro/zones';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';
import { TimeZoneField } from '../ui/TimeZoneField';
import type { CommunityItem, CommunityListActions, CommunityPreviewItem } from './types';

/** Who the member is in the community: what cohorts are made from. The time zone is the browser's unless they pick another. */
function ProfileForm(props: {
  preview: CommunityPreviewItem;
  defaultName: string;
  onJoin(profile: { name: string; interests: string[]; timeZone: string }): Promise<NookError | null>;
  onCancel(): void;
}) {
  const suggested = props.preview.suggested;
  const [name, setName] = useState(suggested?.name ?? props.defaultName);
  const [interests, setInterests] = useState(suggested?.interests.join(', ') ?? '');
  const choices = useMemo(() => zoneChoices(suggested?.timeZone ?? browserZone()), []);
  const [zone, setZone] = useState(choices.selected);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const { community, group } = props.preview;
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(await props.onJoin({ name: name.trim(), interests: parseInterests(interests), timeZone: zone }));
        setBusy(false);
      }}
    >
      <h3 dir="auto">{community.name}</h3>
      {community.about ? (
        <p class="muted" dir="auto">
          {community.about}
        </p>
      ) : null}
      <p class="hint">{t('communities.memberCount', { count: community.memberCount })}</p>
      {group ? <p>{t('communities.inviteGroup', { name: group.name })}</p> : null}
      <Field label={t('join.name')}>
        {(c) => <input {...c} class="input" type="text" required maxLength={MAX_NAME} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field label={t('intro.interests')} hint={t('communities.interestsHint')}>
        {(c) => <input {...c} class="input" type="text" value={interests} onInput={(e) => setInterests(e.currentTarget.value)} />}
      </Field>
      <TimeZoneField zones={choices.zones} value={zone} hint={t('communities.timeZoneHint')} onChange={setZone} />
      <ErrorLine error={error} />
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy || !name.trim()}>
          {t('communities.joinSubmit')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Joins a community by its invite link: what it is first, then the member's name, interests and time zone. */
export function JoinCommunity(props: {
  defaultName: string;
  onPreview: CommunityListActions['preview'];
  onJoin: CommunityListActions['join'];
  onJoined(result: { community: CommunityItem; groupId: string | null }): void;
  onCancel(): void;
}) {
  const [link, setLink] = useState('');
  const [preview, setPreview] = useState<CommunityPreviewItem | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  return (
    <div class="card stack">
      <h2>{t('communities.join')}</h2>
      {preview ? (
        <ProfileForm
          preview={preview}
          defaultName={props.defaultName}
          onCancel={props.onCancel}
          onJoin={async (profile) => {
            const r = await props.onJoin({ link, ...profile });
            if (!r.ok) return r.error;
            props.onJoined(r.value);
            return null;
          }}
        />
      ) : (
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            const r = await props.onPreview(link);
            setBusy(false);
            if (r.ok) setPreview(r.value);
            setError(r.ok ? null : r.error);
          }}
        >
          <Field label={t('communities.inviteLink')} hint={t('communities.inviteLinkHint')} error={error}>
            {(c) => <input {...c} class="input" type="url" required value={link} onInput={(e) => setLink(e.currentTarget.value)} />}
          </Field>
          <div class="row">
            <button type="submit" class="btn primary" disabled={busy || !link.trim()}>
              {t('communities.continue')}
            </button>
            <button type="button" class="btn" onClick={props.onCancel}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
