import { useSignal, useSignalEffect } from '@preact/signals';
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { ExportArchive } from '../../components/archive/ExportArchive';
import { ImportArchive } from '../../components/archive/ImportArchive';
import { useLazy } from '../../components/ui/lazy';
import { GroupDetail } from '../../components/groups/GroupDetail';
import { GroupForm } from '../../components/groups/GroupForm';
import { GroupList } from '../../components/groups/GroupList';
import { DiscoveryOffer, GroupsHere } from '../../components/groups/GroupsHere';
import { ListingSettings } from '../../components/groups/ListingSettings';
import { HostedGroup, type GroupOpening } from '../../components/groups/HostedGroup';
import { JoinForm } from '../../components/join/JoinForm';
import { NoteBrowser } from '../../components/notes/NoteBrowser';
import { NoteEditor } from '../../components/notes/NoteEditor';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { Tabs } from '../../components/ui/Tabs';
import { ToastBar } from '../../components/ui/ToastBar';
import { t } from '../../i18n/index';
import { asNookError, type Transport } from '../../messaging/transport';
import { copyText } from '../../models/clipboard';
import { createCommunitiesModel } from '../../models/communities';
import { createDiscoveryModel } from '../../models/discovery';
import { createGroupsModel } from '../../models/groups';
import { createHostedModel } from '../../models/hosted';
import { createNoteModel, createNotesBrowser } from '../../models/notes';
import { createToasts } from '../../models/toast';
import type { PageContext } from '../../sites/types';
import type { GroupTarget } from '../../types/open';
import { openedOn, reportShowing } from './showing';

type Tab = 'groups' | 'communities' | 'notes';

export function App(props: {
  transport: Transport;
  context: ReadonlySignal<PageContext | null | undefined>;
  /** A group the background asks this sidebar to open (a notification was clicked); a new `n` each time. */
  opened: ReadonlySignal<{ target: GroupTarget; n: number } | null>;
  defaultHub: string;
  displayName: string;
}) {
  const { transport, context } = props;
  const toasts = useMemo(() => createToasts(), []);
  const note = useMemo(() => createNoteModel(transport, context, toasts), []);
  const notes = useMemo(() => createNotesBrowser(transport), []);
  const groups = useMemo(() => createGroupsModel(transport, context, toasts), []);
  const hosted = useMemo(() => createHostedModel(transport, groups.selected, context), []);
  const discovery = useMemo(() => createDiscoveryModel(transport, context), []);
  const tab = useSignal<Tab>('groups');
  const communities = useMemo(
    () =>
      createCommunitiesModel(transport, (groupId) => {
        groups.selected.value = groupId;
        tab.value = 'groups';
      }),
    [],
  );
  // The Communities view is its own chunk, loaded when its tab is first opened: most members are in no community.
  const Communities = useLazy(() => import('../../components/communities/Communities').then((m) => m.Communities), tab.value === 'communities');
  const creating = useSignal(false);
  const joining = useSignal(false);
  const importing = useSignal(false);
  // Where a notification took the member: its group, on its thread, or on a section and the item there.
  const opening = useSignal<(GroupOpening & { groupId: string }) | null>(null);
  const open = (target: GroupTarget) => {
    tab.value = 'groups';
    creating.value = false;
    joining.value = false;
    importing.value = false;
    if (target.threadId) hosted.openThread(target.groupId, target.threadId);
    groups.selected.value = target.groupId;
    opening.value = { groupId: target.groupId, section: target.section ?? 'discussion', itemId: target.itemId ?? null, n: (opening.peek()?.n ?? 0) + 1 };
  };
  // Nook's own page, opened on a group by its address; a sidebar in a page, told by the background.
  useMemo(() => {
    const target = openedOn(location.search);
    if (target) open(target);
  }, []);
  useSignalEffect(() => {
    const asked = props.opened.value;
    if (asked) open(asked.target);
  });
  // A notification of a community's join requests: Nook's own page opens on that community.
  useMemo(() => {
    const community = new URLSearchParams(location.search).get('community');
    if (!community) return;
    tab.value = 'communities';
    communities.openById(community);
  }, []);
  // No notification for the group or community this sidebar shows while it can be seen.
  useEffect(
    () =>
      reportShowing(transport, () => ({
        groupId: tab.value === 'groups' && hosted.membership.value.value ? groups.selected.value : null,
        communityId: tab.value === 'communities' ? (communities.selected.value?.id ?? null) : null,
      })),
    [],
  );

  useEffect(() => {
    const close = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) void transport.call('sidebar.close', undefined);
    };
    const leave = () => void note.flush();
    addEventListener('keydown', close);
    addEventListener('pagehide', leave);
    return () => {
      removeEventListener('keydown', close);
      removeEventListener('pagehide', leave);
      note.dispose();
      notes.dispose();
      groups.dispose();
      hosted.dispose();
      discovery.dispose();
      communities.dispose();
    };
  }, []);
  // A new page (single-page navigation) shows its own groups, not the group open before.
  useSignalEffect(() => {
    void context.value?.url;
    creating.value = false;
    joining.value = false;
    importing.value = false;
  });

  const ctx = context.value;
  const list = groups.list.value;
  const selected = groups.selectedGroup.value;
  const found = discovery.found.value;
  // A request approved since the lookup: the group is among the member's own by now.
  const mine = new Set([...(list.value?.forContext ?? []), ...(list.value?.others ?? [])].map((g) => g.id));

  return (
    <div class="sidebar">
      <header class="sidebar-head">
        <div class="spread">
          <h1>{ctx === undefined ? t('common.loading') : (ctx?.community ?? t('sidebar.noPage'))}</h1>
          <button type="button" class="icon-btn" aria-label={t('sidebar.close')} onClick={() => void transport.call('sidebar.close', undefined)}>
            ×
          </button>
        </div>
        {ctx && ctx.kind !== 'community' && ctx.title && ctx.title !== ctx.community ? <p class="muted context-title">{ctx.title}</p> : null}
      </header>
      <Tabs
        id="main"
        label={t('sidebar.sections')}
        tabs={[
          { key: 'groups', label: t('sidebar.groups') },
          { key: 'notes', label: t('sidebar.notes') },
          // After the two every member uses: most belong to no community.
          { key: 'communities', label: t('sidebar.communities') },
        ]}
        selected={tab.value}
        onSelect={(k) => (tab.value = k)}
      >
        {tab.value === 'communities' ? (
          <div class="stack pad">
            {Communities ? (
              <Communities
                {...communities.state.value}
                current={communities.current()}
                onSelect={(c) => (communities.selected.value = c ? { hub: c.hub, id: c.community.id } : null)}
                onRefresh={() => void communities.refresh()}
                list={communities.list}
                actionsFor={communities.actionsFor}
                onOpenGroup={(groupId) => {
                  groups.selected.value = groupId;
                  tab.value = 'groups';
                }}
                defaultHub={props.defaultHub}
                defaultName={props.displayName}
                version={communities.version.value}
              />
            ) : (
              <p class="muted">{t('common.loading')}</p>
            )}
          </div>
        ) : tab.value === 'notes' ? (
          <div class="stack pad">
            {ctx ? (
              <NoteEditor
                value={note.draft.value}
                status={note.status.value}
                error={note.error.value}
                loading={note.stored.value.status === 'loading'}
                onInput={note.input}
                onBlur={() => void note.flush()}
              />
            ) : null}
            <NoteBrowser
              query={notes.query.value}
              onQuery={(q) => (notes.query.value = q)}
              searching={notes.searching.value}
              results={notes.results.value}
              hasMore={notes.hasMore.value}
              onMore={notes.showMore}
              list={notes.list.value}
              currentUrl={ctx?.url}
              onDelete={(n) => void note.remove(n)}
              onOpenMessage={(hit) => {
                hosted.openThread(hit.groupId, hit.threadId);
                groups.selected.value = hit.groupId;
                tab.value = 'groups';
              }}
              choices={notes.choices.value.value}
              onShown={notes.showFilters}
              filters={{
                group: notes.group.value,
                author: notes.author.value,
                page: notes.page.value,
                onGroup: (id) => (notes.group.value = id),
                onAuthor: (id) => (notes.author.value = id),
                onPage: (url) => (notes.page.value = url),
              }}
            />
          </div>
        ) : (
          <div class="stack pad">
            {creating.value ? (
              <GroupForm
                defaultHub={props.defaultHub}
                defaultName={props.displayName}
                listable={ctx ? { page: ctx.kind !== 'community' } : null}
                onCancel={() => (creating.value = false)}
                onSubmit={async (d) => {
                  const r = await groups.create(d);
                  if (r.ok) creating.value = false;
                  return r.ok ? null : r.error;
                }}
              />
            ) : importing.value ? (
              <ImportArchive
                defaultHub={props.defaultHub}
                defaultName={props.displayName}
                onCancel={() => (importing.value = false)}
                onImport={async (input) => {
                  try {
                    const group = await transport.call('archive.import', input);
                    importing.value = false;
                    groups.selected.value = group.id;
                    return null;
                  } catch (e) {
                    return asNookError(e);
                  }
                }}
              />
            ) : joining.value ? (
              <div class="card stack">
                <h2>{t('groups.join')}</h2>
                <JoinForm
                  defaultName={props.displayName}
                  onJoin={async (link, name) => {
                    const r = await groups.join(link, name);
                    if (r.ok) joining.value = false;
                    return r.ok ? null : r.error;
                  }}
                />
                <button type="button" class="btn" onClick={() => (joining.value = false)}>
                  {t('common.cancel')}
                </button>
              </div>
            ) : groups.selected.value && selected.value ? (
              <GroupDetail
                key={selected.value.id}
                hosted={!!hosted.membership.value.value}
                canRename={!hosted.membership.value.value || hosted.role.value === 'owner'}
                group={selected.value}
                context={ctx ?? null}
                onBack={() => (groups.selected.value = null)}
                onUpdate={async (patch) => {
                  const r = await groups.update(selected.value!.id, patch);
                  return r.ok ? null : r.error;
                }}
                onLink={async (scope) => {
                  const r = await groups.link(selected.value!, scope);
                  return r.ok ? null : r.error;
                }}
                onUnlink={async (key) => {
                  const r = await groups.unlink(selected.value!, key);
                  return r.ok ? null : r.error;
                }}
                onDelete={() => void groups.remove(selected.value!)}
              >
                {hosted.membership.value.value && selected.value.hub && hosted.role.value === 'owner' ? (
                  <ListingSettings
                    key={`listing ${selected.value.id}`}
                    page={!!ctx && ctx.kind !== 'community'}
                    load={async () => {
                      const r = await groups.listing(selected.value!.id);
                      return r.ok ? r.value : r.error;
                    }}
                    onSave={async (listing) => {
                      const r = await groups.setListing(selected.value!.id, listing);
                      return r.ok ? null : r.error;
                    }}
                  />
                ) : null}
                {hosted.membership.value.value && selected.value.hub && hosted.role.value === 'owner' ? (
                  <ExportArchive
                    key={`archive ${selected.value.id}`}
                    onExport={async (format) => {
                      try {
                        return await transport.call('archive.export', { groupId: selected.value!.id, format });
                      } catch (e) {
                        return asNookError(e);
                      }
                    }}
                  />
                ) : null}
                {hosted.membership.value.value && selected.value.hub ? (
                  <HostedGroup
                    {...hosted.view()}
                    group={{ id: selected.value.id, name: selected.value.name, topic: selected.value.topic, hub: selected.value.hub }}
                    pageContext={ctx ? { title: ctx.title, url: ctx.url } : null}
                    opening={opening.value?.groupId === selected.value.id ? opening.value : null}
                    onCopy={copyText}
                    onLeave={async () => {
                      const err = await hosted.leave();
                      if (!err) groups.selected.value = null;
                      return err;
                    }}
                    showInvite
                  />
                ) : null}
              </GroupDetail>
            ) : (
              <>
                <div class="row">
                  <button type="button" class="btn primary" onClick={() => (creating.value = true)}>
                    {t('groups.newButton')}
                  </button>
                  <button type="button" class="btn" onClick={() => (joining.value = true)}>
                    {t('groups.join')}
                  </button>
                  <button type="button" class="btn" onClick={() => (importing.value = true)}>
                    {t('archive.import')}
                  </button>
                </div>
                <ErrorLine error={list.error} />
                {list.status === 'loading' ? (
                  <p class="muted">{t('common.loading')}</p>
                ) : (
                  <GroupList
                    forContext={list.value?.forContext ?? []}
                    others={list.value?.others ?? []}
                    community={ctx?.community ?? null}
                    onOpen={(g) => (groups.selected.value = g.id)}
                  />
                )}
                {discovery.setting.value === 'unset' ? <DiscoveryOffer onChoose={(on) => void discovery.choose(on)} /> : null}
                {discovery.setting.value === 'on' && ctx ? (
                  <GroupsHere
                    groups={found.groups.map((g) => (mine.has(g.groupId) ? { ...g, standing: 'member' as const } : g))}
                    loading={found.loading}
                    error={found.error}
                    defaultName={props.displayName}
                    onAsk={discovery.ask}
                    onReport={discovery.report}
                    onOpen={(g) => (groups.selected.value = g.groupId)}
                  />
                ) : null}
              </>
            )}
          </div>
        )}
      </Tabs>
      {ctx ? (
        <footer class="sidebar-foot">
          <button
            type="button"
            class="btn link"
            onClick={async () => {
              await transport.call('sidebar.hideLauncher', { hidden: true });
              toasts.show({
                message: t('sidebar.launcherHidden'),
                action: { label: t('common.undo'), run: () => void transport.call('sidebar.hideLauncher', { hidden: false }) },
              });
            }}
          >
            {t('sidebar.hideLauncher')}
          </button>
        </footer>
      ) : null}
      <ToastBar toast={toasts.current.value} onDismiss={toasts.dismiss} />
    </div>
  );
}
