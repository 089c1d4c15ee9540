import { signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { App, type ThreadRequest } from '../panel/App';
import { uuid } from '../panel/browser';
import { PanelSync } from '../panel/sync';
import { panelTransport } from '../panel/transport';
import type { PageContext } from '../../sites/types';

// The console opens a group on its own, not for a page: no thread asked for, no page to anchor one on.
const noThread = signal<ThreadRequest | null>(null);
const noPage = signal<PageContext | null>(null);

/**
 * One opened group in the console: the panel's own machinery, a PanelSync (its memory store,
 * its outbox, its /live socket, let in by the session cookie) and its Transport, shown by the
 * panel's view with the same sections as in the sidebar. One per opened group (keyed by its
 * id), closed when another opens. Nothing is cached on disk: the console is a place to act,
 * and a creator's shared computer keeps no copy of their groups.
 */
export function GroupPane(props: { hub: string; groupId: string }) {
  const sync = useMemo(() => new PanelSync({ hub: props.hub, fetch: (input, init) => fetch(input, init), WebSocket, now: () => Date.now(), uuid }, props.groupId), []);
  const transport = useMemo(() => panelTransport(sync), []);
  useEffect(() => {
    void sync.start();
    return () => sync.close();
  }, []);
  return (
    <section class="console-group card">
      <App sync={sync} transport={transport} thread={noThread} context={noPage} nested />
    </section>
  );
}
