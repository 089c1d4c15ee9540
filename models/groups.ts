import { signal, type ReadonlySignal } from '@preact/signals';
import { t } from '../i18n/index';
import type { Transport } from '../messaging/transport';
import type { PageContext } from '../sites/types';
import type { ListingChoice } from '../types/discovery';
import type { Group } from '../types/local';
import { attempt } from './attempt';
import { follow, SKIP } from './follow';
import type { Toasts } from './toast';

export interface GroupDraft {
  name: string;
  topic: string;
  memberLimit: number;
  hub: string;
  ownerName: string;
  /** Where a hosted group is listed for the page it is made on; "Not listed" unless chosen. */
  listing?: ListingChoice;
}

/** The member's groups, those of the current page's community first. */
export function createGroupsModel(transport: Transport, context: ReadonlySignal<PageContext | null | undefined>, toasts: Toasts) {
  const list = follow(transport, 'groups.list', () => (context.value === undefined ? SKIP : { context: context.value }));
  const selected = signal<string | null>(null);
  const selectedGroup = follow(transport, 'groups.get', () => (selected.value ? { id: selected.value } : SKIP));

  return {
    list: list.state,
    selected,
    selectedGroup: selectedGroup.state,
    create: (d: GroupDraft) =>
      attempt(async () => {
        const g = await transport.call('groups.create', {
          name: d.name,
          topic: d.topic,
          memberLimit: d.memberLimit,
          hub: d.hub.trim() === '' ? null : d.hub.trim(),
          ownerName: d.ownerName.trim(),
          context: context.value ?? null,
          listing: d.listing ?? 'none',
        });
        selected.value = g.id;
        return g;
      }),
    update: (id: string, patch: { name?: string; topic?: string; memberLimit?: number }) =>
      attempt(() => transport.call('groups.update', { id, ...patch })),
    async remove(group: Group) {
      const res = await attempt(() => transport.call('groups.delete', { id: group.id }));
      if (!res.ok) return res;
      if (selected.value === group.id) selected.value = null;
      toasts.show({
        message: t('groups.deleted', { name: group.name }),
        action: { label: t('common.undo'), run: () => void transport.call('groups.undoDelete', { id: group.id }) },
      });
      return res;
    },
    join: (link: string, name: string) =>
      attempt(async () => {
        const g = await transport.call('groups.join', { link, name });
        selected.value = g.id;
        return g;
      }),
    link: (group: Group, scope: 'community' | 'page') =>
      attempt(async () => {
        if (!context.value) throw new Error('no page context');
        return transport.call('groups.link', { id: group.id, context: context.value, scope });
      }),
    unlink: (group: Group, key: string) => attempt(() => transport.call('groups.unlink', { id: group.id, key })),
    listing: (id: string) => attempt(() => transport.call('groups.listing', { id })),
    setListing: (id: string, listing: ListingChoice) =>
      attempt(() => transport.call('groups.setListing', { id, listing, context: context.value ?? null })),
    dispose() {
      list.dispose();
      selectedGroup.dispose();
    },
  };
}
export type GroupsModel = ReturnType<typeof createGroupsModel>;
