import { LiveLink } from '../../sync/link';
import type { HubMessage } from '../../sync/wire';

/** What the console hears of the communities its member runs: their own changed (null), or one's groups or requests. */
export type CommunityHeard = { communityId: string | null };

/**
 * One socket to the console's hub, let in by its session cookie, following no group: it hears
 * what the hub tells of the member's communities (a group made, a join request, a role, leaving)
 * so the console's community view follows without a reload. An opened group has its own socket
 * (GroupPane.tsx), as in the panel.
 */
export function hearCommunities(hub: string, heard: (h: CommunityHeard) => void): () => void {
  const link = new LiveLink({
    hub,
    WebSocket,
    auth: async () => ({ kind: 'cookie' }),
    cursors: async () => ({}),
    // The console's own hub, over its own origin (as the panel trusts it).
    parse: (raw) => raw as HubMessage,
    receive: async (m) => {
      if (m.t === 'communities') heard({ communityId: null });
      if (m.t === 'community') heard({ communityId: m.community });
    },
    connecting: () => undefined,
    down: () => undefined,
    // Signed out meanwhile: the console finds out at its next request and shows its sign-in.
    unauthorized: () => link.close(),
  });
  link.open();
  return () => link.close();
}
