import { Devices } from '../../components/devices/Devices';
import { SignOutHere } from '../../components/devices/SignOutHere';
import { t } from '../../i18n/index';
import { asNookError, type Transport } from '../../messaging/transport';

/**
 * A member's "Your devices" in the panel: the identity's devices on this hub, and signing out
 * here. Its own chunk, loaded when opened: the panel's start stays within its budget.
 */
export function YourDevices(props: { transport: Transport; hub: string; onSignOutHere(): Promise<void> }) {
  const { transport, hub } = props;
  return (
    <div class="stack">
      <Devices
        load={() => transport.call('hubs.devices', { hub }).catch(asNookError)}
        onSignOut={(deviceId) => transport.call('hubs.signOut', { hub, deviceId }).catch(asNookError)}
        onSignOutOthers={() => transport.call('hubs.signOutOthers', { hub }).catch(asNookError)}
      />
      {/* The hub forgets this device's token and clears its cookie; the panel then shows the way in. */}
      <SignOutHere label={t('devices.signOutHere')} onSignOut={props.onSignOutHere} />
    </div>
  );
}
