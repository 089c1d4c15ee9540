import { useEffect, useState } from 'preact/hooks';
import type { Transport } from '../../messaging/transport';

/**
 * "Since you were away" for the group shown: opening it notes the member's look, and after a
 * long enough absence answers since when, until the member dismisses it (AwayCard follows what
 * happened since). Leaving the group, or the view going away, notes the
 * last look again.
 */
export function useAway(transport: Transport, groupId: string): { since: number | null; dismiss(): void } {
  const [since, setSince] = useState<number | null>(null);
  useEffect(() => {
    let shown = true;
    setSince(null);
    void transport
      .call('groups.opened', { groupId })
      .then((away) => shown && setSince(away))
      .catch(() => undefined);
    const seen = () => void transport.call('groups.seen', { groupId }).catch(() => undefined);
    addEventListener('pagehide', seen);
    return () => {
      shown = false;
      removeEventListener('pagehide', seen);
      seen();
    };
  }, [transport, groupId]);
  return { since, dismiss: () => setSince(null) };
}
