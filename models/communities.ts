import { signal, type ReadonlySignal } from '@preact/signals';
import type { CommunityActions, CommunityListActions } from '../components/communities/types';
import type { Transport } from '../messaging/transport';
import type { NookError } from '../protocol/errors';
import type { CommunityItem } from '../sync/communities';
import { attempt, refusal } from './attempt';
import { copyText } from './clipboard';

export interface CommunitiesState {
  loading: boolean;
  communities: CommunityItem[];
  unreachable: string[];
  error: NookError | null;
}

const same = (a: CommunityItem, b: { hub: string; id: string }) => a.hub === b.hub && a.community.id === b.id;

/**
 * The sidebar's Communities view over the Transport: the member's communities (asked of the
 * hubs through the background each time the view opens), the one open, and the calls of
 * components/communities as callbacks. `openGroup` is how a group the member is in opens
 * in the Groups view.
 */
export function createCommunitiesModel(transport: Transport, openGroup: (groupId: string) => void) {
  const state = signal<CommunitiesState>({ loading: true, communities: [], unreachable: [], error: null });
  const selected = signal<{ hub: string; id: string } | null>(null);

  async function refresh(): Promise<void> {
    state.value = { ...state.value, loading: true };
    const r = await attempt(() => transport.call('communities.list', undefined));
    state.value = r.ok ? { loading: false, ...r.value, error: null } : { ...state.value, loading: false, error: r.error };
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
  };
}
export type CommunitiesModel = ReturnType<typeof createCommunitiesModel>;
