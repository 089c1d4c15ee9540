import { effect } from '@preact/signals';
import type { Transport } from '../../messaging/transport';
import { targetOfQuery, type GroupTarget } from '../../types/open';

/** The group, or the community, a sidebar shows. */
export interface Shown {
  groupId: string | null;
  communityId: string | null;
}

/**
 * Tells the background which group or community this sidebar shows and whether the member
 * can see it, so no notification comes for it meanwhile (entrypoints/background/notify.ts). A
 * closed sidebar's frame stays in the page, hidden: it has no width then, and a resize says so.
 */
export function reportShowing(transport: Transport, shown: () => Shown): () => void {
  let last = '';
  const tell = ({ groupId, communityId }: Shown) => {
    const visible = document.visibilityState === 'visible' && innerWidth > 0;
    const now = JSON.stringify([groupId, communityId, visible]);
    if (now === last) return;
    last = now;
    void transport.call('sidebar.showing', { groupId, communityId, visible }).catch(() => undefined);
  };
  const stop = effect(() => tell(shown()));
  const again = () => tell(shown());
  const gone = () => void transport.call('sidebar.showing', { groupId: null, communityId: null, visible: false }).catch(() => undefined);
  addEventListener('resize', again);
  document.addEventListener('visibilitychange', again);
  addEventListener('pagehide', gone);
  return () => {
    stop();
    removeEventListener('resize', again);
    document.removeEventListener('visibilitychange', again);
    removeEventListener('pagehide', gone);
    gone();
  };
}

/** The group a notification opened Nook's page on, and where in it (types/open.ts targetQuery made its address). */
export const openedOn = (search: string): GroupTarget | null => targetOfQuery(search);
