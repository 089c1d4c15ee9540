import { useEffect, useMemo, useState } from 'preact/hooks';
import { DeviceLink } from '../../components/devices/DeviceLink';
import { Devices } from '../../components/devices/Devices';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { Field } from '../../components/ui/Field';
import { Switch } from '../../components/ui/Switch';
import { formatBytes, LANGUAGES, t, type MessageKey } from '../../i18n/index';
import { asNookError, type Transport } from '../../messaging/transport';
import type { NookError } from '../../protocol/errors';
import { ADAPTERS } from '../../sites/index';
import type { Settings } from '../../types/local';

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Everything the member can set: name, language, hub, sites, their notes' export and import. */
export function Options(props: { transport: Transport; onLanguage(lang: string): Promise<void>; requestOrigin(origin: string): Promise<boolean> }) {
  const { transport } = props;
  const live = useMemo(
    () => ({
      settings: transport.live('settings.get', undefined),
      sites: transport.live('sites.list', undefined),
      usage: transport.live('storage.estimate', undefined),
      hubs: transport.live('hubs.list', undefined),
    }),
    [],
  );
  useEffect(() => () => Object.values(live).forEach((l) => l.dispose()), []);
  const settings = live.settings.state.value.value;
  const sites = live.sites.state.value.value ?? [];
  const usage = live.usage.state.value.value;
  const hubs = live.hubs.state.value.value ?? [];
  const [error, setError] = useState<NookError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [importMsg, setImportMsg] = useState<string | null>(null);
  const [importError, setImportError] = useState<NookError | null>(null);
  const [origin, setOrigin] = useState('');
  const [hubError, setHubError] = useState<NookError | null>(null);

  const save = async (patch: Partial<Settings>) => {
    try {
      setError(null);
      await transport.call('settings.set', patch);
      setSaved(t('options.saved'));
      if (patch.language !== undefined) await props.onLanguage(patch.language);
    } catch (e) {
      setError(asNookError(e));
    }
  };

  if (!settings) return <main class="options"><p class="muted">{t('common.loading')}</p></main>;

  return (
    <main class="options">
      <h1>{t('options.title')}</h1>
      <ErrorLine error={error} />
      <p class="status ok" role="status">
        {saved ?? ''}
      </p>

      <section aria-labelledby="opt-you" class="stack">
        <h2 id="opt-you">{t('options.you')}</h2>
        <Field label={t('options.displayName')}>
          {(c) => <input {...c} class="input" maxLength={60} value={settings.displayName} onChange={(e) => void save({ displayName: e.currentTarget.value })} />}
        </Field>
        <Field label={t('options.language')}>
          {(c) => (
            <select {...c} class="input" value={settings.language} onChange={(e) => void save({ language: e.currentTarget.value })}>
              <option value="">{t('options.languageBrowser')}</option>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('options.defaultHub')} hint={t('options.defaultHubHint')} error={hubError}>
          {(c) => (
            <input
              {...c}
              class="input"
              type="url"
              value={settings.defaultHub}
              onChange={async (e) => {
                // A refused hub (plain http, say) is told at the field, not at the top of the page.
                setHubError(null);
                try {
                  await transport.call('settings.set', { defaultHub: e.currentTarget.value.trim() });
                  setSaved(t('options.saved'));
                } catch (err) {
                  setHubError(asNookError(err));
                }
              }}
            />
          )}
        </Field>
      </section>

      <section aria-labelledby="opt-discovery" class="stack">
        <h2 id="opt-discovery">{t('discovery.options')}</h2>
        <Switch
          label={t('discovery.switch')}
          checked={settings.discovery === 'on'}
          onChange={(on) => void transport.call('settings.set', { discovery: on ? 'on' : 'off' }).catch((e) => setError(asNookError(e)))}
        />
        <p class="hint">{t('discovery.privacy')}</p>
      </section>

      <section aria-labelledby="opt-reminders" class="stack">
        <h2 id="opt-reminders">{t('reminders.options')}</h2>
        <Switch label={t('reminders.checkIns')} checked={settings.remindCheckIns} onChange={(on) => void save({ remindCheckIns: on })} />
        <Switch label={t('reminders.meetings')} checked={settings.remindMeetings} onChange={(on) => void save({ remindMeetings: on })} />
        <p class="hint">{t('reminders.hint')}</p>
      </section>

      <section aria-labelledby="opt-notify" class="stack">
        <h2 id="opt-notify">{t('notify.options')}</h2>
        <Switch label={t('notify.mentions')} checked={settings.notifyMentions} onChange={(on) => void save({ notifyMentions: on })} />
        <Switch label={t('notify.replies')} checked={settings.notifyReplies} onChange={(on) => void save({ notifyReplies: on })} />
        <Switch label={t('notify.requests')} checked={settings.notifyRequests} onChange={(on) => void save({ notifyRequests: on })} />
        <p class="hint">{t('notify.hint')}</p>
      </section>

      <section aria-labelledby="opt-sites" class="stack">
        <h2 id="opt-sites">{t('options.sites')}</h2>
        <ul class="list">
          {ADAPTERS.map((a) => {
            const prefs = sites.find((s) => s.key === a.site);
            return (
              <li key={a.site} class="spread">
                <Switch
                  label={t(`site.${a.site}` as MessageKey)}
                  checked={prefs?.enabled ?? true}
                  onChange={(on) => void transport.call('sites.set', { key: a.site, enabled: on }).catch((e) => setError(asNookError(e)))}
                />
                {prefs?.launcherHidden ? (
                  <button type="button" class="btn link" onClick={() => void transport.call('sites.set', { key: a.site, launcherHidden: false })}>
                    {t('options.showLauncher')}
                  </button>
                ) : null}
              </li>
            );
          })}
          {settings.customOrigins.map((o) => (
            <li key={o} class="spread">
              <span>{o}</span>
              <button type="button" class="btn link" onClick={() => void transport.call('origins.disable', { origin: o }).catch((e) => setError(asNookError(e)))}>
                {t('options.removeSite')}
              </button>
            </li>
          ))}
        </ul>
        <form
          class="row"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              setError(null);
              const o = new URL(origin.includes('://') ? origin : `https://${origin}`).origin;
              if (!(await props.requestOrigin(o))) throw new Error('refused');
              await transport.call('origins.enable', { origin: o });
              setOrigin('');
            } catch (err) {
              setError(err instanceof TypeError ? { code: 'origin_invalid', message: 'Not a web address' } : { code: 'permission_denied', message: String(err), params: { origin } });
            }
          }}
        >
          <Field label={t('options.addSite')} style={{ flex: 1 }}>
            {(c) => <input {...c} class="input" value={origin} placeholder={t('options.addSitePlaceholder')} onInput={(e) => setOrigin(e.currentTarget.value)} />}
          </Field>
          <button type="submit" class="btn" disabled={!origin.trim()}>
            {t('options.addSiteButton')}
          </button>
        </form>
      </section>

      <section aria-labelledby="opt-devices" class="stack">
        <h2 id="opt-devices">{t('devices.title')}</h2>
        <p class="hint">{t('devices.intro')}</p>
        <DeviceLink
          hubs={hubs}
          onMakeCode={(hub) => transport.call('hubs.linkCode', { hub }).catch(asNookError)}
          onLink={(hub, code) => transport.call('hubs.link', { hub, code }).catch(asNookError)}
        />
      </section>

      {hubs.length > 0 ? (
        <section aria-labelledby="opt-signed-in" class="stack">
          <h2 id="opt-signed-in">{t('devices.yours')}</h2>
          {hubs.map((hub) => (
            <div key={hub} class="stack">
              <h3>{t('devices.onHub', { hub: hostOf(hub) })}</h3>
              <Devices
                load={() => transport.call('hubs.devices', { hub }).catch(asNookError)}
                onSignOut={(deviceId) => transport.call('hubs.signOut', { hub, deviceId }).catch(asNookError)}
                onSignOutOthers={() => transport.call('hubs.signOutOthers', { hub }).catch(asNookError)}
              />
            </div>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="opt-data" class="stack">
        <h2 id="opt-data">{t('options.data')}</h2>
        <p>
          {usage
            ? t('options.usage', {
                notes: usage.notes,
                groups: usage.groups,
                size: usage.bytes === null ? '—' : formatBytes(usage.bytes),
              })
            : t('common.loading')}
        </p>
        <div class="row">
          <button type="button" class="btn" onClick={async () => download('nook-notes.json', 'application/json', await transport.call('notes.export', { format: 'json' }))}>
            {t('options.exportJson')}
          </button>
          <button type="button" class="btn" onClick={async () => download('nook-notes.md', 'text/markdown', await transport.call('notes.export', { format: 'markdown' }))}>
            {t('options.exportMarkdown')}
          </button>
        </div>
        <Field label={t('options.import')} error={importError}>
          {(c) => (
            <input
              {...c}
              type="file"
              accept="application/json,.json"
              onChange={async (e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (!file) return;
                setImportMsg(null);
                setImportError(null);
                try {
                  const r = await transport.call('notes.import', { text: await file.text() });
                  setImportMsg(t('options.imported', { added: r.added, updated: r.updated, unchanged: r.unchanged }));
                } catch (err) {
                  setImportError(asNookError(err));
                }
              }}
            />
          )}
        </Field>
        <p class="status ok" role="status">
          {importMsg ?? ''}
        </p>
      </section>
    </main>
  );
}
