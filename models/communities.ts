import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { CommunityActions, CommunityListActions } from '../components/communities/types';
import type { Transport } from '../messaging/transport';
import type { NookError } from '../protocol/errors';
import type { CommunityItem } from '../sync/communities';
import { attempt, refusal } from './attempt';
import { copyText } from './clipboard';
import { follow, SKIP } from './follow';

export interface CommunitiesState {
  loading: boolean;
  communities: CommunityItem[];
  unreachable: string[];
  error: NookError | null;
}

const same = (a: CommunityItem, b: { hub: string; id: string }) => a.hub === b.hub && a.community.id === b.id;

/**
 * The sidebar's Communities view over the Transport: the member's communities (asked of the
 * hubs through the background each time the view opens, and again when a hub says something
 * in them changed: `version`), the one open, and the calls of components/communities as
 * callbacks. `openGroup` is how a group the member is in opens in the Groups view.
 */
export function createCommunitiesModel(transport: Transport, openGroup: (groupId: string) => void) {
  const state = signal<CommunitiesState>({ loading: true, communities: [], unreachable: [], error: null });
  const selected = signal<{ hub: string; id: string } | null>(null);
  // A community to open once the list has it (a notification named it by its id alone).
  let wanted: string | null = null;

  // The hubs' news, followed live from the first time the view asks for the list (not while the
  // sidebar opens on another tab): each change after the first answer moves the version.
  const watching = signal(false);
  const news = follow(transport, 'communities.news', () => (watching.value ? undefined : SKIP));
  const version = signal(0);
  let heard: number | undefined;
  const stopNews = effect(() => {
    const at = news.state.value.value;
    if (at === undefined) return;
    if (heard !== undefined && at !== heard) version.value++;
    heard = at;
  });

  async function refresh(): Promise<void> {
    watching.value = true;
    state.value = { ...state.value, loading: true };
    const r = await attempt(() => transport.call('communities.list', undefined));
    state.value = r.ok ? { loading: false, ...r.value, error: null } : { ...state.value, loading: false, error: r.error };
    const found = wanted && r.ok ? r.value.communities.find((c) => c.community.id === wanted) : undefined;
    if (found) {
      wanted = null;
      selected.value = { hub: found.hub, id: found.community.id };
    }
  }

  const keep = (c: CommunityItem) => {
    const others = state.value.communities.filter((x) => !same(x, { hub: c.hub, id: c.community.id }));
    state.value = { ...state.value, communities: [...others, c] };
    selected.value = { hub: c.hub, id: c.community.id };
  };

  const list: CommunityListActions = {
    create: async (input) => {
      const r = await attempt(() => transport.call('communities.create', input));
      if (r.ok) keep(r.value);
      return r;
    },
    preview: (link) => attempt(() => transport.call('communities.preview', { link })),
    join: async (input) => {
      const r = await attempt(() => transport.call('communities.join', input));
      if (r.ok) keep(r.value.community);
      return r;
    },
  };

  function actionsFor(c: CommunityItem): CommunityActions {
    const at = { hub: c.hub, communityId: c.community.id };
    return {
      groups: () => attempt(() => transport.call('communities.groups', at)),
      ask: (groupId, message) => refusal(() => transport.call('communities.ask', { ...at, groupId, message })),
      open: async (groupId) => {
        const r = await attempt(() => transport.call('communities.openGroup', { hub: c.hub, groupId }));
        if (r.ok) openGroup(r.value);
        return r.ok ? null : r.error;
      },
      createGroup: (draft) => refusal(() => transport.call('communities.createGroup', { ...at, ...draft })),
      leave: () => refusal(() => transport.call('communities.leave', at)),
      requests: () => attempt(() => transport.call('communities.requests', at)),
      decide: (groupId, requestId, decision) => refusal(() => transport.call('communities.decide', { hub: c.hub, groupId, requestId, decision })),
      members: () => attempt(() => transport.call('communities.members', at)),
      setRole: (memberId, role) => attempt(() => transport.call('communities.setRole', { ...at, memberId, role })),
      invite: () => attempt(() => transport.call('communities.invite', at)),
      importRoster: (csv) => attempt(() => transport.call('communities.importRoster', { ...at, csv })),
      propose: (size) => attempt(() => transport.call('communities.propose', { ...at, size })),
      edit: (proposalId, cohorts) => attempt(() => transport.call('communities.editCohorts', { ...at, proposalId, cohorts })),
      apply: (proposalId) => attempt(() => transport.call('communities.apply', { ...at, proposalId })),
      invitesCsv: (proposalId) => attempt(() => transport.call('communities.invitesCsv', { ...at, proposalId })),
      copy: copyText,
    };
  }

  return {
    state: state as ReadonlySignal<CommunitiesState>,
    selected,
    /** The community open now, as last listed. */
    current: (): CommunityItem | null => {
      const s = selected.value;
      return s ? (state.value.communities.find((c) => same(c, s)) ?? null) : null;
    },
    refresh,
    list,
    actionsFor,
    /** Moves when a hub said something in the member's communities changed. */
    version: version as ReadonlySignal<number>,
    /** Opens the community with this id once the list (asked for now) has it. */
    openById(id: string): void {
      wanted = id;
      void refresh();
    },
    dispose(): void {
      stopNews();
      news.dispose();
    },
  };
}
export type CommunitiesModel = ReturnType<typeof createCommunitiesModel>;
