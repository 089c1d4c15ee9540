import { errorText, t } from '../../i18n/index';
import type { HubStatus } from '../../sync/types';

function stateText(status: HubStatus): string {
  switch (status.state) {
    case 'online':
      return t('sync.online');
    case 'offline':
      return t('sync.offline');
    case 'catching-up':
      return t('sync.catchingUp', { count: status.behind });
    case 'connecting':
      return t('sync.connecting');
  }
}

/** The hub signed this device out: nothing is sent until the member signs in again. */
const SIGNED_OUT = new Set(['token_expired', 'bad_token', 'unauthorized']);

/** One line on how a hub's connection stands and what is still waiting to go out. */
export function SyncStatus(props: { status: HubStatus; showHub?: boolean }) {
  const { status } = props;
  let host = status.hub;
  try {
    host = new URL(status.hub).host;
  } catch {
    // Not a URL: show it as given.
  }
  const { error } = status;
  const parts = [stateText(status)];
  if (status.pending > 0) parts.push(t('sync.pending', { count: status.pending }));
  // The reason matters once the connection is down; while online it is history.
  if (error && status.state !== 'online') parts.push(errorText(error));
  // Signed out, "sent when the hub is back" is not true: only that, and the way back in.
  const signedOut = status.state === 'offline' && error !== null && SIGNED_OUT.has(error.code);
  const text = !signedOut ? parts.join(' · ') : error.code === 'token_expired' ? errorText(error) : t('sync.signedOut');
  return (
    <p class={`sync sync-${status.state}`} role="status">
      <span class="sync-dot" aria-hidden="true" />
      {props.showHub ? <span class="sync-hub">{t('sync.hub', { hub: host })}</span> : null}
      {props.showHub ? ' ' : null}
      <span>{text}</span>
    </p>
  );
}
