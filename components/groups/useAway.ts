import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Transport } from '../../messaging/transport';
import type { AwaySummary } from '../../sync/away';
import { awayDue } from '../../sync/away-due';

/**
 * "Since you were away" for the group shown: opening it asks when the member last looked (and
 * notes now); after a long enough absence, what happened since is followed live (a device that
 * was off is still catching up when the group opens) until the member dismisses it. Leaving the
 * group, or the view going away, notes the last look again.
 */
export function useAway(transport: Transport, groupId: string): { summary: AwaySummary | null; dismiss(): void } {
  const [since, setSince] = useState<number | null>(null);
  useEffect(() => {
    let shown = true;
    setSince(null);
    void transport
      .call('groups.opened', { groupId })
      .then((last) => {
        if (shown && last !== null && awayDue(last, Date.now())) setSince(last);
      })
      .catch(() => undefined);
    const seen = () => void transport.call('groups.seen', { groupId }).catch(() => undefined);
    addEventListener('pagehide', seen);
    return () => {
      shown = false;
      removeEventListener('pagehide', seen);
      seen();
    };
  }, [transport, groupId]);
  const live = useMemo(() => (since === null ? null : transport.live('groups.away', { groupId, since })), [transport, groupId, since]);
  useEffect(() => () => live?.dispose(), [live]);
  return { summary: live?.state.value.value ?? null, dismiss: () => setSince(null) };
}
