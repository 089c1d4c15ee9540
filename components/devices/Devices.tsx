import { useEffect, useState } from 'preact/hooks';
import { formatDate, formatRelative, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { Device } from '../../protocol/identity';
import { ErrorLine } from '../ui/ErrorLine';

type Answer = Device[] | NookError;

const name = (d: Device) => {
  if (d.kind === 'extension') return t('devices.extension');
  if (!d.site) return t('devices.widgetAnywhere');
  try {
    return t('devices.widget', { site: new URL(d.site).host });
  } catch {
    return t('devices.widget', { site: d.site });
  }
};

/**
 * The member's signed-in devices on one hub, each with when it signed in and was last used;
 * any other one can be signed out, or all of them at once. The asking device is marked, and
 * signs itself out elsewhere (the panel's "Sign out on this device").
 */
export function Devices(props: { load(): Promise<Answer>; onSignOut(id: string): Promise<Answer>; onSignOutOthers(): Promise<Answer> }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const take = (r: Answer) => {
    if (Array.isArray(r)) {
      setDevices(r);
      setError(null);
    } else setError(r);
    return Array.isArray(r);
  };
  const act = async (run: () => Promise<Answer>) => {
    setBusy(true);
    setDone(false);
    setDone(take(await run()));
    setBusy(false);
  };
  useEffect(() => void props.load().then(take), []);

  const others = devices?.filter((d) => !d.current).length ?? 0;
  return (
    <div class="stack devices">
      {devices === null && !error ? <p class="muted">{t('common.loading')}</p> : null}
      {devices ? (
        <ul class="list" aria-label={t('devices.list')}>
          {devices.map((d) => (
            <li key={d.id} class="spread">
              <span class="stack">
                <span>
                  {name(d)}
                  {d.current ? <strong> · {t('devices.thisDevice')}</strong> : null}
                </span>
                <span class="hint">{t('devices.when', { created: formatDate(d.createdAt, { dateStyle: 'medium' }), used: formatRelative(d.lastUsedAt) })}</span>
              </span>
              {d.current ? null : (
                <button type="button" class="btn" disabled={busy} onClick={() => void act(() => props.onSignOut(d.id))}>
                  {t('devices.signOut')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {others > 0 ? (
        <div class="row">
          <button type="button" class="btn" disabled={busy} onClick={() => void act(props.onSignOutOthers)}>
            {t('devices.signOutOthers')}
          </button>
        </div>
      ) : null}
      <p role="status" class="status ok">
        {done ? t('devices.signedOut') : ''}
      </p>
      <ErrorLine error={error} />
    </div>
  );
}
