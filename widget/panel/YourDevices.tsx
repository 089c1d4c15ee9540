import { useState } from 'preact/hooks';
import { Devices } from '../../components/devices/Devices';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { t } from '../../i18n/index';
import { asNookError, type Transport } from '../../messaging/transport';
import { toNookError, type NookError } from '../../protocol/errors';

/**
 * A member's "Your devices" in the panel: the identity's devices on this hub, and signing out
 * here. Its own chunk, loaded when opened: the panel's start stays within its budget.
 */
export function YourDevices(props: { transport: Transport; hub: string; onSignOutHere(): Promise<void> }) {
  const { transport, hub } = props;
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div class="stack">
      <Devices
        load={() => transport.call('hubs.devices', { hub }).catch(asNookError)}
        onSignOut={(deviceId) => transport.call('hubs.signOut', { hub, deviceId }).catch(asNookError)}
        onSignOutOthers={() => transport.call('hubs.signOutOthers', { hub }).catch(asNookError)}
      />
      <div class="row">
        <button
          type="button"
          class="btn"
          disabled={busy}
          onClick={async () => {
            // The hub forgets this device's token and clears its cookie; the panel then shows the way in.
            setBusy(true);
            setError(await props.onSignOutHere().then(() => null, toNookError));
            setBusy(false);
          }}
        >
          {t('devices.signOutHere')}
        </button>
      </div>
      <ErrorLine error={error} />
    </div>
  );
}
