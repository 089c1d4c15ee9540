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

/** One line on how a hub's connection stands and what is still waiting to go out. */
export function SyncStatus(props: { status: HubStatus; showHub?: boolean }) {
  const { status } = props;
  let host = status.hub;
  try {
    host = new URL(status.hub).host;
  } catch {
    // Not a URL: show it as given.
  }
  const parts = [stateText(status)];
  if (status.pending > 0) parts.push(t('sync.pending', { count: status.pending }));
  // The reason matters once the connection is down; while online it is history.
  if (status.error && status.state !== 'online') parts.push(errorText(status.error));
  return (
    <p class={`sync sync-${status.state}`} role="status">
      <span class="sync-dot" aria-hidden="true" />
      {props.showHub ? <span class="sync-hub">{t('sync.hub', { hub: host })}</span> : null}
      {props.showHub ? ' ' : null}
      <span>{parts.join(' · ')}</span>
    </p>
  );
}
