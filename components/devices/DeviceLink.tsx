import { useState } from 'preact/hooks';
import { formatDate, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

const HUB_ADDRESS_ERRORS = new Set(['hub_invalid', 'hub_insecure']);

/** Moving to another device: make a one-time code here, use it there. */
export function DeviceLink(props: {
  hubs: readonly string[];
  onMakeCode(hub: string): Promise<{ code: string; expiresAt: number } | NookError>;
  onLink(hub: string, code: string): Promise<number | NookError>;
}) {
  const [made, setMade] = useState<{ hub: string; code: string; expiresAt: number } | null>(null);
  const [hub, setHub] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<NookError | null>(null);
  const [linked, setLinked] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  // A hub refused for its address is told at the field it was typed in.
  const hubError = error && HUB_ADDRESS_ERRORS.has(error.code) ? error : null;
  const host = (url: string) => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  };
  return (
    <div class="stack">
      {props.hubs.length > 0 ? (
        <ul class="list">
          {props.hubs.map((h) => (
            <li key={h} class="stack">
              <div class="spread">
                <span>{host(h)}</span>
                <button
                  type="button"
                  class="btn"
                  aria-label={t('devices.makeCodeFor', { hub: host(h) })}
                  onClick={async () => {
                    setError(null);
                    const r = await props.onMakeCode(h);
                    if ('code' in r && typeof r.code === 'string' && 'expiresAt' in r) setMade({ hub: h, code: r.code, expiresAt: r.expiresAt });
                    else setError(r as NookError);
                  }}
                >
                  {t('devices.makeCode')}
                </button>
              </div>
              {made?.hub === h ? (
                <Field label={t('devices.code')} hint={t('devices.codeHint', { time: formatDate(made.expiresAt, { timeStyle: 'short' }), hub: h })}>
                  {(c) => <input {...c} class="input code" readOnly value={made.code} onFocus={(e) => e.currentTarget.select()} />}
                </Field>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('devices.none')}</p>
      )}
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          const r = await props.onLink(hub, code);
          setBusy(false);
          if (typeof r === 'number') {
            setLinked(r);
            setCode('');
          } else setError(r);
        }}
      >
        <h3>{t('devices.useCode')}</h3>
        <Field label={t('devices.hub')} error={hubError}>
          {(c) => <input {...c} class="input" type="url" required value={hub} onInput={(e) => setHub(e.currentTarget.value)} />}
        </Field>
        <Field label={t('devices.code')}>
          {(c) => <input {...c} class="input" required value={code} autoComplete="one-time-code" onInput={(e) => setCode(e.currentTarget.value)} />}
        </Field>
        <div class="row">
          <button type="submit" class="btn primary" disabled={busy || !hub.trim() || !code.trim()}>
            {t('devices.link')}
          </button>
        </div>
        <p role="status" class="status ok">
          {linked === null ? '' : t('devices.linked', { count: linked })}
        </p>
      </form>
      <ErrorLine error={hubError ? null : error} />
    </div>
  );
}
