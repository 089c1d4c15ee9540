import { useState } from 'preact/hooks';
import { toNookError, type NookError } from '../../protocol/errors';
import { ErrorLine } from '../ui/ErrorLine';

/**
 * Signing this browser out on the hub (its device's token deleted, its cookie cleared): the
 * panel's "Sign out on this device" and the console's "Sign out". A refusal is told beside it.
 */
export function SignOutHere(props: { label: string; onSignOut(): Promise<void> }) {
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div class="stack">
      <div class="row">
        <button
          type="button"
          class="btn"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(await props.onSignOut().then(() => null, toNookError));
            setBusy(false);
          }}
        >
          {props.label}
        </button>
      </div>
      <ErrorLine error={error} />
    </div>
  );
}
