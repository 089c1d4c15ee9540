import { useEffect, useMemo, useState } from 'preact/hooks';
import { Switch } from '../../components/ui/Switch';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { formatRelative, t } from '../../i18n/index';
import { asNookError, type Transport } from '../../messaging/transport';
import type { NookError } from '../../protocol/errors';
import { adapterFor, siteKey } from '../../sites/index';

/** At a glance: this site's switch, open Nook here, the member's groups and recent notes. */
export function Popup(props: {
  transport: Transport;
  tab: { id: number; url: string } | null;
  requestOrigin(origin: string): Promise<boolean>;
  openOptions(): void;
  close(): void;
}) {
  const { transport, tab } = props;
  const live = useMemo(
    () => ({
      groups: transport.live('groups.list', { context: null }),
      notes: transport.live('notes.list', { limit: 5 }),
      sites: transport.live('sites.list', undefined),
      settings: transport.live('settings.get', undefined),
    }),
    [],
  );
  useEffect(() => () => Object.values(live).forEach((l) => l.dispose()), []);
  const [error, setError] = useState<NookError | null>(null);

  const url = tab && /^https?:/.test(tab.url) ? new URL(tab.url) : null;
  const supported = url ? !!adapterFor(url) : false;
  const key = url ? siteKey(url) : null;
  const siteOn = supported
    ? (live.sites.state.value.value?.find((s) => s.key === key)?.enabled ?? true)
    : !!url && (live.settings.state.value.value?.customOrigins.includes(url.origin) ?? false);

  const toggleSite = async (on: boolean) => {
    if (!url || !key) return;
    try {
      setError(null);
      if (supported) await transport.call('sites.set', { key, enabled: on });
      else if (on) {
        if (!(await props.requestOrigin(url.origin))) throw { code: 'permission_denied', message: 'Permission refused', params: { origin: url.origin } };
        await transport.call('origins.enable', { origin: url.origin });
      } else await transport.call('origins.disable', { origin: url.origin });
    } catch (e) {
      setError((e as NookError).code ? (e as NookError) : asNookError(e));
    }
  };

  const groups = live.groups.state.value.value;
  const allGroups = groups ? [...groups.forContext, ...groups.others] : [];
  const notes = live.notes.state.value.value ?? [];

  return (
    <main class="popup stack">
      <div class="spread">
        <h1>{t('popup.title')}</h1>
        <button type="button" class="btn link" onClick={props.openOptions}>
          {t('popup.options')}
        </button>
      </div>
      {url ? (
        <section class="card stack" aria-label={url.host}>
          <Switch label={t('popup.siteSwitch', { site: url.host })} checked={siteOn} onChange={toggleSite} />
          <button
            type="button"
            class="btn primary"
            onClick={async () => {
              try {
                await transport.call('tab.open', { tabId: tab!.id });
                props.close();
              } catch (e) {
                setError(asNookError(e));
              }
            }}
          >
            {t('popup.openHere')}
          </button>
          <ErrorLine error={error} />
        </section>
      ) : (
        <p class="muted">{t('popup.noPage')}</p>
      )}
      <section aria-labelledby="popup-groups">
        <h2 id="popup-groups">{t('popup.groups')}</h2>
        {allGroups.length === 0 ? (
          <p class="muted">{t('groups.none')}</p>
        ) : (
          <ul class="list">
            {allGroups.slice(0, 8).map((g) => (
              <li key={g.id}>
                {g.name} <span class="hint">{g.hub ? new URL(g.hub).host : t('groups.local')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="popup-notes">
        <h2 id="popup-notes">{t('popup.notes')}</h2>
        {notes.length === 0 ? (
          <p class="muted">{t('notes.none')}</p>
        ) : (
          <ul class="list">
            {notes.map((n) => (
              <li key={n.id}>
                <a href={n.url} target="_blank" rel="noopener noreferrer">
                  {n.title || n.url}
                </a>{' '}
                <span class="hint">{formatRelative(n.updatedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
